import Foundation
import ProductiveWire

/// Doc access (`/memberships`) and the directory it names: people, teams, dynamic groups.
extension ProductiveClient {
    /// The memberships listed for page `id` (`GET /memberships?filter[page_id]=ID`), every page of
    /// results followed. A subpage may list its doc's too: check `pageID`.
    public func memberships(of id: String) async throws -> [Membership] {
        let listed = try await transport.paginate(TextAttributes.self, operation: "read the memberships of page \(id)") { number in
            APIRequest(.get, SharingWire.membershipsPath, query: [(QueryKey.filter(SharingWire.pageFilter), id)] + ListLimits.page(number))
        }
        return listed.resources.compactMap(Membership.init(resource:))
    }

    /// Gives `subject` `access` to page `pageID` (`POST /memberships`). A lost answer is resolved by
    /// listing the page's memberships: one for that subject with that access landed.
    @discardableResult
    public func addMembership(page pageID: String, subject: MembershipSubject, access: AccessType) async throws -> Membership {
        let operation = "give \(subject.kind.label) \(subject.id) \(access.name) access to page \(pageID)"
        // The member's id goes under the attribute its kind names: a map, keyed by the wire's names.
        let attributes: [String: WireID] = [
            SharingWire.Attribute.pageID: WireID(pageID), SharingWire.Attribute.typeID: WireID(String(subject.kind.rawValue)),
            subject.kind.memberAttribute: WireID(subject.id), SharingWire.Attribute.accessTypeID: WireID(String(access.rawValue)),
        ]
        let request = APIRequest(.post, SharingWire.membershipsPath, json: RequestDocument(type: SharingWire.membershipType, attributes: attributes))
        let response = try await transport.send(request, operation: operation, expecting: .resource) { [self] _ in
            let found = try await memberships(of: pageID).first { $0.pageID ?? pageID == pageID && $0.subject == subject && $0.access == access }
            guard let found else { return .notLanded }
            return .landed(.created(Resource(id: found.id, type: SharingWire.membershipType, attributes: TextAttributes(attributes.mapValues { Optional($0.text) }))))
        }
        guard let resource = response.resource(TextAttributes.self), let membership = Membership(resource: resource) else {
            throw ProductiveAPIError(operation: operation, status: response.status, title: "Unexpected answer", detail: "the response holds no membership", kind: .badAnswer)
        }
        return membership
    }

    /// Removes membership `id` (`DELETE /memberships/{id}`). One already gone counts as removed.
    public func deleteMembership(_ id: String, page pageID: String) async throws {
        let operation = "remove membership \(id) of page \(pageID)"
        do {
            _ = try await transport.send(APIRequest(.delete, "\(SharingWire.membershipsPath)/\(id)"), operation: operation, expecting: .anything) { [self] _ in
                try await memberships(of: pageID).contains { $0.id == id } ? .notLanded : .landed(APIResponse(status: 204, data: Data()))
            }
        } catch let error as ProductiveAPIError where error.status == 404 {
            return
        }
    }

    /// The users whose e-mail address contains `email` (`filter[email]` is a text search: compare
    /// the addresses); only the active ones unless `activeOnly` is false.
    public func people(email: String, activeOnly: Bool = true) async throws -> [Person] {
        var query = [(QueryKey.filter(SharingWire.emailFilter), email), (QueryKey.filter(SharingWire.personTypeFilter), String(SharingWire.userPersonType))]
        if activeOnly { query.append((QueryKey.filter(SharingWire.statusFilter), String(SharingWire.activeStatus))) }
        let listed = try await transport.paginate(PersonAttributes.self, operation: "look up \(email)") { number in
            APIRequest(.get, SharingWire.peoplePath, query: query + ListLimits.page(number))
        }
        return listed.resources.compactMap(Person.init(resource:))
    }

    /// Every team of the organization.
    public func teams() async throws -> [NamedGroup] {
        try await groups(SharingWire.teamsPath, operation: "list the teams")
    }

    /// Every dynamic group of the organization.
    public func dynamicGroups() async throws -> [NamedGroup] {
        try await groups(SharingWire.dynamicGroupsPath, operation: "list the dynamic groups")
    }

    private func groups(_ path: String, operation: String) async throws -> [NamedGroup] {
        let listed = try await transport.paginate(GroupAttributes.self, operation: operation) { number in APIRequest(.get, path, query: ListLimits.page(number)) }
        return listed.resources.compactMap(NamedGroup.init(resource:))
    }
}
