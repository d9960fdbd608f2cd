/// The wire facts of doc access and the people, teams and dynamic groups it is given to, as the
/// client sends them and the sandbox reads them (../shared/reference/productive-pages-api.md):
/// `GET /memberships?filter[page_id]=ID`, `POST /memberships`, `DELETE /memberships/{id}`,
/// `GET /people?filter[email]=..&filter[status]=1&filter[person_type]=1`, `GET /teams`,
/// `GET /dynamic_groups`.
public enum SharingWire {
    /// The memberships of pages (doc access).
    public static let membershipsPath = "/memberships"
    public static let peoplePath = "/people"
    public static let teamsPath = "/teams"
    public static let dynamicGroupsPath = "/dynamic_groups"

    /// The resource types.
    public static let membershipType = "memberships"
    public static let personType = "people"
    public static let teamType = "teams"
    public static let dynamicGroupType = "dynamic_groups"

    /// `filter[page_id]` of the memberships list.
    public static let pageFilter = "page_id"
    /// `filter[email]` of the people list: a text search, not an exact match.
    public static let emailFilter = "email"
    /// `filter[status]`: `1` for active people.
    public static let statusFilter = "status"
    /// `filter[person_type]`: `1` for users (not contacts).
    public static let personTypeFilter = "person_type"
    public static let activeStatus = 1
    public static let userPersonType = 1

    /// The attributes of a membership (create request and answers).
    public enum Attribute {
        public static let pageID = "page_id"
        public static let typeID = "type_id"
        public static let personID = "person_id"
        public static let teamID = "team_id"
        public static let dynamicGroupID = "dynamic_group_id"
        public static let accessTypeID = "access_type_id"
    }
}

/// Who a membership gives access to (`type_id`).
public enum MembershipKind: Int, Sendable, CaseIterable, Codable, Comparable {
    case person = 1
    case dynamicGroup = 2
    case team = 3

    /// The attribute that names the member (`person_id`, `dynamic_group_id`, `team_id`).
    public var memberAttribute: String {
        switch self {
        case .person: SharingWire.Attribute.personID
        case .dynamicGroup: SharingWire.Attribute.dynamicGroupID
        case .team: SharingWire.Attribute.teamID
        }
    }

    /// `person`, `team`, `dynamic group`: how plans and messages name it.
    public var label: String {
        switch self {
        case .person: "person"
        case .dynamicGroup: "dynamic group"
        case .team: "team"
        }
    }

    public static func < (lhs: MembershipKind, rhs: MembershipKind) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// The access a membership gives (`access_type_id`), from most to least.
public enum AccessType: Int, Sendable, CaseIterable, Codable {
    case full = 1
    case edit = 2
    case view = 3
    case comment = 4

    /// `view`, `comment`, `edit`, `full`: the names in productive-docs.yml.
    public var name: String {
        switch self {
        case .full: "full"
        case .edit: "edit"
        case .view: "view"
        case .comment: "comment"
        }
    }

    public init?(name: String) {
        guard let access = Self.allCases.first(where: { $0.name == name }) else { return nil }
        self = access
    }

    /// How much it allows: view 1, comment 2, edit 3, full 4.
    public var rank: Int {
        switch self {
        case .view: 1
        case .comment: 2
        case .edit: 3
        case .full: 4
        }
    }

    /// True when it allows at least what `other` allows.
    public func includes(_ other: AccessType) -> Bool { rank >= other.rank }
}
