import Foundation
import ProductiveAPI
import ProductiveFormat
import SourceReading

/// Planning: where each page stands, the facts the decision needs, then the decision (`Decision`,
/// no request) and the operations that carry it out. `plan` and `publish` share all of it.
extension Publisher {
    /// A run prepared: the plan, the manifest it was made from, and (publish) the store that
    /// records the run.
    struct PreparedRun: Sendable {
        var plan: Plan
        var manifest: Manifest
        var store: ManifestStore?
    }

    /// What a publish would do: `publish`'s own setup and decision, in memory. Reads only.
    public func plan() async throws -> Plan {
        try await prepare(try await loadCheckedManifest(), recording: false).plan
    }

    /// The setup of plan and publish, then the plan. Interrupted creates and uploads are resolved
    /// by proof, the remote pages fetched, moved files rekeyed, write intents reconciled; with
    /// `recording` (publish, under the folder's lock) each of those changes is recorded in the
    /// manifest's store, else (plan) it stays in memory.
    func prepare(_ loaded: Manifest, recording: Bool) async throws -> PreparedRun {
        // Every name of `sharing:` resolves before anything is written, or the run stops here (exit 2).
        let sharing = try await resolveSharing()
        let mentions = try await resolveMentions(loaded)
        var manifest = targeted(settings.retarget ? retargeted(loaded) : loaded)
        let store = recording ? ManifestStore(manifest, path: settings.manifestPath) : nil
        let interrupted = try await proveInterruptedCreates(manifest)
        try await apply(interrupted.changes, to: &manifest, store)
        try await apply(try await proveInterruptedUploads(manifest), to: &manifest, store)
        var facts = try await fetchRemote(manifest)
        facts.interrupted = interrupted.outcomes
        rekeyMovedFiles(&manifest, remote: facts)
        reconcileWriteIntents(&manifest, remote: facts)
        // The target alone (the settings' project or root page, filled in by `targeted`) is written
        // with the run's first change: a run that fails before one writes no manifest at all.
        if let store {
            let baseline = targeted(loaded)
            if manifest != baseline {
                try await store.replace(manifest)
            } else if baseline.projectID != loaded.projectID || baseline.rootPageID != loaded.rootPageID {
                await store.recordTargetWithFirstChange()
            }
        }
        var plan = await makePlan(manifest: manifest, remote: facts)
        try await checkNoExistingTree(plan, manifest: manifest)
        plan.sharing = try await planSharing(sharing, manifest: manifest, plan: plan)
        planMentions(mentions, manifest: manifest, plan: &plan)
        return PreparedRun(plan: plan, manifest: manifest, store: store)
    }

    private func apply(_ changes: [ManifestChange], to manifest: inout Manifest, _ store: ManifestStore?) async throws {
        changes.forEach { manifest.apply($0) }
        try await store?.apply(changes)
    }

    /// The plan: where each page stands (no payload needed), the facts the decision reads fetched
    /// for the pages that exist, then every page decided.
    func makePlan(manifest: Manifest, remote: RemoteFacts) async -> Plan {
        let ownership = TreeOwnership(
            manifest: manifest, remote: remote.pages, projectID: manifest.projectID ?? settings.config.projectID,
            rootPageID: manifest.rootPageID ?? settings.config.rootPageID
        )
        // Links never point at a page this tree cannot prove is its own (as the executor does).
        let ids = knownIDs(manifest, remote: remote).filter { ownership.provenKeys.contains($0.key) }
        let ownedIDs = Dictionary(manifest.pages.map { ($0.value.pageID, $0.key) }) { first, _ in first }
        // Where every page stands first, so that each payload is rendered with the link targets the
        // run will have: pages created in it included, pages held back named.
        let standings = workspace.pages.map { page in
            (page, standing(of: page, manifest: manifest, remote: remote, ownership: ownership, ownedIDs: ownedIDs))
        }
        let links = linkTargets(ids: ids, standings: standings)
        var facts = remote
        let existing = standings.compactMap { page, standing -> (SourcePage, Manifest.Entry, Page)? in
            guard case .existing(let entry, let current) = standing else { return nil }
            return (page, entry, current)
        }
        await addDecisionFacts(&facts, for: existing, ids: links.ids)
        renderAhead(standings, links: links)
        var plan = decidePlan(standings, links: links, facts: facts)
        plan.items += goneItems(manifest: manifest, remote: remote, ownership: ownership).map { finished($0, links: links, facts: facts) }
        return ordered(plan, manifest: manifest, remote: remote)
    }

    /// Every page decided from where it stands and the facts fetched: synchronous, no request.
    func decidePlan(_ standings: [(SourcePage, Standing)], links: LinkTargets, facts: RemoteFacts) -> Plan {
        var items: [PlanItem] = []
        var findings: [PlanFinding] = workspace.problems.map { PlanFinding(path: $0.path, finding: $0.finding) }
        for (page, standing) in standings {
            if let file = page.file {
                findings += page.findings.filter { !RenderedPage.linkRuleIDs.contains($0.ruleID) }.map { PlanFinding(path: file, finding: $0) }
            }
            let item = decided(page, standing, links: links, facts: facts)
            if let file = page.file, let rendered = item.rendered {
                findings += rendered.linkFindings.map { PlanFinding(path: file, finding: $0) }
            }
            items.append(finished(item, page: page, links: links, facts: facts))
        }
        let unpublishable = workspace.problems.filter { $0.finding.severity == .error }.count
        var plan = Plan(items: items, findings: findings, unpublishable: unpublishable)
        plan.links = links
        plan.remote = facts
        return plan
    }

    /// The payloads the decisions will ask for, rendered on all cores before them (once the link
    /// targets are known, no payload depends on another): each decision then finds its page's in
    /// the renderer's cache, with the same inputs and so the same payload.
    func renderAhead(_ standings: [(SourcePage, Standing)], links: LinkTargets) {
        let wanted = standings.compactMap { page, standing -> (SourcePage, [String: Manifest.Attachment])? in
            switch standing {
            case .heldBack: nil
            case .new, .missing: (page, [:])
            case .existing(let entry, _): (page, entry.attachments)
            }
        }
        _ = Converter.concurrentMap(wanted) { [renderer] page, attachments in renderer.render(page, links: links, attachments: attachments) }
    }

    /// One page decided: rendered with the run's link targets (and its recorded attachments), then
    /// what it needs, with the uploads and attachment deletions that go with it.
    private func decided(_ page: SourcePage, _ standing: Standing, links: LinkTargets, facts: RemoteFacts) -> PlanItem {
        switch standing {
        case .heldBack(let held, _):
            return held
        case .new(var item), .missing(var item):
            let rendered = renderer.render(page, links: links)
            item.rendered = rendered
            if item.actions == [.create], facts.interrupted[page.key] != nil {
                item.detail = "an earlier run was interrupted creating it, and no page can be proven to be the one it made: created again, nothing overwritten"
            }
            return withAttachments(item, rendered: rendered, entry: nil)
        case .existing(let entry, let current):
            let rendered = renderer.render(page, links: links, attachments: entry.attachments)
            var item = decision.decide(page, entry: entry, current: current, ids: links.ids, rendered: rendered, facts: facts)
            if case .some(.some(let id)) = facts.interrupted[page.key] {
                item.detail = ["page \(id) was made by an interrupted run (proven by title, parent, creation and body): its body is sent again", item.detail].compactMap { $0 }.joined(separator: "; ")
            }
            return withAttachments(item, rendered: rendered, entry: entry)
        }
    }

    /// `item` with what publish will report for it and the operations that carry it out.
    func finished(_ item: PlanItem, page: SourcePage? = nil, links: LinkTargets, facts: RemoteFacts) -> PlanItem {
        var item = item
        item.outcome = decision.outcome(of: item)
        let adopted = item.actions.contains(.adopt) ? item.pageID.flatMap { facts.pages[$0] } : nil
        item.operations = decision.operations(of: item, page: page, adopted: adopted, links: links)
        item.createdBodyIsFinal = decision.createdBodyIsFinal(item)
        return item
    }

    /// Where a page stands, from the lint gate, the manifest and the remote pages alone (before its
    /// payload is rendered).
    enum Standing {
        /// Not sent (lint errors, a page id it cannot have, a page not in this tree): the item says
        /// why, and `because` says it to a link that points at the page.
        case heldBack(PlanItem, because: String)
        /// A file without a page: created, or (front matter `page_id`) adopted.
        case new(PlanItem)
        /// Its page was deleted in Productive: created again.
        case missing(PlanItem)
        /// A file with its page, which this tree owns.
        case existing(Manifest.Entry, Page)
    }

    func standing(of page: SourcePage, manifest: Manifest, remote: RemoteFacts, ownership: TreeOwnership, ownedIDs: [String: String]) -> Standing {
        let entry = manifest.pages[page.key]
        if page.hasErrors && !settings.allowErrors {
            return .heldBack(PlanItem(key: page.key, title: page.title, pageID: entry?.pageID, actions: [.blocked],
                                      detail: "\(page.lintErrors): not sent (--allow-errors sends it with its fallbacks)"), because: "it is held back by \(page.lintErrors)")
        }
        guard let entry else {
            let item = newPageItem(page, remote: remote, ownedIDs: ownedIDs)
            return item.actions == [.blocked] ? .heldBack(item, because: "it is held back: \(item.detail ?? "see its plan line")") : .new(item)
        }
        guard let current = remote.pages[entry.pageID] else {
            return .missing(PlanItem(key: page.key, title: page.title, pageID: entry.pageID, actions: [.missingRemotely], detail: "page \(entry.pageID) is gone: it will be created again"))
        }
        guard ownership.provenKeys.contains(page.key) else {
            return .heldBack(PlanItem(key: page.key, title: page.title, pageID: entry.pageID, actions: [.foreign], detail: Self.foreignDetail(entry.pageID)),
                             because: "the manifest names a page for it that is not in this tree")
        }
        return .existing(entry, current)
    }

    /// The link targets of the run: the ids known, the pages the run gives an id, the pages it holds back.
    func linkTargets(ids: [String: String], standings: [(SourcePage, Standing)]) -> LinkTargets {
        var links = LinkTargets(ids: ids)
        for (page, standing) in standings {
            switch standing {
            case .heldBack(_, let because) where ids[page.key] == nil:
                links.heldBack[page.key] = because
            case .new(let item):
                links.coming[page.key] = item.actions.contains(.adopt) ? "now has its page (adopted)" : "is now published"
            case .missing:
                links.coming[page.key] = "gets its page again (it was deleted in Productive)"
            default:
                break
            }
        }
        return links
    }

    /// The manifest's pages whose file is gone: orphans, unless the file cannot be a page or the page
    /// is not in this tree.
    private func goneItems(manifest: Manifest, remote: RemoteFacts, ownership: TreeOwnership) -> [PlanItem] {
        let keys = Set(workspace.pages.map(\.key))
        let problemPaths = Set(workspace.problems.map(\.path))
        var items: [PlanItem] = []
        for (key, entry) in manifest.pages.sorted(by: { $0.key < $1.key }) where !keys.contains(key) {
            if problemPaths.contains(key) {
                items.append(PlanItem(key: key, title: entry.title, pageID: entry.pageID, actions: [.blocked], detail: "the file cannot be published (see its finding); its page is kept"))
            } else if remote.pages[entry.pageID] != nil && !ownership.provenKeys.contains(key) {
                items.append(PlanItem(key: key, title: entry.title, pageID: entry.pageID, actions: [.foreign], detail: Self.foreignDetail(entry.pageID) + "; not deleted"))
            } else {
                items.append(PlanItem(key: key, title: entry.title, pageID: entry.pageID, actions: [.orphan],
                                      detail: settings.prune ? "will be deleted" : "file gone; --prune deletes the page"))
            }
        }
        return items
    }

    private static func foreignDetail(_ id: String) -> String {
        "page \(id) is not in this tree (its parent chain does not reach the tree's top page): never written or deleted; fix the manifest line"
    }

    /// A file with no entry: a new page, or (front matter `page_id`) an existing page it adopts.
    private func newPageItem(_ page: SourcePage, remote: RemoteFacts, ownedIDs: [String: String]) -> PlanItem {
        guard let id = page.pageID else {
            return PlanItem(key: page.key, title: page.title, pageID: nil, actions: [.create])
        }
        if let owner = ownedIDs[id] {
            return PlanItem(key: page.key, title: page.title, pageID: id, actions: [.blocked],
                            detail: "front matter page_id \(id) is already the page of `\(owner)`: one page, one file")
        }
        guard let current = remote.pages[id] else {
            return PlanItem(key: page.key, title: page.title, pageID: id, actions: [.blocked],
                            detail: "front matter page_id \(id) does not exist (or this token cannot see it)")
        }
        return PlanItem(key: page.key, title: page.title, pageID: id, actions: [.adopt],
                        detail: "front matter page_id: takes over page \(id) (\"\(current.title)\") and replaces its body", expectedVersion: current.versionNumber)
    }
}
