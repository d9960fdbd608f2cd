import Foundation
import ProductiveAPI
import ProductiveFormat

/// Planning: the only place that decides. Compares each file's payload with the manifest and the
/// remote state, proves ownership, and says per page what publish will do and why.
extension Publisher {
    /// The remote state the plan compares with: one list request per 200 manifest pages.
    struct RemoteState: Sendable {
        var pages: [String: Page]
    }

    /// What a publish would do. Reads only.
    public func plan() async throws -> Plan {
        var manifest = try loadManifest()
        try checkTarget(manifest)
        if settings.retarget { manifest = retargeted(manifest) }
        try await checkRootPageExists()
        // As publish does first, in memory only.
        let interrupted = try await proveInterruptedCreates(manifest)
        interrupted.changes.forEach { manifest.apply($0) }
        try await proveInterruptedUploads(manifest).forEach { manifest.apply($0) }
        let remote = try await fetchRemote(manifest)
        rekeyMovedFiles(&manifest, remote: remote)
        reconcileWriteIntents(&manifest, remote: remote)
        let plan = await makePlan(manifest: manifest, remote: remote, interrupted: interrupted.outcomes)
        try await checkNoExistingTree(plan, manifest: manifest)
        return plan
    }

    /// The manifest, its journal replayed; a damaged journal line is reported as a warning.
    func loadManifest() throws -> Manifest {
        var warnings: [String] = []
        let manifest = try Manifest.load(settings.manifestPath, warnings: &warnings)
        warnings.forEach { report(.warning($0)) }
        return manifest
    }

    /// `--root-page` must name a page that exists.
    func checkRootPageExists() async throws {
        guard let root = settings.config.rootPageID else { return }
        do {
            _ = try await client.page(root)
        } catch let error as ProductiveAPIError where error.status == 404 {
            throw ConfigError("root page \(root) does not exist (or this token cannot see it)")
        }
    }

    func fetchRemote(_ manifest: Manifest) async throws -> RemoteState {
        var wanted = Set(manifest.pages.values.map(\.pageID))
        for page in workspace.pages { if let id = page.pageID { wanted.insert(id) } }
        return try await fetchRemote(ids: wanted)
    }

    /// The pages with these ids that exist, 200 per list request. A page the lists leave out counts
    /// as gone only when its own `GET` answers 404: a list that comes back short (a proxy, a bad
    /// answer) never makes a page look deleted, which would create it again.
    func fetchRemote<IDs: Sequence<String>>(ids wanted: IDs) async throws -> RemoteState {
        let ids = Set(wanted).sorted()
        var pages: [String: Page] = [:]
        for start in stride(from: 0, to: ids.count, by: 200) {
            let chunk = Array(ids[start..<min(start + 200, ids.count)])
            let fields = ["title", "parent_page_id", "root_page_id", "project_id", "version_number", "updated_at", "updater"]
            let asked = Set(chunk)
            for page in try await client.listPages(.init(ids: chunk), fields: fields) where asked.contains(page.id) {
                pages[page.id] = page
            }
        }
        for id in ids where pages[id] == nil {
            do {
                var page = try await client.page(id)
                page.body = nil
                pages[id] = page
            } catch let error as ProductiveAPIError where error.status == 404 {
                continue
            }
        }
        return RemoteState(pages: pages)
    }

    /// A file renamed or moved keeps its page. A new path takes over the entry of a file that is
    /// gone when its front matter names that entry's page id, or its payload hash equals the
    /// entry's (content unchanged), or its file name matches exactly one such entry.
    func rekeyMovedFiles(_ manifest: inout Manifest, remote: RemoteState?) {
        let keys = Set(workspace.pages.map(\.key))
        var gone = manifest.pages.filter { !keys.contains($0.key) }
        guard !gone.isEmpty else { return }
        let ids = knownIDs(manifest, remote: remote)
        for page in workspace.pages where manifest.pages[page.key] == nil && !gone.isEmpty {
            let byID = page.pageID.flatMap { id in gone.first { $0.value.pageID == id }?.key }
            var byContent: String?
            if byID == nil, page.file != nil {
                let hash = renderer.render(page, ids: ids).hash
                let same = gone.filter { $0.value.sentHash == hash }.map(\.key)
                if same.count == 1 { byContent = same.first }
            }
            let name = Self.name(of: page.key)
            let sameName = gone.keys.filter { Self.name(of: $0) == name && page.isFolder == $0.hasSuffix("/") }
            guard let old = byID ?? byContent ?? (sameName.count == 1 ? sameName.first : nil), let entry = gone[old] else { continue }
            manifest.pages[page.key] = entry
            manifest.pages[old] = nil
            gone[old] = nil
        }
    }

    /// A body write recorded but not confirmed (killed run, unwritable manifest, garbled answer):
    /// when the page is exactly one version past the version it was sent against, the write is
    /// taken as ours; when the page has not moved, it never landed. Anything else stays a conflict.
    func reconcileWriteIntents(_ manifest: inout Manifest, remote: RemoteState) {
        for (key, entry) in manifest.pages {
            guard let intent = entry.writeIntent else { continue }
            var updated = entry
            updated.writeIntent = nil
            if let current = remote.pages[entry.pageID]?.versionNumber, current == (intent.fromVersion ?? 0) + 1 {
                updated.hash = intent.hash
                updated.versionNumber = current
            }
            manifest.pages[key] = updated
        }
    }

    /// Resets the target to the flags' and forgets the old tree (its pages are left as they are).
    func retargeted(_ manifest: Manifest) -> Manifest {
        guard targetDiffers(manifest) else { return manifest }
        var fresh = Manifest()
        fresh.projectID = settings.config.projectID
        fresh.rootPageID = settings.config.rootPageID
        return fresh
    }

    static func name(of key: String) -> String {
        String((key.hasSuffix("/") ? key.dropLast() : Substring(key)).split(separator: "/").last ?? "")
    }

    /// The parent page id `page` should have, given the ids known.
    func expectedParent(of page: SourcePage, ids: [String: String]) -> String? {
        guard let parentKey = page.parentKey else { return settings.config.rootPageID }
        return ids[parentKey]
    }

    func knownIDs(_ manifest: Manifest, remote: RemoteState?) -> [String: String] {
        var ids: [String: String] = [:]
        for page in workspace.pages {
            if let entry = manifest.pages[page.key], remote.map({ $0.pages[entry.pageID] != nil }) ?? true {
                ids[page.key] = entry.pageID
            }
        }
        return ids
    }

    func makePlan(manifest: Manifest, remote: RemoteState, interrupted: [String: String?] = [:]) async -> Plan {
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
        var items: [PlanItem] = []
        var findings: [PlanFinding] = workspace.problems.map { PlanFinding(path: $0.path, finding: $0.finding) }
        for (page, standing) in standings {
            if let file = page.file {
                findings += page.findings.filter { !RenderedPage.linkRuleIDs.contains($0.ruleID) }.map { PlanFinding(path: file, finding: $0) }
            }
            var item: PlanItem
            var recorded: Manifest.Entry?
            switch standing {
            case .heldBack(let held, _):
                items.append(held)
                continue
            case .new(let new), .missing(let new):
                item = new
                item.rendered = renderer.render(page, links: links)
                if item.actions == [.create], interrupted[page.key] != nil {
                    item.detail = "an earlier run was interrupted creating it, and no page can be proven to be the one it made: created again, nothing overwritten"
                }
            case .existing(let entry, let current):
                item = await decide(page, entry: entry, current: current, ids: links.ids, rendered: renderer.render(page, links: links, attachments: entry.attachments))
                recorded = entry
                if case .some(.some(let id)) = interrupted[page.key] {
                    item.detail = ["page \(id) was made by an interrupted run (proven by title, parent, creation and body): its body is sent again", item.detail].compactMap { $0 }.joined(separator: "; ")
                }
            }
            if let file = page.file, let rendered = item.rendered {
                findings += rendered.linkFindings.map { PlanFinding(path: file, finding: $0) }
            }
            if let rendered = item.rendered { item = withAttachments(item, rendered: rendered, entry: recorded) }
            items.append(item)
        }
        items += goneItems(manifest: manifest, remote: remote, ownership: ownership)
        for index in items.indices { items[index].outcome = expectedOutcome(of: items[index]) }
        let unpublishable = workspace.problems.filter { $0.finding.severity == .error }.count
        var plan = Plan(items: items, findings: findings, unpublishable: unpublishable)
        plan.links = links
        plan.remote = remote.pages
        return plan
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

    func standing(of page: SourcePage, manifest: Manifest, remote: RemoteState, ownership: TreeOwnership, ownedIDs: [String: String]) -> Standing {
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
    private func goneItems(manifest: Manifest, remote: RemoteState, ownership: TreeOwnership) -> [PlanItem] {
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

    /// What `publish` reports for an item (`PageResult.Outcome`) when every request succeeds: the
    /// promise `plan --json` makes beside each item's actions.
    func expectedOutcome(of item: PlanItem) -> PageResult.Outcome {
        let actions = Set(item.actions)
        if !actions.isDisjoint(with: [.blocked, .foreign]) { return .skipped }
        if !actions.isDisjoint(with: [.create, .missingRemotely]) { return .created }
        if actions.contains(.conflict) {
            switch settings.onConflict {
            case .skip: return .skipped
            case .fail: return .failed
            case .overwrite: return .updated
            }
        }
        if !actions.isDisjoint(with: [.update, .adopt, .rename, .move]) { return .updated }
        if actions.contains(.orphan) { return settings.prune && item.key != "." ? .deleted : .skipped }
        // Attachments uploaded or deleted for an otherwise unchanged page: publish reports it updated.
        return item.uploads.isEmpty && item.deletions.isEmpty ? .unchanged : .updated
    }

    /// What a page with an entry and a remote page needs, and why: the one decision for pages that
    /// exist, made when planning and again for a page that changed while the run went on.
    func decide(_ page: SourcePage, entry: Manifest.Entry, current: Page, ids: [String: String], rendered: RenderedPage) async -> PlanItem {
        var actions: [PlanAction] = []
        var details: [String] = []
        if entry.lastWriteDidNotLand { details.append("the last write did not land as sent (the page held something else): it is sent again") }
        let edited = current.versionNumber != entry.versionNumber
        let parent = expectedParent(of: page, ids: ids)
        // Who and when, only for a page that changed (the token's owner is asked at most once).
        let changed = edited || current.title != page.title || current.parentPageID != parent
        let by = changed ? (current.updatedAt.map { " at \($0)" } ?? "") + (await editor(current.updaterID)) : ""
        if edited {
            var what = "edited in Productive\(by): version \(current.versionNumber.map(String.init) ?? "none"), last written \(entry.versionNumber.map(String.init) ?? "none")"
            if let notes = await appendedNotes(entry.pageID), !notes.isEmpty {
                what += "; it holds notes added by append (\(notes.joined(separator: ", ")))"
                if rendered.changes(from: entry.sentHash) { what += " that publishing would erase: --force replaces the page, notes included" }
            }
            details.append(what)
        }
        if PageRenderer.needsWrite(rendered, entry: entry) {
            actions.append(edited ? .conflict : .update)
            if let links = rendered.linkReason { details.append(links) }
        } else if edited {
            actions.append(.drift)
        }
        // Titles and parents are not body writes (the version does not move): a rename or move made
        // in Productive shows as a title or parent other than the one this tool last set.
        if current.title != page.title {
            let there = "renamed in Productive\(by) to \"\(current.title)\""
            placement(changedThere: current.title != entry.title, changedHere: page.title != entry.title, action: .rename,
                      there: there, both: "\(there) and in the file to \"\(page.title)\"", &actions, &details)
        }
        if current.parentPageID != parent, parent != nil || page.parentKey != nil {
            let there = "moved in Productive\(by) under page \(current.parentPageID ?? "none")"
            // A parent not known yet (created in this run) is a change of the file's place.
            placement(changedThere: entry.parentID != nil && current.parentPageID != entry.parentID, changedHere: parent == nil || parent != entry.parentID,
                      action: .move, there: there, both: "\(there), and the file moved too", &actions, &details)
        }
        return PlanItem(key: page.key, title: page.title, pageID: entry.pageID, actions: actions.isEmpty ? [.unchanged] : actions,
                        detail: details.isEmpty ? nil : details.joined(separator: "; "), expectedVersion: current.versionNumber, rendered: rendered)
    }

    /// A rename or move: made here only (`action`); made in Productive only (kept, `drift`, unless
    /// `--on-conflict overwrite` puts it back); made in both (a `conflict`).
    private func placement(changedThere: Bool, changedHere: Bool, action: PlanAction, there: String, both: String, _ actions: inout [PlanAction], _ details: inout [String]) {
        guard changedThere else {
            actions.append(action)
            return
        }
        let overwrite = settings.onConflict == .overwrite
        if !changedHere && !overwrite {
            if !actions.contains(.drift) && !actions.contains(.conflict) { actions.append(.drift) }
            details.append("\(there): kept (--force puts it back)")
            return
        }
        actions.removeAll { $0 == .drift || $0 == .update }
        if !actions.contains(.conflict) { actions.insert(.conflict, at: 0) }
        actions.append(action)
        details.append(changedHere ? both : there)
    }

    private static func foreignDetail(_ id: String) -> String {
        "page \(id) is not in this tree (its parent chain does not reach the tree's top page): never written or deleted; fix the manifest line"
    }

    /// A file with no entry: a new page, or (front matter `page_id`) an existing page it adopts.
    private func newPageItem(_ page: SourcePage, remote: RemoteState, ownedIDs: [String: String]) -> PlanItem {
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

    /// The keys of notes `append --once` left on a page (`note key: KEY` lines), or nil when the
    /// page cannot be read.
    func appendedNotes(_ id: String) async -> [String]? {
        guard let page = try? await client.page(id) else { return nil }
        var keys: [String] = []
        for line in page.bodyText.split(whereSeparator: \.isNewline) {
            guard let range = line.range(of: "note key: ") else { continue }
            let key = line[range.upperBound...].prefix { !$0.isWhitespace }
            if !key.isEmpty { keys.append(String(key)) }
        }
        return keys
    }

    /// The target must be given, and must match the manifest's unless `--retarget`.
    func checkTarget(_ manifest: Manifest) throws {
        let config = settings.config
        guard config.projectID != nil || config.rootPageID != nil || manifest.pages["."] != nil || manifest.projectID != nil || manifest.rootPageID != nil else {
            throw ConfigError("say where the tree goes: --project ID (a new doc) or --root-page ID (under an existing page), or set it in \(DocsConfig.fileName)")
        }
        if targetDiffers(manifest) && !settings.retarget {
            let recorded = manifest.rootPageID.map { "root page \($0)" } ?? manifest.projectID.map { "project \($0)" } ?? "?"
            let asked = config.rootPageID.map { "root page \($0)" } ?? config.projectID.map { "project \($0)" } ?? "?"
            throw ConfigError("the manifest publishes this folder to \(recorded), but \(asked) was given: pass --retarget to start a new tree there (the old pages are left as they are)")
        }
    }

    func targetDiffers(_ manifest: Manifest) -> Bool {
        let config = settings.config
        guard manifest.projectID != nil || manifest.rootPageID != nil else { return false }
        guard config.projectID != nil || config.rootPageID != nil else { return false }
        return config.projectID != manifest.projectID || config.rootPageID != manifest.rootPageID
    }
}
