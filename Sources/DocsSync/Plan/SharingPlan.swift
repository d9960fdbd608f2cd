import Foundation
import ProductiveAPI
import ProductiveWire

/// What a run does to the access of one page of the tree (`sharing:` in productive-docs.yml).
public struct SharingPlanItem: Encodable, Sendable, Equatable {
    /// The manifest key of the page (`.`, `ops/`).
    public var key: String
    /// Nil when the run creates the page: every grant is then an add.
    public var pageID: String?
    public var changes: [SharingChange]
    /// The memberships of the page that already give what the configuration asks: recorded in the
    /// manifest as the tool's, so that a grant taken out of the configuration is removed later.
    var managed: [String: MembershipSubject] = [:]

    public init(key: String, pageID: String?, changes: [SharingChange]) {
        self.key = key
        self.pageID = pageID
        self.changes = changes
    }

    enum CodingKeys: String, CodingKey {
        case key = "path", pageID = "page_id", changes
    }

    /// The adds and removals (what the executor sends), removals first.
    public var writes: [SharingChange] {
        changes.filter { $0.action == .remove } + changes.filter { $0.action == .add }
    }

    /// `+ team "SRE" full, - person bob@example.com view (drift kept)`, for the text plan.
    var summary: String {
        changes.map(\.summary).joined(separator: ", ")
    }
}

/// One change to a page's memberships, or one membership kept on purpose.
public struct SharingChange: Encodable, Sendable, Equatable {
    public enum Action: String, Encodable, Sendable {
        /// `POST /memberships`.
        case add
        /// `DELETE /memberships/{id}`.
        case remove
        /// Left as it is: a grant added in Productive (drift; `--prune-sharing` removes it), or the
        /// token owner's own access (never removed or lowered).
        case keep
    }

    public var action: Action
    public var subject: MembershipSubject
    /// How the configuration names the member (`person ana@example.com`); for one it does not name,
    /// `person 512`.
    public var member: String
    public var access: AccessType
    /// The membership removed or kept.
    public var membershipID: String?
    public var reason: String?

    public init(_ action: Action, subject: MembershipSubject, member: String, access: AccessType, membershipID: String? = nil, reason: String? = nil) {
        self.action = action
        self.subject = subject
        self.member = member
        self.access = access
        self.membershipID = membershipID
        self.reason = reason
    }

    enum CodingKeys: String, CodingKey {
        case action, member, access, membershipID = "membership_id", reason
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(action, forKey: .action)
        try container.encode(member, forKey: .member)
        try container.encode(access.name, forKey: .access)
        try container.encodeIfPresent(membershipID, forKey: .membershipID)
        try container.encodeIfPresent(reason, forKey: .reason)
    }

    var summary: String {
        let sign = switch action {
        case .add: "+"
        case .remove: "-"
        case .keep: "="
        }
        return "\(sign) \(member) \(access.name)" + (reason.map { " (\($0))" } ?? "")
    }
}

extension Plan {
    /// The membership adds and removals over all pages.
    public var sharingWrites: Int { sharing.reduce(0) { $0 + $1.writes.count } }

    /// The grants added in Productive that the run keeps (drift).
    public var sharingDrift: Int {
        sharing.reduce(0) { $0 + $1.changes.filter { $0.action == .keep && $0.reason == SharingDecision.driftReason }.count }
    }

    /// `sharing ops/ (page 1002): + team "SRE" full` lines, for the text plan.
    var sharingText: String {
        sharing.filter { !$0.changes.isEmpty }.map { item in
            "sharing           \(Printable.escaped(item.key))  \(item.pageID ?? "(new)")  \(Printable.escaped(item.summary))\n"
        }.joined()
    }
}
