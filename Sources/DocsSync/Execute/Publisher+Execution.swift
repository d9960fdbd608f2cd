import Foundation
import ProductiveAPI
import ProductiveFormat

/// Executing a plan: each item's operations run, parents first, under the client's limiter, and
/// each change is recorded in the manifest at once. Nothing here decides what to do to a page: the
/// plan does (`Decision`), and a page that changed while the run went on is decided again there
/// (`replanChanged`).
extension Publisher {
    /// What one run shares while it executes: the manifest's store, the write count, the results.
    struct Run: Sendable {
        let store: ManifestStore
        let writes = WriteCounter()
        let results = ResultBook()
    }

    /// Publishes under the folder's lock: the same setup and plan as `plan` (each proof's change
    /// recorded), then the plan's operations.
    public func publish() async throws -> PublishReport {
        let lock = try await PublishLock.acquire(manifestPath: settings.manifestPath, timeout: settings.lockTimeout) { report(.warning($0)) }
        defer { lock.release() }
        let loaded = try await loadCheckedManifest()
        let prepared = try await prepare(loaded, recording: true)
        let plan = prepared.plan
        let run = Run(store: prepared.store ?? ManifestStore(prepared.manifest, path: settings.manifestPath))
        report(.started(pages: plan.items.count))
        var ids = knownIDs(prepared.manifest, remote: plan.remote)
        for item in plan.items where item.actions.contains(.blocked) || item.actions.contains(.foreign) {
            await finish(run.results, PageResult(key: item.key, title: item.title, pageID: item.pageID, outcome: .skipped, reason: item.detail))
            ids[item.key] = ids[item.key].flatMap { _ in item.actions.contains(.foreign) ? nil : item.pageID }
        }
        // 1. Adopt pages named by front matter, then create what is missing, parents first.
        let started = await adoptAndCreate(plan, ids: &ids, run: run)
        // 2. Bring every body up to date, now that every page has an id (links included); a page
        //    changed in Productive since it was planned is decided again first.
        let items = Dictionary(uniqueKeysWithValues: plan.items.map { ($0.key, $0) }).merging(try await replanChanged(plan, manifest: prepared.manifest)) { $1 }
        let links = plan.links.arrived(ids)
        await withTaskGroup(of: Void.self) { group in
            for page in workspace.pages {
                guard let id = links.ids[page.key], let item = items[page.key] else { continue }
                if item.actions.contains(.blocked) || item.actions.contains(.foreign) { continue }
                group.addTask { await self.runOperations(page, id: id, item: item, started: started[page.key], links: links, run: run) }
            }
        }
        // 3. Put children in the files' order where the plan moves some, and record where they come.
        await placeChildren(plan, links: links, run: run)
        // 4. Give the access `sharing:` asks for, now that every page exists.
        await applySharing(plan, ids: links.ids, run: run)
        await recordMentions(plan, run: run)
        // 5. Prune orphans, only when nothing else failed.
        for orphan in plan.items where orphan.actions == [.orphan] {
            await prune(orphan, run: run)
        }
        try await run.store.compact()
        return await publishReport(plan, run: run)
    }

    /// The results of the run in the plan's order, with its counts and findings.
    private func publishReport(_ plan: Plan, run: Run) async -> PublishReport {
        let all = await run.results.all
        let order = Dictionary(uniqueKeysWithValues: plan.items.enumerated().map { ($1.key, $0) })
        var report = PublishReport(
            results: all.sorted { (order[$0.key] ?? .max, $0.key) < (order[$1.key] ?? .max, $1.key) }, writes: await run.writes.count,
            uploads: await run.writes.uploads, attachmentDeletions: await run.writes.deletions,
            linkFindings: await run.results.linkFindings.sorted(), findings: plan.findings,
            heldBack: plan.heldBack, unreachable: await run.results.unreachable,
            notPublished: Set(workspace.pages.map(\.key))
        )
        report.membershipChanges = await run.writes.memberships
        report.sharingFailures = await run.results.sharingFailures
        return report
    }

    /// The manifest, checked against the target (`--root-page` must exist): the first step of a run.
    func loadCheckedManifest() async throws -> Manifest {
        let loaded = try await loadManifest()
        try checkTarget(loaded)
        try await checkRootPageExists()
        return loaded
    }

    /// `manifest` with the settings' target where it records none.
    func targeted(_ manifest: Manifest) -> Manifest {
        var manifest = manifest
        manifest.projectID = manifest.projectID ?? settings.config.projectID
        manifest.rootPageID = manifest.rootPageID ?? settings.config.rootPageID
        return manifest
    }

    /// Records `result`; `cause`, the error that failed it, is kept when it says Productive could not
    /// be reached (the command line exits 2 for that, whatever else happened).
    func finish(_ results: ResultBook, _ result: PageResult, cause: (any Error)? = nil, report shouldReport: Bool = true) async {
        await results.record(result)
        if let cause = cause as? ProductiveAPIError, cause.isEnvironmentFailure { await results.noteUnreachable(cause.hint) }
        if shouldReport { report(.finished(result)) }
    }
}
