import Foundation
import ProductiveAPI
import ProductiveFormat

/// The one decision for a page that exists: a pure function of the file (its rendered payload),
/// the manifest entry, the page as it was fetched and the facts fetched with it (`RemoteFacts`).
/// No request is made here: plan and publish fetch first, then decide; a page that changed while
/// the run went on is fetched again and decided again through this same function.
struct Decision: Sendable {
    /// `--on-conflict`.
    var onConflict: ConflictPolicy
    /// `--prune`: the pages of files that are gone are deleted.
    var prune: Bool
    /// The page a top-level file belongs under (`--root-page`), nil for a doc of the project.
    var rootPageID: String?

    /// The parent page id `page` should have, given the ids known.
    func expectedParent(of page: SourcePage, ids: [String: String]) -> String? {
        guard let parentKey = page.parentKey else { return rootPageID }
        return ids[parentKey]
    }

    /// What the decision needs to know beyond the page: the notes `append` left (only for a page
    /// edited since the last write), and who made a change (only for a page that changed).
    func wantedFacts(_ page: SourcePage, entry: Manifest.Entry, current: Page, ids: [String: String]) -> (notes: Bool, editor: Bool) {
        let edited = current.versionNumber != entry.versionNumber
        let changed = edited || current.title != page.title || current.parentPageID != expectedParent(of: page, ids: ids)
        return (edited, changed && current.updaterID != nil)
    }

    /// What a page with an entry and a remote page needs, and why.
    func decide(_ page: SourcePage, entry: Manifest.Entry, current: Page, ids: [String: String], rendered: RenderedPage, facts: RemoteFacts) -> PlanItem {
        var actions: [PlanAction] = []
        var details: [String] = []
        if entry.lastWriteDidNotLand { details.append("the last write did not land as sent (the page held something else): it is sent again") }
        let edited = current.versionNumber != entry.versionNumber
        let parent = expectedParent(of: page, ids: ids)
        // Who and when, only for a page that changed.
        let changed = edited || current.title != page.title || current.parentPageID != parent
        let by = changed ? (current.updatedAt.map { " at \($0)" } ?? "") + facts.editor(current.updaterID) : ""
        if edited {
            var what = "edited in Productive\(by): version \(current.versionNumber.map(String.init) ?? "none"), last written \(entry.versionNumber.map(String.init) ?? "none")"
            if let notes = facts.notes[entry.pageID], !notes.isEmpty {
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
        if !changedHere && onConflict != .overwrite {
            if !actions.contains(.drift) && !actions.contains(.conflict) { actions.append(.drift) }
            details.append("\(there): kept (--force puts it back)")
            return
        }
        actions.removeAll { $0 == .drift || $0 == .update }
        if !actions.contains(.conflict) { actions.insert(.conflict, at: 0) }
        actions.append(action)
        details.append(changedHere ? both : there)
    }
}
