import Foundation
import ProductiveAPI

/// From a decided item to the operations that carry it out: the only place that turns actions,
/// the conflict policy and `--prune` into what is written.
extension Decision {
    /// What the executor does for `item`, in order. `page` is its file (nil: an orphan), `adopted`
    /// the page an `adopt` takes over, `links` the link targets of the run (a parent the run
    /// creates has no id yet).
    func operations(of item: PlanItem, page: SourcePage?, adopted: Page?, links: LinkTargets) -> [PlanOperation] {
        let actions = Set(item.actions)
        if !actions.isDisjoint(with: [.blocked, .foreign]) { return [.skip(reason: item.detail ?? "held back", outcome: .skipped)] }
        if actions.contains(.orphan) { return orphanOperations(item) }
        if actions.contains(.conflict), onConflict != .overwrite {
            let reason = "conflict: \(item.detail ?? "edited in Productive"); use --on-conflict overwrite (or --force) to replace it"
            return [.skip(reason: reason, outcome: onConflict == .fail ? .failed : .skipped)]
        }
        var operations: [PlanOperation] = []
        if !actions.isDisjoint(with: [.create, .missingRemotely]) {
            operations.append(.create(under: page?.parentKey))
        }
        if let id = item.pageID, actions.contains(.adopt) { operations.append(.adopt(pageID: id)) }
        operations += item.uploads.map(PlanOperation.upload)
        if willWriteBody(item) { operations.append(.replaceBody(expecting: item.expectedVersion)) }
        if let page, actions.contains(.rename) || (adopted.map { $0.title != page.title } ?? false) {
            operations.append(.rename(to: page.title))
        }
        if let page, actions.contains(.move) || (adopted.map { adoptedNeedsMove(page, current: $0, links: links) } ?? false) {
            operations.append(.move(under: page.parentKey))
        }
        return operations + item.deletions.map(PlanOperation.deleteAttachment)
    }

    /// What `publish` reports for an item (`PageResult.Outcome`) when every request succeeds: the
    /// promise `plan --json` makes beside each item's actions.
    func outcome(of item: PlanItem) -> PageResult.Outcome {
        let actions = Set(item.actions)
        if !actions.isDisjoint(with: [.blocked, .foreign]) { return .skipped }
        if !actions.isDisjoint(with: [.create, .missingRemotely]) { return .created }
        if actions.contains(.conflict) {
            switch onConflict {
            case .skip: return .skipped
            case .fail: return .failed
            case .overwrite: return .updated
            }
        }
        if !actions.isDisjoint(with: [.update, .adopt, .rename, .move, .reorder]) { return .updated }
        if actions.contains(.orphan) { return prune && item.key != "." ? .deleted : .skipped }
        // Attachments uploaded or deleted for an otherwise unchanged page: publish reports it updated.
        return item.uploads.isEmpty && item.deletions.isEmpty ? .unchanged : .updated
    }

    /// True when a page is created with its final body: a Markdown payload (the create sends
    /// Markdown) with nothing to upload and no link waiting for a page this run creates. Its
    /// `replace-body` then sends nothing (the create recorded that payload) unless the created body
    /// did not land as sent: the text plan leaves it out, `--json` keeps it with
    /// `created_body_is_final`.
    func createdBodyIsFinal(_ item: PlanItem) -> Bool {
        guard !Set(item.actions).isDisjoint(with: [.create, .missingRemotely]), let rendered = item.rendered else { return false }
        return rendered.format == .markdown && item.uploads.isEmpty && rendered.uploads.isEmpty
            && !rendered.hasPendingLinks && rendered.comingLinks.isEmpty
    }

    /// True when the executor writes this item's body.
    func willWriteBody(_ item: PlanItem) -> Bool {
        let actions = item.actions
        if actions.contains(.blocked) || actions.contains(.foreign) { return false }
        if actions.contains(.conflict) { return onConflict == .overwrite }
        return actions.contains(.create) || actions.contains(.update) || actions.contains(.adopt) || actions.contains(.missingRemotely)
    }

    /// A page taken over by front matter goes where its file is: under its parent's page (one the
    /// run creates included), or the root page.
    private func adoptedNeedsMove(_ page: SourcePage, current: Page, links: LinkTargets) -> Bool {
        if let parentKey = page.parentKey, links.ids[parentKey] == nil { return links.coming[parentKey] != nil }
        guard let parent = expectedParent(of: page, ids: links.ids) else { return false }
        return parent != current.parentPageID
    }

    private func orphanOperations(_ item: PlanItem) -> [PlanOperation] {
        guard prune, let id = item.pageID else {
            return [.skip(reason: "orphan: the file is gone; --prune deletes the page", outcome: .skipped)]
        }
        if item.key == "." || id == rootPageID {
            return [.skip(reason: "the tree's top page is never pruned", outcome: .skipped)]
        }
        return [.delete(pageID: id)]
    }
}
