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
    static func memberships(_ value: Any?, problem: (String) -> ConfigError) throws -> [String: MembershipSubject] {
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
