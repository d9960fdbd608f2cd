import ProductiveWire

/// `POST /memberships`'s attributes: the page, `type_id` (who: 1 a person, 2 a dynamic group, 3 a
/// team), `access_type_id` (1 full, 2 edit, 3 view, 4 comment), and the member's id under the
/// attribute `type_id` names (`person_id`, `dynamic_group_id`, `team_id`); ids as numbers or digits.
struct CreateMembershipAttributes: RequestAttributes {
    var pageID: Int
    var kind: MembershipKind
    var access: AccessType
    var memberID: Int

    static let envelopeShape = #"{"data": {"type": "memberships", "attributes": {...}}}"#
    static let resourceType: String? = SharingWire.membershipType

    static func problem(with member: String) -> String { "\(member) is required" }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: MemberKey.self)
        func number(_ name: String) throws -> Int { try container.decode(NumericID.self, forKey: MemberKey(name)).value }
        pageID = try number(SharingWire.Attribute.pageID)
        guard let kind = MembershipKind(rawValue: try number(SharingWire.Attribute.typeID)) else {
            throw SandboxError.invalid("type_id is 1 (person), 2 (dynamic group) or 3 (team)", at: MemberKey(SharingWire.Attribute.typeID), in: container)
        }
        guard let access = AccessType(rawValue: try number(SharingWire.Attribute.accessTypeID)) else {
            throw SandboxError.invalid("access_type_id is 1 (full), 2 (edit), 3 (view) or 4 (comment)", at: MemberKey(SharingWire.Attribute.accessTypeID), in: container)
        }
        self.kind = kind
        self.access = access
        memberID = try number(kind.memberAttribute)
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: MemberKey.self)
        try container.encode(pageID, forKey: MemberKey(SharingWire.Attribute.pageID))
        try container.encode(kind.rawValue, forKey: MemberKey(SharingWire.Attribute.typeID))
        try container.encode(access.rawValue, forKey: MemberKey(SharingWire.Attribute.accessTypeID))
        try container.encode(memberID, forKey: MemberKey(kind.memberAttribute))
    }
}
