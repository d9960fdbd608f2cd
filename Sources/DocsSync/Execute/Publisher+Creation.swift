import Foundation
import ProductiveAPI
import ProductiveFormat

/// The first operations of a run: pages taken over by front matter (`adopt`), then the pages to
/// create (`create`), parents first; siblings one after another, different parents side by side.
/// Each returns the page's result so far, which the page's later operations carry on.
extension Publisher {
    /// Runs the `adopt` and `create` operations of `plan`, giving each page made its id in `ids`.
    /// Returns the result so far of each page adopted or created.
    func adoptAndCreate(_ plan: Plan, ids: inout [String: String], run: Run) async -> [String: PageResult] {
        var started: [String: PageResult] = [:]
        for item in plan.items {
            guard case .adopt(let id)? = item.operations.first(where: { if case .adopt = $0 { return true } else { return false } }),
                  let result = await adopt(item, pageID: id, current: plan.remote.pages[id], run: run) else { continue }
            ids[item.key] = id
            started[item.key] = result
        }
        let planByKey = Dictionary(uniqueKeysWithValues: plan.items.map { ($0.key, $0) })
        let needsCreate = Set(plan.items.filter { $0.operations.contains { if case .create = $0 { return true } else { return false } } }.map(\.key))
        let byDepth = Dictionary(grouping: workspace.pages.filter { needsCreate.contains($0.key) }) { Self.depth($0.key) }
        for depth in byDepth.keys.sorted() {
            let groups = Dictionary(grouping: byDepth[depth] ?? []) { $0.parentKey ?? "" }
            let snapshot = ids
            let created = await withTaskGroup(of: [PageResult].self) { group in
                for (_, siblings) in groups {
                    group.addTask { await self.createSiblings(siblings, ids: snapshot, planByKey: planByKey, run: run) }
                }
                return await group.reduce(into: [PageResult]()) { $0 += $1 }
            }
            for result in created {
                ids[result.key] = result.pageID
                started[result.key] = result
            }
        }
        return started
    }

    /// Takes over the page a new file names in its front matter (checked by the plan).
    private func adopt(_ item: PlanItem, pageID id: String, current: Page?, run: Run) async -> PageResult? {
        guard let current else { return nil }
        do {
            try await run.store.set(item.key, Manifest.Entry(pageID: id, parentID: current.parentPageID, title: current.title, hash: "", format: .markdown, versionNumber: current.versionNumber))
            let result = PageResult(key: item.key, title: item.title, pageID: id, outcome: .updated, reason: "adopted page \(id) (front matter page_id)")
            await run.results.record(result)
            return result
        } catch {
            await finish(run.results, PageResult(key: item.key, title: item.title, pageID: id, outcome: .failed, reason: ErrorText.clean(error)), cause: error)
            return nil
        }
    }

    /// Creates sibling pages one after another under their (common) parent. The parent's children
    /// are listed first: those ids, with every id the manifest owns, are never taken for a page a
    /// lost create answer made.
    private func createSiblings(_ siblings: [SourcePage], ids: [String: String], planByKey: [String: PlanItem], run: Run) async -> [PageResult] {
        var made: [PageResult] = []
        var seen: [Page]?
        for page in siblings {
            guard let target = await location(of: page, ids: ids, run: run) else { continue }
            if seen == nil {
                do {
                    seen = try await client.listPages(target.filter, fields: ["title", "parent_page_id"])
                } catch {
                    await finish(run.results, PageResult(key: page.key, title: page.title, pageID: nil, outcome: .failed, reason: ErrorText.clean(error)), cause: error)
                    continue
                }
            }
            let missing = planByKey[page.key]?.actions == [.missingRemotely]
            let position = planByKey[page.key]?.operations.lazy.compactMap { operation -> Int? in
                if case .create(_, let position) = operation { return position }
                return nil
            }.first
            let spot = Spot(target: target, seen: seen ?? [], position: position)
            if let result = await create(page, planned: planByKey[page.key]?.rendered, at: spot, ids: ids, run: run, missing: missing) {
                made.append(result)
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

    private func location(of page: SourcePage, ids: [String: String], run: Run) async -> Target? {
        let manifest = await run.store.manifest
        if let parentKey = page.parentKey {
            guard let parent = ids[parentKey] else {
                await finish(run.results, PageResult(key: page.key, title: page.title, pageID: nil, outcome: .failed, reason: "its parent page is not published (see the result of \(parentKey))"))
                return nil
            }
            let root = await rootID(of: parent, store: run.store) ?? parent
            return Target(location: .under(parent: parent, root: root), parentID: parent, filter: .init(parentPageIDs: [parent]))
        }
        if let rootPage = settings.config.rootPageID ?? manifest.rootPageID {
            let root = (try? await client.page(rootPage).rootPageID) ?? nil
            return Target(location: .under(parent: rootPage, root: root ?? rootPage), parentID: rootPage, filter: .init(parentPageIDs: [rootPage]))
        }
        if let project = settings.config.projectID ?? manifest.projectID {
            return Target(location: .project(project), parentID: nil, filter: .init(projectID: project))
        }
        await finish(run.results, PageResult(key: page.key, title: page.title, pageID: nil, outcome: .failed, reason: "no project or root page"))
        return nil
    }

    /// Where a page is created: its parent, the pages listed there before, its position (the plan's).
    private struct Spot {
        var target: Target
        var seen: [Page]
        var position: Int?
    }

    private func create(_ page: SourcePage, planned: RenderedPage?, at spot: Spot, ids: [String: String], run: Run, missing: Bool) async -> PageResult? {
        let (target, seen) = (spot.target, spot.seen)
        let store = run.store
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
                title: page.title, markdown: provisional.payload, in: target.location, excluding: excluding, listedBefore: Set(seen.map(\.id)),
                position: spot.position, landed: WriteVerification.check(sent: provisional.sent)
            )
            await run.writes.add()
            // A created body that did not land as sent is recorded so, and sent again by `update`.
            let landing = WriteVerification.replace(sent: provisional.sent, answer: created.body)
            var entry = Manifest.Entry(pageID: created.id, parentID: target.parentID, title: page.title, hash: provisional.hash, format: .markdown, versionNumber: created.versionNumber)
            entry.record(landing, sentHash: provisional.hash)
            entry.position = spot.position
            try await store.apply([.pending(page.key, nil), .page(page.key, entry)])
            var reasons = missing ? ["was deleted in Productive: created again"] : []
            if case .differs(let difference) = landing { reasons.append("the created body \(difference); sent again") }
            let result = PageResult(
                key: page.key, title: page.title, pageID: created.id, outcome: .created,
                reason: reasons.isEmpty ? nil : reasons.joined(separator: "; "), verification: .init(landing)
            )
            await finish(run.results, result, report: false)
            return result
        } catch {
            await finish(run.results, PageResult(key: page.key, title: page.title, pageID: nil, outcome: .failed, reason: "not created: \(ErrorText.clean(error)); nothing was overwritten"), cause: error)
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
}
