import Foundation
import ProductiveWire

/// Who last edited a page, and when, as far as the API says: the page's `edited_at`, `updated_at`
/// and `updater`, and the newest entry of its history (`GET /page_versions`), with people's names
/// when `GET /people/{id}` answers. Everything is optional: servers differ in what they return.
public struct PageEdit: Sendable, Equatable, Encodable {
    public var editedAt: String?
    public var updatedAt: String?
    /// The person who last edited the page (`updater`).
    public var updaterID: String?
    public var updaterName: String?
    /// The newest page version: when it was made and by whom.
    public var versionCreatedAt: String?
    public var versionPersonID: String?

    public init(editedAt: String? = nil, updatedAt: String? = nil, updaterID: String? = nil, updaterName: String? = nil,
                versionCreatedAt: String? = nil, versionPersonID: String? = nil) {
        self.editedAt = editedAt
        self.updatedAt = updatedAt
        self.updaterID = updaterID
        self.updaterName = updaterName
        self.versionCreatedAt = versionCreatedAt
        self.versionPersonID = versionPersonID
    }

    /// `by Jane Doe (person 7) at 2026-...`, with whatever is known.
    public var description: String {
        var parts: [String] = []
        if let id = updaterID ?? versionPersonID {
            parts.append("by " + (updaterName.map { "\($0) (person \(id))" } ?? "person \(id)"))
        }
        if let when = editedAt ?? versionCreatedAt ?? updatedAt { parts.append("at \(when)") }
        return parts.isEmpty ? "when and by whom unknown" : parts.joined(separator: " ")
    }

    enum CodingKeys: String, CodingKey {
        case editedAt = "edited_at", updatedAt = "updated_at", updaterID = "updater_id", updaterName = "updater_name"
        case versionCreatedAt = "version_created_at", versionPersonID = "version_person_id"
    }
}

extension ProductiveClient {
    /// One page with its body, and who last edited it. The page is one read; the history and the
    /// person's name are one read each, best effort (a server without them leaves the fields nil).
    public func pageWithEdit(_ id: String) async throws -> (page: Page, edit: PageEdit) {
        let operation = "read page \(id)"
        let response = try await transport.send(APIRequest(.get, "/pages/\(id)"), operation: operation, expecting: .resource)
        guard let resource = response.resource(PageAttributes.self), let page = Page(resource: resource) else {
            throw ProductiveAPIError(operation: operation, status: response.status, title: "Unexpected answer", detail: "the response holds no page", kind: .badAnswer)
        }
        var edit = PageEdit(editedAt: resource.attributes.editedAt, updatedAt: resource.attributes.updatedAt, updaterID: resource.related("updater"))
        let versions = APIRequest(.get, "/page_versions", query: [(QueryKey.filter("page_id"), id), (QueryKey.sort, "-created_at"), (QueryKey.pageSize, "1")])
        if let answer = try? await transport.send(versions, operation: "read the history of page \(id)", expecting: .collection),
           let newest = answer.decoded(CollectionDocument<PageVersionAttributes>.self)?.data.first {
            edit.versionCreatedAt = newest.attributes.createdAt
            edit.versionPersonID = newest.related("person")
        }
        if let person = edit.updaterID ?? edit.versionPersonID, person.allSatisfy(\.isNumber),
           let answer = try? await transport.send(APIRequest(.get, "/people/\(person)"), operation: "read person \(person)", expecting: .resource),
           let attributes = answer.resource(PersonAttributes.self)?.attributes {
            let name = [attributes.firstName, attributes.lastName].compactMap { $0 }.joined(separator: " ")
            if !name.isEmpty { edit.updaterName = name }
        }
        return (page, edit)
    }
}
