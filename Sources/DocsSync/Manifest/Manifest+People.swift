import Foundation
import ProductiveAPI

/// The memberships a page's entry records as made (or taken over) by this tool, so that a grant
/// taken out of `sharing:` is removed and one someone added in Productive is not.
extension Manifest {
    /// `{"77" : "person:501", ...}`: membership id → member, on one line.
    static func membershipFields(_ memberships: [String: MembershipSubject]) -> String {
        "{" + memberships.sorted { $0.key < $1.key }.map { "\(string($0.key)) : \(string($0.value.key))" }.joined(separator: ", ") + "}"
    }

    /// Reads an entry's `memberships`; `problem` makes the error for a bad value.
    static func memberships(_ value: Any?, problem: (String) -> SyncError) throws -> [String: MembershipSubject] {
        guard let value, !(value is NSNull) else { return [:] }
        guard let object = value as? [String: Any] else { throw problem("`memberships` must map membership ids to members") }
        var result: [String: MembershipSubject] = [:]
        for (id, member) in object {
            guard PageID.isValid(id), let text = member as? String, let subject = MembershipSubject(key: text) else {
                throw problem("`memberships` maps numeric membership ids to `person:ID`, `team:ID` or `dynamic_group:ID`")
            }
            result[id] = subject
        }
        return result
    }
}

/// The users a page's last body mentions, by address: who the next run does not notify again, and
/// the cache of address look-ups (an address found here is not looked up again).
extension Manifest {
    /// `{"ana@example.com" : "503", ...}`, on one line.
    static func mentionFields(_ mentions: [String: String]) -> String {
        "{" + mentions.sorted { $0.key < $1.key }.map { "\(string($0.key)) : \(string($0.value))" }.joined(separator: ", ") + "}"
    }

    /// Reads an entry's `mentions`; `problem` makes the error for a bad value.
    static func mentions(_ value: Any?, problem: (String) -> SyncError) throws -> [String: String] {
        guard let value, !(value is NSNull) else { return [:] }
        guard let object = value as? [String: Any] else { throw problem("`mentions` must map e-mail addresses to person ids") }
        var result: [String: String] = [:]
        for (address, id) in object {
            let text = (id as? String) ?? (id as? Int).map(String.init)
            guard address.contains("@"), let text, PageID.isValid(text) else { throw problem("`mentions` maps e-mail addresses to numeric person ids") }
            result[address] = text
        }
        return result
    }

    /// Every address → person id the entries record: the look-up cache of a run.
    var mentionCache: [String: String] {
        var cache: [String: String] = [:]
        for entry in pages.values { cache.merge(entry.mentions) { first, _ in first } }
        return cache
    }
}
