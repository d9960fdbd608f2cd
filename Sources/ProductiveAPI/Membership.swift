import Foundation
import ProductiveWire

/// Someone a doc can be shared with: a person, a team or a dynamic group, by id.
public struct MembershipSubject: Sendable, Hashable, Comparable, Codable {
    public var kind: MembershipKind
    public var id: String

    public init(_ kind: MembershipKind, _ id: String) {
        self.kind = kind
        self.id = id
    }

    /// `person:501`, `team:7`, `dynamic_group:3`: how the manifest records it.
    public var key: String {
        switch kind {
        case .person: "person:\(id)"
        case .team: "team:\(id)"
        case .dynamicGroup: "dynamic_group:\(id)"
        }
    }

    /// The subject a `key` names; nil for anything else.
    public init?(key: String) {
        let parts = key.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2, !parts[1].isEmpty, parts[1].allSatisfy(\.isNumber) else { return nil }
        switch parts[0] {
        case "person": self.init(.person, parts[1])
        case "team": self.init(.team, parts[1])
        case "dynamic_group": self.init(.dynamicGroup, parts[1])
        default: return nil
        }
    }

    public static func < (lhs: MembershipSubject, rhs: MembershipSubject) -> Bool {
        (lhs.kind, Int(lhs.id) ?? 0, lhs.id) < (rhs.kind, Int(rhs.id) ?? 0, rhs.id)
    }
}

/// One grant of access to a page (`memberships`).
public struct Membership: Sendable, Equatable {
    public var id: String
    /// The page it is on; nil when the answer does not say.
    public var pageID: String?
    public var subject: MembershipSubject
    public var access: AccessType

    public init(id: String, pageID: String?, subject: MembershipSubject, access: AccessType) {
        self.id = id
        self.pageID = pageID
        self.subject = subject
        self.access = access
    }

    /// Reads a JSON:API resource of type `memberships`: attributes first, relationships as fallback.
    /// Nil when it names no member or an access this tool does not know.
    init?(resource: Resource<TextAttributes>) {
        let attributes = resource.attributes
        guard let id = resource.id,
              let kindNumber = Int(attributes[SharingWire.Attribute.typeID] ?? ""), let kind = MembershipKind(rawValue: kindNumber),
              let accessNumber = Int(attributes[SharingWire.Attribute.accessTypeID] ?? ""), let access = AccessType(rawValue: accessNumber)
        else { return nil }
        let relationship: String
        switch kind {
        case .person: relationship = "person"
        case .team: relationship = "team"
        case .dynamicGroup: relationship = "dynamic_group"
        }
        guard let member = attributes[kind.memberAttribute] ?? resource.related(relationship) else { return nil }
        self.init(id: id, pageID: attributes[SharingWire.Attribute.pageID] ?? resource.related("page"),
                  subject: MembershipSubject(kind, member), access: access)
    }
}

/// A person of the organization, as `GET /people` answers.
public struct Person: Sendable, Equatable {
    public var id: String
    public var name: String
    public var email: String
    /// `status` 1.
    public var isActive: Bool
    /// `person_type` 1 (a user, not a contact).
    public var isUser: Bool

    public init(id: String, name: String, email: String, isActive: Bool, isUser: Bool) {
        self.id = id
        self.name = name
        self.email = email
        self.isActive = isActive
        self.isUser = isUser
    }

    init?(resource: Resource<PersonAttributes>) {
        guard let id = resource.id else { return nil }
        let attributes = resource.attributes
        self.id = id
        name = [attributes.firstName ?? "", attributes.lastName ?? ""].filter { !$0.isEmpty }.joined(separator: " ")
        email = attributes.email ?? ""
        // Lists filtered by status and type hold only those; absent attributes count as the filter's.
        isActive = attributes.status.map { $0 == String(SharingWire.activeStatus) } ?? true
        isUser = attributes.personType.map { $0 == String(SharingWire.userPersonType) } ?? true
    }
}

/// A team or a dynamic group: an id and the name people know it by.
public struct NamedGroup: Sendable, Equatable {
    public var id: String
    public var name: String

    public init(id: String, name: String) {
        self.id = id
        self.name = name
    }

    init?(resource: Resource<GroupAttributes>) {
        guard let id = resource.id, let name = resource.attributes.name else { return nil }
        self.init(id: id, name: name)
    }
}
