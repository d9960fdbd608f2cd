import Foundation
import ProductiveAPI

/// The order of siblings in the plan: per parent, the facts (`SiblingFacts`) gathered from the
/// files, the decided items, the manifest and the remote pages, then `Decision.order`, carried
/// into the parent's item (a `reorder` or `drift`, the positions to record) and into each
/// `create` (its `position`).
extension Publisher {
    /// `plan` with the order of every parent's children decided.
    func ordered(_ plan: Plan, manifest: Manifest, remote: RemoteFacts) -> Plan {
        var plan = plan
        var index: [String: Int] = [:]
        for (offset, item) in plan.items.enumerated() where index[item.key] == nil { index[item.key] = offset }
        let children = Dictionary(grouping: workspace.pages.filter { $0.parentKey != nil }) { $0.parentKey ?? "" }
        for (parentKey, pages) in children {
            guard let parentOffset = index[parentKey] else { continue }
            let facts = siblingFacts(pages.map(\.key), parentID: plan.links.ids[parentKey], items: plan.items, index: index, manifest: manifest, remote: remote)
            for (position, key) in facts.wanted.enumerated() where facts.created.contains(key) {
                guard let offset = index[key] else { continue }
                plan.items[offset].operations = plan.items[offset].operations.map { operation in
                    if case .create(let under, _) = operation { return .create(under: under, position: position + 1) }
                    return operation
                }
            }
            plan.items[parentOffset] = placed(plan.items[parentOffset], facts: facts)
        }
        return plan
    }

    /// The facts of the children `keys` (in the files' order) of the page `parentID` (nil: created
    /// in this run). A child held back, or one that stays elsewhere, is not among them.
    private func siblingFacts(
        _ keys: [String], parentID: String?, items: [PlanItem], index: [String: Int], manifest: Manifest, remote: RemoteFacts
    ) -> SiblingFacts {
        var facts = SiblingFacts(wanted: [], placed: [:])
        for key in keys {
            guard let item = index[key].map({ items[$0] }) else { continue }
            if item.operations.contains(where: { if case .create = $0 { return true } else { return false } }) {
                facts.created.insert(key)
            } else if item.operations.contains(where: { if case .move = $0 { return true } else { return false } }) {
                facts.movedIn.insert(key)
            } else if let parentID, let id = item.pageID, let page = remote.pages[id], page.parentPageID == parentID,
                      item.actions.allSatisfy({ $0 != .blocked && $0 != .foreign }) {
                facts.placed[key] = .init(remote: page.position, recorded: manifest.pages[key]?.position)
            } else {
                continue
            }
            facts.wanted.append(key)
        }
        return facts
    }

    /// The parent's item with the decision for its children: a `reorder` (its moves run once
    /// everything else is done) or a `drift`, and the positions recorded once they are placed.
    private func placed(_ item: PlanItem, facts: SiblingFacts) -> PlanItem {
        var item = item
        let positions = Dictionary(uniqueKeysWithValues: facts.wanted.enumerated().map { ($1, $0 + 1) })
        let stale = facts.placed.contains { key, placed in placed.recorded != positions[key] }
        switch decision.order(facts) {
        case .inOrder:
            if !facts.created.isEmpty || !facts.movedIn.isEmpty || stale { item.childPositions = positions }
        case .drift(let detail):
            if item.actions == [.unchanged] { item.actions = [.drift] } else if !item.actions.contains(.drift) && !item.actions.contains(.conflict) { item.actions.append(.drift) }
            item.detail = [item.detail, detail].compactMap { $0 }.joined(separator: "; ")
        case .reorder(let moves, let detail):
            guard !item.operations.contains(where: { if case .skip = $0 { return true } else { return false } }) else { return item }
            item.actions.removeAll { $0 == .unchanged }
            item.actions.append(.reorder)
            item.detail = [item.detail, detail].compactMap { $0 }.joined(separator: "; ")
            item.operations.append(.reorder(moves: moves))
            item.childPositions = positions
        }
        item.outcome = decision.outcome(of: item)
        return item
    }
}
