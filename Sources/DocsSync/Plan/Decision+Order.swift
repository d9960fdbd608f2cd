import Foundation

/// What the decision of one parent's child order reads: the children in the order of their files,
/// where those under the parent's page now come (Productive's `position`, and the position this
/// tool last recorded), and which arrive in this run.
struct SiblingFacts: Sendable, Equatable {
    /// Where a child that is under the parent's page now comes.
    struct Placed: Sendable, Equatable {
        /// Productive's `position` (nil: the answer did not say).
        var remote: Int?
        /// The manifest's `position` (nil: not recorded yet).
        var recorded: Int?
    }

    /// Every child (manifest key) in the order of the files (`SiblingRank`).
    var wanted: [String]
    /// The children under the parent's page now that stay there.
    var placed: [String: Placed]
    /// Children created in this run, and moved under the parent in this run.
    var created: Set<String> = []
    var movedIn: Set<String> = []
}

/// The decision for one parent's children.
enum OrderDecision: Sendable, Equatable {
    /// In order, or they will be once the run's creates and moves are done.
    case inOrder
    /// Reordered in Productive while the files' order stayed: kept (`--force` puts it back).
    case drift(String)
    /// Moves that put them in the files' order (`MoveToEnd`), and why.
    case reorder(moves: [String], detail: String)
}

extension Decision {
    /// The order of one parent's children: a pure function of the files' order, the positions
    /// Productive gives, the positions last recorded and what the run creates or moves in. Without
    /// positions from Productive the recorded ones stand for them (a reorder made there is then
    /// not seen). A reorder made in Productive alone is drift, like a rename; once the files'
    /// order changed too, the files' order is put in place (there is no body to lose).
    func order(_ facts: SiblingFacts) -> OrderDecision {
        let index = Dictionary(facts.wanted.enumerated().map { ($1, $0) }) { first, _ in first }
        let staying = facts.wanted.filter { facts.placed[$0] != nil }
        func sorted(by position: (SiblingFacts.Placed) -> Int?) -> [String]? {
            let pairs = staying.map { key in (key, facts.placed[key].flatMap(position)) }
            guard pairs.allSatisfy({ $0.1 != nil }) else { return nil }
            return pairs.sorted { ($0.1 ?? 0, index[$0.0] ?? 0) < ($1.1 ?? 0, index[$1.0] ?? 0) }.map(\.0)
        }
        let recorded = sorted { $0.recorded }
        let remote = sorted { $0.remote }
        let current = remote ?? recorded ?? staying
        let moves = MoveToEnd.moves(current: current, wanted: facts.wanted, created: facts.created, movedIn: facts.movedIn)
        if moves.isEmpty { return .inOrder }
        let changedHere = recorded != staying
        let changedThere = remote != nil && recorded != nil && remote != recorded
        let there = "children reordered in Productive (now \(current.joined(separator: ", ")))"
        if changedThere && !changedHere && onConflict != .overwrite {
            return .drift("\(there): kept (--force puts the files' order back)")
        }
        let cost = "\(moves.count) move\(moves.count == 1 ? "" : "s"), \(facts.wanted.count - moves.count) kept in place"
        let why = changedThere ? (changedHere ? "\(there), and the files' order changed: the files' order wins" : "\(there): put back") : "children not in the order of their files"
        return .reorder(moves: moves, detail: "\(why) (\(cost))")
    }
}
