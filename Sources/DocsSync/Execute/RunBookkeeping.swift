import Foundation

/// Counts the requests that changed something.
actor WriteCounter {
    private(set) var count = 0
    /// Of `count`: files uploaded as attachments, and attachments deleted.
    private(set) var uploads = 0
    private(set) var deletions = 0
    private(set) var memberships = 0

    func add() { count += 1 }

    func addUpload() {
        count += 1
        uploads += 1
    }

    /// A membership added or removed (`sharing:`).
    func addMembershipChange() {
        count += 1
        memberships += 1
    }

    func addDeletion() {
        count += 1
        deletions += 1
    }
}

/// The latest result per page.
actor ResultBook {
    private var results: [String: PageResult] = [:]
    private(set) var linkFindings: [String] = []
    /// Why Productive could not be reached, the first time a page failed for it.
    private(set) var unreachable: String?

    func noteUnreachable(_ hint: String) { unreachable = unreachable ?? hint }

    func recordLinkFinding(_ line: String) { linkFindings.append(line) }

    /// Membership changes that failed (`sharing:`), one line each.
    private(set) var sharingFailures: [String] = []
    func noteSharingFailure(_ line: String) { sharingFailures.append(line) }

    func record(_ result: PageResult) { results[result.key] = result }
    /// The latest result of the page with this key.
    func result(_ key: String) -> PageResult? { results[key] }
    var all: [PageResult] { Array(results.values) }
}
