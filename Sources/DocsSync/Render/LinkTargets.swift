import Foundation

/// What the links of a run can point at: the pages with ids, the pages that get one during the run,
/// and the pages that will not be published, so that the plan renders every payload as the run will
/// send it, and says when a link weakens.
struct LinkTargets: Sendable, Equatable {
    /// Page ids by key: the pages links point at (pages this tree can prove are its own).
    var ids: [String: String]
    /// Pages that get their id during the run (created, created again, adopted), by key, with what
    /// happens to them (`is now published`): a link to one waits for the id, and changes the page
    /// it is on.
    var coming: [String: String] = [:]
    /// Pages that will not be published in this run, by key, with why (`it is held back by 2 lint
    /// errors`): a link to one is sent as its text, with a finding.
    var heldBack: [String: String] = [:]

    init(ids: [String: String], coming: [String: String] = [:], heldBack: [String: String] = [:]) {
        self.ids = ids
        self.coming = coming
        self.heldBack = heldBack
    }

    /// The targets once every page of the run has its id: nothing is coming any more.
    func arrived(_ ids: [String: String]) -> LinkTargets {
        LinkTargets(ids: ids, heldBack: heldBack.filter { ids[$0.key] == nil })
    }
}

/// The keys of the pages without an id yet that a payload's links name, collected from the
/// resolver closure (which may run on any thread).
final class PendingLinks: @unchecked Sendable {
    private let lock = NSLock()
    private var keys: Set<String> = []

    func add(_ key: String) {
        lock.lock()
        keys.insert(key)
        lock.unlock()
    }

    var all: Set<String> {
        lock.lock()
        defer { lock.unlock() }
        return keys
    }
}
