import Foundation
import ProductiveAPI
import ProductiveFormat

/// Executing a publish: interrupted creates resolved, creates parent-first, bodies (with links)
/// brought up to date, renames, moves and prunes; each change recorded in the manifest at once.
extension Publisher {
    /// Publishes: resolves interrupted creates, then creates, updates, renames, moves and (with
    /// `prune`) deletes, recording each change in the manifest at once.
    public func publish() async throws -> PublishReport {
        let loaded = try Manifest.load(settings.manifestPath)
        try checkTarget(loaded)
        var manifest = loaded
        manifest.projectID = manifest.projectID ?? settings.config.projectID
        manifest.rootPageID = manifest.rootPageID ?? settings.config.rootPageID
        rekeyMovedFiles(&manifest)
        let store = ManifestStore(manifest, path: settings.manifestPath)
        if manifest != loaded { try await store.update { _ in } }
        let writes = WriteCounter()
        try await resolveIntents(store)

        let remote = try await fetchRemote(await store.manifest)
        let plan = makePlan(manifest: await store.manifest, remote: remote)
        report(.started(pages: plan.items.count))
        let results = ResultBook()
        var ids = knownIDs(await store.manifest, remote: remote)
        let planByKey = Dictionary(uniqueKeysWithValues: plan.items.map { ($0.key, $0) })

        // 1. Create what is missing, parents first; siblings in order, different parents side by side.
        let needsCreate = Set(plan.items.filter { $0.actions.contains(.create) || $0.actions.contains(.missingRemotely) }.map(\.key))
        let depthOf = Dictionary(uniqueKeysWithValues: workspace.pages.map { ($0.key, $0.key == "." ? 0 : $0.key.split(separator: "/").count) })
        let byDepth = Dictionary(grouping: workspace.pages.filter { needsCreate.contains($0.key) }) { depthOf[$0.key] ?? 0 }
        for depth in byDepth.keys.sorted() {
            let groups = Dictionary(grouping: byDepth[depth] ?? []) { $0.parentKey ?? "" }
            let snapshot = ids
            let created = await withTaskGroup(of: [(String, String)].self) { group in
                for (_, siblings) in groups {
                    group.addTask {
                        var made: [(String, String)] = []
                        for page in siblings {
                            if let id = await self.create(page, ids: snapshot, store: store, writes: writes, results: results, missing: planByKey[page.key]?.actions == [.missingRemotely]) {
                                made.append((page.key, id))
                            }
                        }
                        return made
                    }
                }
                return await group.reduce(into: [(String, String)]()) { $0 += $1 }
            }
            for (key, id) in created { ids[key] = id }
        }

        // 2. Bring every body up to date, now that every page has an id (links included).
        let finalIDs = ids
        await withTaskGroup(of: Void.self) { group in
            for page in workspace.pages {
                guard let id = finalIDs[page.key], let item = planByKey[page.key] else { continue }
                group.addTask {
                    await self.update(page, id: id, item: item, ids: finalIDs, remote: remote, store: store, writes: writes, results: results)
                }
            }
        }

        // 3. Prune orphans, only when nothing else failed.
        let orphans = plan.items.filter { $0.actions == [.orphan] }
        for orphan in orphans {
            await prune(orphan, store: store, writes: writes, results: results)
        }
        let all = await results.all
        let linkFindings = await results.linkFindings.sorted()
        let order = Dictionary(uniqueKeysWithValues: plan.items.enumerated().map { ($1.key, $0) })
        return PublishReport(
            results: all.sorted { (order[$0.key] ?? .max, $0.key) < (order[$1.key] ?? .max, $1.key) }, writes: await writes.count,
            linkFindings: linkFindings
        )
    }

    /// Interrupted creates from an earlier run: adopt the page if it landed, else forget the intent.
    private func resolveIntents(_ store: ManifestStore) async throws {
        for (key, intent) in await store.manifest.pending.sorted(by: { $0.key < $1.key }) {
            let filter: ProductiveClient.Filter = intent.parentID.map { .init(parentPageIDs: [$0]) } ?? .init(projectID: intent.projectID)
            let candidates = try await client.listPages(filter, fields: ["title", "parent_page_id", "version_number"])
                .filter { $0.title == intent.title && $0.parentPageID == intent.parentID }
            let owned = Set(await store.manifest.pages.values.map(\.pageID))
            let found = candidates.filter { !owned.contains($0.id) }.max { (Int($0.id) ?? 0) < (Int($1.id) ?? 0) }
            try await store.update { manifest in
                manifest.pending[key] = nil
                if let found {
                    // The body is unknown: an empty hash makes the next step send it again.
                    manifest.pages[key] = Manifest.Entry(pageID: found.id, parentID: intent.parentID, title: intent.title, hash: "", format: .markdown, versionNumber: found.versionNumber)
                }
            }
        }
    }

    private func create(_ page: SourcePage, ids: [String: String], store: ManifestStore, writes: WriteCounter, results: ResultBook, missing: Bool) async -> String? {
        let location: ProductiveClient.Location
        let parentID: String?
        let manifest = await store.manifest
        if let parentKey = page.parentKey {
            guard let parent = ids[parentKey] else {
                await finish(results, PageResult(key: page.key, title: page.title, pageID: nil, outcome: .failed, reason: "its parent page could not be created"))
                return nil
            }
            let root = await rootID(of: parent, store: store) ?? parent
            location = .under(parent: parent, root: root)
            parentID = parent
        } else if let rootPage = settings.config.rootPageID ?? manifest.rootPageID {
            let root = (try? await client.page(rootPage).rootPageID) ?? nil
            location = .under(parent: rootPage, root: root ?? rootPage)
            parentID = rootPage
        } else if let project = settings.config.projectID ?? manifest.projectID {
            location = .project(project)
            parentID = nil
        } else {
            await finish(results, PageResult(key: page.key, title: page.title, pageID: nil, outcome: .failed, reason: "no project or root page"))
            return nil
        }
        // Created with Markdown (the only create there is); the final body, links and HTML included, follows.
        let provisional = renderer.render(page, ids: ids, format: .markdown)
        do {
            try await store.update { $0.pending[page.key] = Manifest.Intent(title: page.title, parentID: parentID, projectID: settings.config.projectID) }
            let created = try await client.createPage(title: page.title, markdown: provisional.payload, in: location)
            await writes.add()
            try await store.update { manifest in
                manifest.pending[page.key] = nil
                manifest.pages[page.key] = Manifest.Entry(pageID: created.id, parentID: parentID, title: page.title, hash: provisional.hash, format: .markdown, versionNumber: created.versionNumber)
            }
            await finish(results, PageResult(key: page.key, title: page.title, pageID: created.id, outcome: .created, reason: missing ? "was deleted in Productive: created again" : nil), report: false)
            return created.id
        } catch {
            await finish(results, PageResult(key: page.key, title: page.title, pageID: nil, outcome: .failed, reason: "\(error)"))
            return nil
        }
    }

    private func rootID(of pageID: String, store: ManifestStore) async -> String? {
        let manifest = await store.manifest
        // The root of a page we created: follow parents up the manifest to the top.
        var current = pageID
        var seen: Set<String> = []
        while seen.insert(current).inserted, let entry = manifest.pages.values.first(where: { $0.pageID == current }) {
            guard let parent = entry.parentID else { return current }
            current = parent
        }
        if let root = try? await client.page(current) { return root.rootPageID ?? root.id }
        return nil
    }

    private func update(_ page: SourcePage, id: String, item: PlanItem, ids: [String: String], remote: RemoteState, store: ManifestStore, writes: WriteCounter, results: ResultBook) async {
        let createdNow = await results.outcome(of: page.key) == .created
        guard let entry = await store.manifest.pages[page.key] else { return }
        if await results.outcome(of: page.key) == .failed { return }
        var outcome: PageResult.Outcome = createdNow ? .created : .unchanged
        var reason = createdNow ? await results.reason(of: page.key) : nil
        do {
            let rendered = renderer.render(page, ids: ids)
            for finding in rendered.findings where finding.ruleID == RuleCatalog.unpublishedLink.id {
                await results.recordLinkFinding("\(page.file ?? page.key):\(finding.position.line):\(finding.position.column): \(finding.severity.rawValue): \(finding.message) [\(finding.ruleID)]")
            }
            if rendered.hash != entry.hash {
                let current = remote.pages[id]
                let drifted = !createdNow && current != nil && current?.versionNumber != entry.versionNumber && item.actions.contains(.conflict)
                if drifted && settings.onConflict != .overwrite {
                    let detail = item.detail ?? "edited in Productive"
                    await finish(results, PageResult(key: page.key, title: page.title, pageID: id, outcome: settings.onConflict == .fail ? .failed : .skipped, reason: "conflict: \(detail); use --on-conflict overwrite (or --force) to replace it"))
                    return
                }
                let kind: ProductiveClient.BodyWrite = rendered.format == .html ? .replaceWithHTML : .replaceWithMarkdown
                let known: ProductiveClient.KnownVersion = drifted ? .known(current?.versionNumber) : .known(entry.versionNumber)
                let written = try await client.write(kind, rendered.payload, to: id, currentVersion: known)
                await writes.add()
                try await store.update { manifest in
                    manifest.pages[page.key]?.hash = rendered.hash
                    manifest.pages[page.key]?.format = rendered.format
                    manifest.pages[page.key]?.versionNumber = written.versionNumber
                }
                if !createdNow { outcome = .updated }
                if drifted { reason = "overwrote edits made in Productive" }
            }
            if !createdNow, item.actions.contains(.rename) {
                _ = try await client.rename(id, to: page.title)
                await writes.add()
                try await store.update { $0.pages[page.key]?.title = page.title }
                outcome = .updated
                reason = [reason, "renamed"].compactMap { $0 }.joined(separator: "; ")
            }
            if !createdNow, item.actions.contains(.move), let parent = expectedParent(of: page, ids: ids) {
                _ = try await client.move(id, to: parent)
                await writes.add()
                try await store.update { $0.pages[page.key]?.parentID = parent }
                outcome = .updated
                reason = [reason, "moved"].compactMap { $0 }.joined(separator: "; ")
            }
            if createdNow, entry.title != page.title { await store.updateTitleOnly(page.key, title: page.title) }
            await finish(results, PageResult(key: page.key, title: page.title, pageID: id, outcome: outcome, reason: reason))
        } catch {
            await finish(results, PageResult(key: page.key, title: page.title, pageID: id, outcome: .failed, reason: "\(error)"))
        }
    }

    private func prune(_ orphan: PlanItem, store: ManifestStore, writes: WriteCounter, results: ResultBook) async {
        guard settings.prune, let id = orphan.pageID else {
            await finish(results, PageResult(key: orphan.key, title: orphan.title, pageID: orphan.pageID, outcome: .skipped, reason: "orphan: the file is gone; --prune deletes the page"))
            return
        }
        if await results.all.contains(where: { $0.outcome == .failed }) {
            await finish(results, PageResult(key: orphan.key, title: orphan.title, pageID: id, outcome: .skipped, reason: "orphan not deleted: something else failed in this run"))
            return
        }
        do {
            let owned = Set(await store.manifest.pages.values.map(\.pageID))
            let children = try await client.listPages(.init(parentPageIDs: [id]), fields: ["title"])
            if let foreign = children.first(where: { !owned.contains($0.id) }) {
                await finish(results, PageResult(key: orphan.key, title: orphan.title, pageID: id, outcome: .skipped, reason: "orphan not deleted: it has a subpage this folder does not own (\"\(foreign.title)\", \(foreign.id))"))
                return
            }
            try await client.delete(id)
            await writes.add()
            try await store.update { $0.pages[orphan.key] = nil }
            await finish(results, PageResult(key: orphan.key, title: orphan.title, pageID: id, outcome: .deleted, reason: "orphan: the file is gone"))
        } catch {
            await finish(results, PageResult(key: orphan.key, title: orphan.title, pageID: id, outcome: .failed, reason: "\(error)"))
        }
    }

    private func finish(_ results: ResultBook, _ result: PageResult, report shouldReport: Bool = true) async {
        await results.record(result)
        if shouldReport { report(.finished(result)) }
    }
}
