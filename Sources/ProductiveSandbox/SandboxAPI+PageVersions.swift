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

    func createVersion(_ json: [String: Any], organization: String, person: Int) throws(SandboxError) -> Response {
        guard let data = json["data"] as? [String: Any], data["type"] as? String == "page_versions", let attributes = data["attributes"] as? [String: Any] else {
            throw .invalid("this endpoint takes a JSON:API envelope {\"data\": {\"type\": \"page_versions\", \"attributes\": {...}}}", pointer: "/data")
        }
        guard let pageID = Self.int(attributes["page_id"]) else {
            throw .invalid("page_id is required", pointer: "/data/attributes/page_id")
        }
        let name = attributes["name"]
        guard name == nil || name is NSNull || name is String else {
            throw .invalid("name must be a string", pointer: "/data/attributes/name")
        }
        let version = try store.createVersion(of: pageID, organization: organization, name: name as? String, personID: person)
        return JSONAPIDocuments.response(status: 201, ["data": Self.resource(version)])
    }

    func listVersions(_ request: Request, organization: String) throws(SandboxError) -> Response {
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
