import Foundation
import Hummingbird
import ProductiveWire

/// Doc access as the reference describes it: `GET /memberships?filter[page_id]=ID`, `POST
/// /memberships` (`page_id`, `type_id`, `person_id` / `team_id` / `dynamic_group_id`,
/// `access_type_id`), `DELETE /memberships/{id}`; and the directory those name: `GET /people`
/// (`filter[email]` a text search, `filter[status]`, `filter[person_type]`), `/teams`, `/dynamic_groups`.
///
/// A page without memberships (on it, or with `subpagesInheritMemberships` on a page above it) is
/// open to everyone in the organization; otherwise only its members see it (view), write its body
/// (edit) and change its memberships (full). Whoever created the page (or, inherited, a page above
/// it) keeps full access.
extension SandboxAPI {
    /// The routes of doc access and the directory.
    enum SharingRoute: Sendable, Equatable {
        case listMemberships, createMembership, deleteMembership, people, teams, dynamicGroups

        var isRead: Bool { self != .createMembership && self != .deleteMembership }
    }

    func listMemberships(_ request: Request, _ context: SandboxRequestContext) throws(SandboxError) -> Response {
        let organization = try caller(context).organization
        let query = try ListQuery(request.uri.query, filters: [SharingWire.pageFilter], sortable: nil)
        var pages: Set<Int>?
        for filter in query.filters {
            pages = Set(ListQuery.ids(filter.value).flatMap { governing($0, organization: organization) })
        }
        let listed = memberships.memberships(organization: organization, pages: pages).sorted { $0.id < $1.id }
        let (slice, meta) = query.page(of: listed)
        return JSONAPIDocuments.response(status: 200, ["data": slice.map(Self.resource), "meta": meta])
    }

    func deleteMembership(_ request: Request, _ context: SandboxRequestContext) throws(SandboxError) -> Response {
        let (organization, person) = try caller(context)
        let id = try pathID(context, "membership")
        let membership = try memberships.membership(id, organization: organization)
        try requireAccess(.full, page: membership.pageID, organization: organization, person: person)
        try memberships.delete(id, organization: organization)
        return Response(status: .noContent)
    }

    func teams(_ request: Request, _ context: SandboxRequestContext) throws(SandboxError) -> Response {
        try groups(request, configuration.directory.teams, type: SharingWire.teamType, organization: try caller(context).organization)
    }

    func dynamicGroups(_ request: Request, _ context: SandboxRequestContext) throws(SandboxError) -> Response {
        try groups(request, configuration.directory.dynamicGroups, type: SharingWire.dynamicGroupType, organization: try caller(context).organization)
    }

    /// 403 unless `person` has at least `level` on page `id`.
    func requireAccess(_ level: AccessType, page id: Int, organization: String, person: Int) throws(SandboxError) {
        let (page, _) = try store.page(id, organization: organization)
        guard let access = access(of: person, to: page.id, organization: organization), access.includes(level) else {
            throw SandboxError(status: 403, title: "Forbidden", detail: "you do not have \(level.name) access to page \(page.id)")
        }
    }

    /// The widest access `person` has to page `id`: full when nothing restricts the page, nil for none.
    func access(of person: Int, to id: Int, organization: String) -> AccessType? {
        let governing = Set(governing(id, organization: organization))
        let grants = memberships.memberships(organization: organization, pages: governing)
        if grants.isEmpty { return .full }
        if store.pages(organization: organization).contains(where: { governing.contains($0.id) && $0.creatorID == person }) { return .full }
        let (teams, dynamicGroups) = configuration.directory.groups(of: person)
        let mine = grants.filter { grant in
            switch MembershipKind(rawValue: grant.typeID) {
            case .person: grant.memberID == person
            case .team: teams.contains(grant.memberID)
            case .dynamicGroup: dynamicGroups.contains(grant.memberID)
            case nil: false
            }
        }
        return mine.compactMap { AccessType(rawValue: $0.accessTypeID) }.max { $0.rank < $1.rank }
    }

    /// The pages whose memberships hold for page `id`: itself, and with inheritance every page above it.
    private func governing(_ id: Int, organization: String) -> [Int] {
        guard configuration.subpagesInheritMemberships else { return [id] }
        let parents = Dictionary(store.pages(organization: organization).map { ($0.id, $0.parentPageID) }) { first, _ in first }
        var chain: [Int] = []
        var current: Int? = id
        while let at = current, !chain.contains(at) {
            chain.append(at)
            current = parents[at] ?? nil
        }
        return chain
    }

    func createMembership(_ request: Request, _ context: SandboxRequestContext) throws(SandboxError) -> Response {
        let (organization, person) = try caller(context)
        let wanted = try RequestBodies.resource(CreateMembershipAttributes.self, from: context.body).attributes
        let (kind, member) = (wanted.kind, wanted.memberID)
        guard exists(kind, member, organization: organization) else {
            throw .invalid("\(kind.label) \(member) does not exist", pointer: "/data/attributes/\(kind.memberAttribute)")
        }
        try requireAccess(.full, page: wanted.pageID, organization: organization, person: person)
        let made = try memberships.add(
            organization: organization, pageID: wanted.pageID, kind: kind, memberID: member, access: wanted.access, createdAt: store.timestamp()
        )
        return JSONAPIDocuments.response(status: 201, ["data": Self.resource(made)])
    }

    /// True when the directory holds that member (the token's own people always exist).
    private func exists(_ kind: MembershipKind, _ id: Int, organization: String) -> Bool {
        let directory = configuration.directory
        switch kind {
        case .person:
            let tokens = configuration.credentials.filter { $0.value == organization }.keys
            return directory.people.contains { $0.id == id && $0.organizationID == organization }
                || tokens.contains { Self.personID(token: $0, credentials: configuration.credentials) == id }
        case .team: return directory.teams.contains { $0.id == id && $0.organizationID == organization }
        case .dynamicGroup: return directory.dynamicGroups.contains { $0.id == id && $0.organizationID == organization }
        }
    }

    func people(_ request: Request, _ context: SandboxRequestContext) throws(SandboxError) -> Response {
        let organization = try caller(context).organization
        let query = try ListQuery(request.uri.query, filters: [SharingWire.emailFilter, SharingWire.statusFilter, SharingWire.personTypeFilter, "query"], sortable: nil)
        var people = configuration.directory.people.filter { $0.organizationID == organization }
        for (name, value) in query.filters {
            switch name {
            case SharingWire.statusFilter: people = people.filter { String($0.status) == value }
            case SharingWire.personTypeFilter: people = people.filter { String($0.personType) == value }
            case SharingWire.emailFilter: people = people.filter { $0.email.localizedCaseInsensitiveContains(value) }
            default: people = people.filter { "\($0.firstName) \($0.lastName)".localizedCaseInsensitiveContains(value) }
            }
        }
        let (slice, meta) = query.page(of: people.sorted { $0.id < $1.id })
        let data = slice.map { person -> [String: Any] in
            ["id": String(person.id), "type": SharingWire.personType, "attributes": [
                "first_name": person.firstName, "last_name": person.lastName, "email": person.email, "status": person.status, "person_type": person.personType,
            ] as [String: Any]]
        }
        return JSONAPIDocuments.response(status: 200, ["data": data, "meta": meta])
    }

    private func groups(_ request: Request, _ groups: [SandboxDirectory.Group], type: String, organization: String) throws(SandboxError) -> Response {
        let query = try ListQuery(request.uri.query, filters: [], sortable: nil)
        let (slice, meta) = query.page(of: groups.filter { $0.organizationID == organization }.sorted { $0.id < $1.id })
        let data = slice.map { group -> [String: Any] in ["id": String(group.id), "type": type, "attributes": ["name": group.name]] }
        return JSONAPIDocuments.response(status: 200, ["data": data, "meta": meta])
    }

    static func resource(_ membership: StoredMembership) -> [String: Any] {
        let kind = MembershipKind(rawValue: membership.typeID) ?? .person
        let relationship = switch kind {
        case .person: (name: "person", type: SharingWire.personType)
        case .team: (name: "team", type: SharingWire.teamType)
        case .dynamicGroup: (name: "dynamic_group", type: SharingWire.dynamicGroupType)
        }
        return [
            "id": String(membership.id), "type": SharingWire.membershipType,
            "attributes": [
                SharingWire.Attribute.pageID: membership.pageID, SharingWire.Attribute.typeID: membership.typeID,
                kind.memberAttribute: membership.memberID, SharingWire.Attribute.accessTypeID: membership.accessTypeID, "created_at": membership.createdAt,
            ] as [String: Any],
            "relationships": [
                "page": ["data": ["type": "pages", "id": String(membership.pageID)]],
                relationship.name: ["data": ["type": relationship.type, "id": String(membership.memberID)]],
            ],
        ]
    }
}
