import Foundation
import Hummingbird

/// `POST /page_versions` (a named snapshot of a page: a restore point) and
/// `GET /page_versions?filter[page_id]=ID&sort=-created_at` (a page's history), as the reference
/// describes them: `body_snapshot`, `title_snapshot`, `name`, `created_at`, and the `person` who made it.
extension SandboxAPI {
    /// The person a token acts as: 501 for the first token (sorted), 502 for the next...
    static func personID(token: String, credentials: [String: String]) -> Int {
        501 + (credentials.keys.sorted().firstIndex(of: token) ?? 0)
    }

    func createVersion(_ request: Request, _ context: SandboxRequestContext) throws(SandboxError) -> Response {
        let (organization, person) = try caller(context)
        let attributes = try RequestBodies.resource(CreateVersionAttributes.self, from: context.body).attributes
        let version = try store.createVersion(of: attributes.pageID.value, organization: organization, name: attributes.name, personID: person)
        return JSONAPIDocuments.response(status: 201, ["data": Self.resource(version)])
    }

    func listVersions(_ request: Request, _ context: SandboxRequestContext) throws(SandboxError) -> Response {
        let organization = try caller(context).organization
        let query = try ListQuery(request.uri.query, filters: ["page_id"], sortable: ["created_at"])
        var versions = store.versions(organization: organization)
        for filter in query.filters {
            let ids = ListQuery.ids(filter.value)
            versions = versions.filter { ids.contains($0.pageID) }
        }
        let descending = query.sort.last?.hasPrefix("-") ?? false
        // Ids grow with time, and break ties between versions made within the same second.
        versions.sort { descending ? $0.id > $1.id : $0.id < $1.id }
        let (slice, meta) = query.page(of: versions)
        return JSONAPIDocuments.response(status: 200, ["data": slice.map(Self.resource), "meta": meta])
    }

    static func resource(_ version: StoredPageVersion) -> [String: Any] {
        [
            "id": String(version.id), "type": "page_versions",
            "attributes": [
                "page_id": version.pageID, "name": version.name.map { $0 as Any } ?? NSNull(), "title_snapshot": version.titleSnapshot,
                "body_snapshot": version.bodySnapshot, "created_at": version.createdAt,
            ] as [String: Any],
            "relationships": [
                "person": ["data": ["type": "people", "id": String(version.personID)]],
                "page": ["data": ["type": "pages", "id": String(version.pageID)]],
            ],
        ]
    }
}
