import Foundation
import ProductiveAPI
import ProductiveWire

/// The decision for one page's memberships: what the configuration asks, what Productive holds and
/// what the manifest says this tool made. Synchronous, no request (decision-table tests run it
/// without a server).
///
/// - A member the configuration names without that access: added (a membership with another access
///   is removed first).
/// - A membership this tool made that the configuration no longer asks for: removed.
/// - A membership someone added in Productive: drift, kept (`--prune-sharing` removes it).
/// - The token owner's own memberships: never removed, never lowered, whatever the above says.
public struct SharingDecision: Sendable {
    /// One member the configuration asks for, resolved.
    public struct Wanted: Sendable, Equatable {
        public var subject: MembershipSubject
        /// How the configuration names it.
        public var member: String
        public var access: AccessType

        public init(subject: MembershipSubject, member: String, access: AccessType) {
            self.subject = subject
            self.member = member
            self.access = access
        }
    }

    /// The person the token belongs to; nil when unknown (then no person's membership is removed).
    public var tokenOwner: String?
    /// Remove the grants added in Productive too.
    public var pruneSharing: Bool

    public init(tokenOwner: String?, pruneSharing: Bool) {
        self.tokenOwner = tokenOwner
        self.pruneSharing = pruneSharing
    }

    static let driftReason = "added in Productive: kept (--prune-sharing removes it)"
    static let ownerReason = "the token's own access: never removed or lowered"
    static let unknownOwnerReason = "the token's own person could not be read: no person's access is removed"

    /// The plan item of page `key`. `recorded` holds the memberships the manifest says this tool
    /// made (id → member); `remote` the page's own memberships (nil: the page is created by the run).
    public func decide(key: String, pageID: String?, wanted: [Wanted], remote: [Membership]?, recorded: [String: MembershipSubject]) -> SharingPlanItem {
        var changes: [SharingChange] = []
        var managed: [String: MembershipSubject] = [:]
        var unmatched = remote ?? []
        for want in wanted {
            if let index = unmatched.firstIndex(where: { $0.subject == want.subject && $0.access == want.access }) {
                managed[unmatched[index].id] = want.subject
                unmatched.remove(at: index)
                continue
            }
            if let index = unmatched.firstIndex(where: { $0.subject == want.subject }) {
                let current = unmatched.remove(at: index)
                if let kept = protected(current, member: want.member) {
                    changes.append(kept)
                    continue
                }
                changes.append(SharingChange(.remove, subject: current.subject, member: want.member, access: current.access, membershipID: current.id, reason: "access becomes \(want.access.name)"))
            }
            changes.append(SharingChange(.add, subject: want.subject, member: want.member, access: want.access))
        }
        for other in unmatched {
            changes.append(leftOver(other, madeHere: recorded[other.id] == other.subject))
        }
        var item = SharingPlanItem(key: key, pageID: pageID, changes: changes)
        item.managed = managed
        return item
    }

    /// A membership the configuration does not ask for: removed when this tool made it (or with
    /// `--prune-sharing`), else kept as drift; the owner's is always kept.
    private func leftOver(_ membership: Membership, madeHere: Bool) -> SharingChange {
        let member = "\(membership.subject.kind.label) \(membership.subject.id)"
        if let kept = protected(membership, member: member) { return kept }
        if madeHere || pruneSharing {
            return SharingChange(.remove, subject: membership.subject, member: member, access: membership.access, membershipID: membership.id,
                                 reason: madeHere ? "no longer in sharing:" : "added in Productive; --prune-sharing")
        }
        return SharingChange(.keep, subject: membership.subject, member: member, access: membership.access, membershipID: membership.id, reason: Self.driftReason)
    }

    /// The change that keeps `membership` when it may not be touched: the token owner's, or any
    /// person's while the owner is unknown.
    private func protected(_ membership: Membership, member: String) -> SharingChange? {
        guard membership.subject.kind == .person else { return nil }
        guard let tokenOwner else {
            return SharingChange(.keep, subject: membership.subject, member: member, access: membership.access, membershipID: membership.id, reason: Self.unknownOwnerReason)
        }
        guard membership.subject.id == tokenOwner else { return nil }
        return SharingChange(.keep, subject: membership.subject, member: member, access: membership.access, membershipID: membership.id, reason: Self.ownerReason)
    }
}
