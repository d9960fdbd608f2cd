import Foundation
import ProductiveAPI

/// The last page operations of a run: each parent's `reorder` (its moves, in the plan's order),
/// then the positions the plan gives its children recorded in the manifest. Nothing is decided
/// here: the moves and positions are the plan's (`SiblingOrder`).
extension Publisher {
    /// Runs every `reorder` of `plan` and records the children's positions, once every other
    /// operation is done (pages created or moved in this run included).
    func placeChildren(_ plan: Plan, links: LinkTargets, run: Run) async {
        for item in plan.items {
            let moves = item.operations.lazy.compactMap { operation -> [String]? in
                if case .reorder(let moves) = operation { return moves }
                return nil
            }.first
            guard moves != nil || item.childPositions != nil else { continue }
            if let moves, !(await reorder(item, moves: moves, links: links, run: run)) { continue }
            if let positions = item.childPositions { await record(positions, run: run) }
        }
    }

    /// The moves of one parent; false (and the parent's result failed) when one of them fails.
    private func reorder(_ item: PlanItem, moves: [String], links: LinkTargets, run: Run) async -> Bool {
        var result = await run.results.result(item.key) ?? PageResult(key: item.key, title: item.title, pageID: links.ids[item.key], outcome: .unchanged)
        guard result.outcome != .failed, result.outcome != .skipped else { return false }
        var moved: [String] = []
        do {
            guard let parentID = links.ids[item.key] else { throw ReorderStop("the page has no id") }
            for key in moves {
                guard let id = links.ids[key] else { throw ReorderStop("\(key) has no page (see its result)") }
                try await MoveToEnd.move(id, toEndOf: parentID, client: client)
                await run.writes.add()
                moved.append(key)
            }
        } catch {
            let done = moved.isEmpty ? "" : " after moving \(moved.joined(separator: ", "))"
            result.outcome = .failed
            result.reason = [result.reason, "reordering its children stopped\(done): \(ErrorText.clean(error))"].compactMap { $0 }.joined(separator: "; ")
            await finish(run.results, result, cause: error, report: false)
            return false
        }
        if result.outcome == .unchanged { result.outcome = .updated }
        result.reason = [result.reason, "children reordered: moved \(moved.joined(separator: ", ")) to the end"].compactMap { $0 }.joined(separator: "; ")
        await finish(run.results, result, report: false)
        return true
    }

    /// Records where the children come, for those with an entry whose result did not fail.
    private func record(_ positions: [String: Int], run: Run) async {
        for (key, position) in positions.sorted(by: { $0.key < $1.key }) {
            guard var entry = await run.store.manifest.pages[key], entry.position != position else { continue }
            if let result = await run.results.result(key), result.outcome == .failed { continue }
            entry.position = position
            try? await run.store.set(key, entry)
        }
    }
}

/// A reorder that cannot go on (a page without an id).
private struct ReorderStop: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
