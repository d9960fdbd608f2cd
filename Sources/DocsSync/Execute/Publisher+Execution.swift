import Foundation
import ProductiveAPI
import ProductiveFormat

/// Executing a plan: interrupted creates resolved by proof, creates parent-first, bodies (with
/// links) brought up to date, renames, moves and prunes; each change recorded in the manifest at
/// once. Nothing here decides what to do to a page: the plan does (see `Planner`).
extension Publisher {
    /// Publishes under the folder's lock: resolves interrupted creates, plans, then executes the
    /// plan, recording each change in the manifest at once.
    public func publish() async throws -> PublishReport {
        let lock = try await PublishLock.acquire(manifestPath: settings.manifestPath, timeout: settings.lockTimeout)
        defer { lock.release() }
        let loaded = try await loadCheckedManifest()
        let manifest = targeted(settings.retarget ? retargeted(loaded) : loaded)
        let store = ManifestStore(manifest, path: settings.manifestPath)
        let interrupted = try await proveInterruptedCreates(manifest)
        try await store.apply(interrupted.changes)
        try await store.apply(try await proveInterruptedUploads(await store.manifest))

        let remote = try await fetchRemote(await store.manifest)
        var planned = await store.manifest
        rekeyMovedFiles(&planned, remote: remote)
        reconcileWriteIntents(&planned, remote: remote)
        if planned != loaded { try await store.replace(planned) }
        let plan = await makePlan(manifest: planned, remote: remote, interrupted: interrupted.outcomes)
        try await checkNoExistingTree(plan, manifest: planned)
        report(.started(pages: plan.items.count))
        let results = ResultBook()
        let writes = WriteCounter()
        var ids = knownIDs(planned, remote: remote)
        let planByKey = Dictionary(uniqueKeysWithValues: plan.items.map { ($0.key, $0) })
        for item in plan.items where item.actions.contains(.blocked) || item.actions.contains(.foreign) {
            await finish(results, PageResult(key: item.key, title: item.title, pageID: item.pageID, outcome: .skipped, reason: item.detail))
            ids[item.key] = ids[item.key].flatMap { _ in item.actions.contains(.foreign) ? nil : item.pageID }
        }

        // 1. Adopt pages named by front matter, then create what is missing, parents first;
        //    siblings in order, different parents side by side.
        for item in plan.items where item.actions.contains(.adopt) {
            if let id = await adopt(item, remote: remote, store: store, results: results) { ids[item.key] = id }
        }
        let needsCreate = Set(plan.items.filter { $0.actions.contains(.create) || $0.actions.contains(.missingRemotely) }.map(\.key))
        let byDepth = Dictionary(grouping: workspace.pages.filter { needsCreate.contains($0.key) }) { Self.depth($0.key) }
        for depth in byDepth.keys.sorted() {
            let groups = Dictionary(grouping: byDepth[depth] ?? []) { $0.parentKey ?? "" }
            let snapshot = ids
            let created = await withTaskGroup(of: [(String, String)].self) { group in
                for (_, siblings) in groups {
                    group.addTask {
                        await self.createSiblings(siblings, ids: snapshot, planByKey: planByKey, store: store, writes: writes, results: results)
                    }
                }
                return await group.reduce(into: [(String, String)]()) { $0 += $1 }
            }
            for (key, id) in created { ids[key] = id }
        }

        // 2. Bring every body up to date, now that every page has an id (links included); a page
        //    changed in Productive since it was planned is decided again first.
        let bodyPlan = planByKey.merging(try await replanChanged(plan, manifest: planned)) { $1 }
        let links = plan.links.arrived(ids)
        await withTaskGroup(of: Void.self) { group in
            for page in workspace.pages {
                guard let id = links.ids[page.key], let item = bodyPlan[page.key] else { continue }
                if item.actions.contains(.blocked) || item.actions.contains(.foreign) { continue }
                group.addTask {
                    await self.update(page, id: id, item: item, links: links, store: store, writes: writes, results: results)
                }
            }
        }

        // 3. Prune orphans, only when nothing else failed.
        for orphan in plan.items where orphan.actions == [.orphan] {
            await prune(orphan, store: store, writes: writes, results: results)
        }
        try await store.compact()
        let all = await results.all
        let linkFindings = await results.linkFindings.sorted()
        let order = Dictionary(uniqueKeysWithValues: plan.items.enumerated().map { ($1.key, $0) })
        return PublishReport(
            results: all.sorted { (order[$0.key] ?? .max, $0.key) < (order[$1.key] ?? .max, $1.key) }, writes: await writes.count,
            uploads: await writes.uploads, attachmentDeletions: await writes.deletions,
            linkFindings: linkFindings, findings: plan.findings,
            heldBack: plan.heldBack, unreachable: await results.unreachable,
            notPublished: Set(workspace.pages.map(\.key))
        )
    }

    /// The manifest, checked against the target (`--root-page` must exist): the first step of a run
    /// that writes, under the folder's lock.
    func loadCheckedManifest() async throws -> Manifest {
        let loaded = try loadManifest()
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

    /// Takes over the page a new file names in its front matter (checked by the plan).
    private func adopt(_ item: PlanItem, remote: RemoteState, store: ManifestStore, results: ResultBook) async -> String? {
        guard let id = item.pageID, let current = remote.pages[id] else { return nil }
        do {
            try await store.set(item.key, Manifest.Entry(pageID: id, parentID: current.parentPageID, title: current.title, hash: "", format: .markdown, versionNumber: current.versionNumber))
            await results.record(PageResult(key: item.key, title: item.title, pageID: id, outcome: .updated, reason: "adopted page \(id) (front matter page_id)"))
            return id
        } catch {
            await finish(results, PageResult(key: item.key, title: item.title, pageID: id, outcome: .failed, reason: ErrorText.clean(error)), cause: error)
            return nil
        }
    }

    /// Creates sibling pages one after another under their (common) parent. The parent's children
    /// are listed first: those ids, with every id the manifest owns, are never taken for a page a
    /// lost create answer made.
    private func createSiblings(_ siblings: [SourcePage], ids: [String: String], planByKey: [String: PlanItem], store: ManifestStore, writes: WriteCounter, results: ResultBook) async -> [(String, String)] {
        var made: [(String, String)] = []
        var seen: [Page]?
        for page in siblings {
            guard let target = await location(of: page, ids: ids, store: store, results: results) else { continue }
            if seen == nil {
                do {
                    seen = try await client.listPages(target.filter, fields: ["title", "parent_page_id"])
                } catch {
                    await finish(results, PageResult(key: page.key, title: page.title, pageID: nil, outcome: .failed, reason: ErrorText.clean(error)), cause: error)
                    continue
                }
            }
            let missing = planByKey[page.key]?.actions == [.missingRemotely]
            if let id = await create(page, planned: planByKey[page.key]?.rendered, at: target, seen: seen ?? [], ids: ids, store: store, writes: writes, results: results, missing: missing) {
                made.append((page.key, id))
            }
        }
        return made
    }

    /// Where a new page goes, and how to list its future siblings.
    private struct Target {
        var location: ProductiveClient.Location
        var parentID: String?
        var filter: ProductiveClient.Filter
    }

    private func location(of page: SourcePage, ids: [String: String], store: ManifestStore, results: ResultBook) async -> Target? {
        let manifest = await store.manifest
        if let parentKey = page.parentKey {
            guard let parent = ids[parentKey] else {
                await finish(results, PageResult(key: page.key, title: page.title, pageID: nil, outcome: .failed, reason: "its parent page is not published (see the result of \(parentKey))"))
                return nil
            }
            let root = await rootID(of: parent, store: store) ?? parent
            return Target(location: .under(parent: parent, root: root), parentID: parent, filter: .init(parentPageIDs: [parent]))
        }
        if let rootPage = settings.config.rootPageID ?? manifest.rootPageID {
            let root = (try? await client.page(rootPage).rootPageID) ?? nil
            return Target(location: .under(parent: rootPage, root: root ?? rootPage), parentID: rootPage, filter: .init(parentPageIDs: [rootPage]))
        }
        if let project = settings.config.projectID ?? manifest.projectID {
            return Target(location: .project(project), parentID: nil, filter: .init(projectID: project))
        }
        await finish(results, PageResult(key: page.key, title: page.title, pageID: nil, outcome: .failed, reason: "no project or root page"))
        return nil
    }

    private func create(_ page: SourcePage, planned: RenderedPage?, at target: Target, seen: [Page], ids: [String: String], store: ManifestStore, writes: WriteCounter, results: ResultBook, missing: Bool) async -> String? {
        // Created with Markdown (the only create there is): the plan's payload when it is Markdown,
        // else the Markdown form; the final body, links and HTML included, follows.
        let provisional = planned.flatMap { $0.format == .markdown ? $0 : nil } ?? renderer.render(page, ids: ids, format: .markdown)
        let siblings = target.parentID == nil ? seen.filter { $0.parentPageID == nil } : seen
        let sameTitle = siblings.filter { $0.title == page.title }.map(\.id).sorted()
        do {
            let intent = Manifest.Intent(title: page.title, parentID: target.parentID, projectID: target.parentID == nil ? settings.config.projectID : nil, existing: sameTitle)
            try await store.apply([.pending(page.key, intent)])
            let excluding = Set(await store.manifest.pages.values.map(\.pageID))
            let created = try await client.createPage(
                title: page.title, markdown: provisional.payload, in: target.location, excluding: excluding, listedBefore: Set(seen.map(\.id))
            )
            await writes.add()
            // A created body that did not land as sent is recorded so, and sent again by `update`.
            let landing = WriteVerification.replace(sent: provisional.sent, answer: created.body)
            var entry = Manifest.Entry(pageID: created.id, parentID: target.parentID, title: page.title, hash: provisional.hash, format: .markdown, versionNumber: created.versionNumber)
            entry.record(landing, sentHash: provisional.hash)
            try await store.apply([.pending(page.key, nil), .page(page.key, entry)])
            var reasons = missing ? ["was deleted in Productive: created again"] : []
            if case .differs(let difference) = landing { reasons.append("the created body \(difference); sent again") }
            await finish(results, PageResult(
                key: page.key, title: page.title, pageID: created.id, outcome: .created,
                reason: reasons.isEmpty ? nil : reasons.joined(separator: "; "), verification: .init(landing)
            ), report: false)
            return created.id
        } catch {
            await finish(results, PageResult(key: page.key, title: page.title, pageID: nil, outcome: .failed, reason: "not created: \(ErrorText.clean(error)); nothing was overwritten"), cause: error)
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

    private func update(_ page: SourcePage, id: String, item: PlanItem, links: LinkTargets, store: ManifestStore, writes: WriteCounter, results: ResultBook) async {
        let earlier = await results.outcome(of: page.key)
        let createdNow = earlier == .created
        let adopted = item.actions.contains(.adopt)
        guard var entry = await store.manifest.pages[page.key] else { return }
        if earlier == .failed { return }
        var outcome: PageResult.Outcome = createdNow ? .created : (adopted ? .updated : .unchanged)
        var reasons: [String] = [await results.reason(of: page.key)].compactMap { $0 }.filter { _ in createdNow || adopted }
        var verification = createdNow ? await results.verification(of: page.key) : nil
        var notLanded: LandingDifference?
        do {
            // The plan's payload, unless a link waited for a page this run created.
            var rendered = item.rendered.flatMap { $0.hasPendingLinks ? nil : $0 } ?? renderer.render(page, links: links, attachments: entry.attachments)
            for finding in rendered.linkFindings {
                await results.recordLinkFinding("\(page.file ?? page.key):\(finding.position.line):\(finding.position.column): \(finding.severity.rawValue): \(finding.message) [\(finding.ruleID)]")
            }
            let conflicted = !createdNow && !adopted && item.actions.contains(.conflict)
            if conflicted && settings.onConflict != .overwrite {
                let detail = item.detail ?? "edited in Productive"
                await finish(results, PageResult(key: page.key, title: page.title, pageID: id, outcome: settings.onConflict == .fail ? .failed : .skipped, reason: "conflict: \(detail); use --on-conflict overwrite (or --force) to replace it"))
                return
            }
            if !rendered.uploads.isEmpty {
                // The files first, then the body that points at them.
                let uploaded = try await upload(rendered.uploads, of: page, pageID: id, store: store, writes: writes)
                entry = await store.manifest.pages[page.key] ?? entry
                rendered = renderer.render(page, links: links, attachments: entry.attachments)
                reasons.append("uploaded " + uploaded.joined(separator: ", "))
                if !createdNow { outcome = .updated }
            }
            let writesBody = rendered.hash != entry.sentHash
            // Attachments the body no longer shows go only once a body is known to have landed.
            var bodyLanded = !writesBody && Self.bodyIsSettled(item)
            if writesBody {
                let from = createdNow ? entry.versionNumber : (item.expectedVersion ?? entry.versionNumber)
                let landing = try await replaceBody(
                    of: page.key, with: rendered, id: id, from: from, store: store, writes: writes, attachmentURLs: entry.attachments.values.map(\.url)
                )
                verification = .init(landing)
                switch landing {
                case .differs(let difference): notLanded = difference
                case .accepted(let difference):
                    reasons.append(difference.acceptedWarning)
                    bodyLanded = true
                case .verified: bodyLanded = true
                case .notVerified: break
                }
                if !createdNow { outcome = .updated }
                if conflicted { reasons.append("overwrote edits made in Productive") }
                if !createdNow, let linkReason = item.rendered?.linkReason { reasons.append(linkReason) }
            }
            let recordedTitle = await store.manifest.pages[page.key]?.title ?? page.title
            if !createdNow, item.actions.contains(.rename) || (adopted && recordedTitle != page.title) {
                _ = try await client.rename(id, to: page.title)
                await writes.add()
                try await store.set(page.key, (await store.manifest.pages[page.key]).map { var entry = $0; entry.title = page.title; return entry })
                outcome = .updated
                reasons.append("renamed")
            }
            let parent = expectedParent(of: page, ids: links.ids)
            let recordedParent = await store.manifest.pages[page.key]?.parentID
            let shouldMove = item.actions.contains(.move) || (adopted && parent != nil && parent != recordedParent)
            if !createdNow, shouldMove, let parent {
                _ = try await client.move(id, to: parent)
                await writes.add()
                try await store.set(page.key, (await store.manifest.pages[page.key]).map { var entry = $0; entry.parentID = parent; return entry })
                outcome = .updated
                reasons.append("moved")
            }
            if createdNow, entry.title != page.title {
                try await store.set(page.key, (await store.manifest.pages[page.key]).map { var entry = $0; entry.title = page.title; return entry })
            }
            if outcome == .unchanged, item.actions.contains(.drift) { reasons.append("drift: \(item.detail ?? "edited in Productive"); nothing written") }
            if let notLanded {
                // The write was answered, but the page holds something else: the page failed.
                outcome = .failed
                reasons.insert(notLanded.description, at: 0)
            } else if bodyLanded {
                let deleted = try await deleteStaleAttachments(of: page, pageID: id, rendered: rendered, store: store, writes: writes)
                if !deleted.isEmpty {
                    reasons.append("deleted attachment " + deleted.map { "\($0.attachmentID) (\($0.path))" }.joined(separator: ", "))
                    if outcome == .unchanged { outcome = .updated }
                }
            }
            var result = PageResult(key: page.key, title: page.title, pageID: id, outcome: outcome, reason: reasons.isEmpty ? nil : reasons.joined(separator: "; "), verification: verification)
            if outcome == .created || outcome == .updated { await makeRestorePoint(&result, writes: writes) }
            await finish(results, result)
        } catch {
            if let error = error as? ProductiveAPIError, let status = error.status, (400..<500).contains(status), status != 408, status != 429 {
                // Refused: the write did not land, so its intent is void.
                if var entry = await store.manifest.pages[page.key], entry.writeIntent != nil {
                    entry.writeIntent = nil
                    try? await store.set(page.key, entry)
                }
            }
            await finish(results, PageResult(key: page.key, title: page.title, pageID: id, outcome: .failed, reason: ErrorText.clean(error)), cause: error)
        }
    }

    /// `--snapshot NAME`: a named page version of a page this run changed, so the change can be rolled
    /// back in Productive. A failure is recorded on the result; the change stands.
    private func makeRestorePoint(_ result: inout PageResult, writes: WriteCounter) async {
        guard let name = settings.snapshot, let id = result.pageID else { return }
        do {
            let version = try await client.createPageVersion(of: id, name: name)
            await writes.add()
            result.restorePointID = version.id
        } catch {
            result.restorePointError = ErrorText.clean(error)
            result.reason = (result.reason.map { $0 + "; " } ?? "") + "restore point \"\(name)\" not made: \(ErrorText.clean(error))"
        }
    }

    /// Deletes the page of a file that is gone. The plan only marks pages proven to be in this
    /// tree as orphans; a page with a subpage the manifest does not own is kept.
    private func prune(_ orphan: PlanItem, store: ManifestStore, writes: WriteCounter, results: ResultBook) async {
        guard settings.prune, let id = orphan.pageID else {
            await finish(results, PageResult(key: orphan.key, title: orphan.title, pageID: orphan.pageID, outcome: .skipped, reason: "orphan: the file is gone; --prune deletes the page"))
            return
        }
        if await results.all.contains(where: { $0.outcome == .failed }) {
            await finish(results, PageResult(key: orphan.key, title: orphan.title, pageID: id, outcome: .skipped, reason: "orphan not deleted: something else failed in this run"))
            return
        }
        if orphan.key == "." || id == settings.config.rootPageID {
            await finish(results, PageResult(key: orphan.key, title: orphan.title, pageID: id, outcome: .skipped, reason: "the tree's top page is never pruned"))
            return
        }
        do {
            let owned = Set(await store.manifest.pages.values.map(\.pageID))
            let children = try await client.listPages(.init(parentPageIDs: [id]), fields: ["title"])
            if let foreign = children.first(where: { !owned.contains($0.id) }) {
                await finish(results, PageResult(key: orphan.key, title: orphan.title, pageID: id, outcome: .skipped, reason: "orphan not deleted: it has a subpage this folder does not own (\"\(Printable.escaped(foreign.title))\", \(foreign.id))"))
                return
            }
            try await client.delete(id)
            await writes.add()
            try await store.set(orphan.key, nil)
            await finish(results, PageResult(key: orphan.key, title: orphan.title, pageID: id, outcome: .deleted, reason: "orphan: the file is gone"))
        } catch {
            await finish(results, PageResult(key: orphan.key, title: orphan.title, pageID: id, outcome: .failed, reason: ErrorText.clean(error)), cause: error)
        }
    }

    /// Records `result`; `cause`, the error that failed it, is kept when it says Productive could not
    /// be reached (the command line exits 2 for that, whatever else happened).
    private func finish(_ results: ResultBook, _ result: PageResult, cause: (any Error)? = nil, report shouldReport: Bool = true) async {
        await results.record(result)
        if let cause = cause as? ProductiveAPIError, cause.isEnvironmentFailure { await results.noteUnreachable(cause.hint) }
        if shouldReport { report(.finished(result)) }
    }
}
