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

    func listVersions(_ query: [(String, String)], organization: String) throws(SandboxError) -> Response {
        var versions = store.versions(organization: organization)
        var number = 1
        var size = 30
        var descending = false
        for (key, value) in query {
            switch key {
            case "filter[page_id]":
                let ids = Set(value.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) })
                versions = versions.filter { ids.contains($0.pageID) }
            case "sort":
                guard value == "created_at" || value == "-created_at" else {
                    throw SandboxError(status: 400, title: "Bad request", detail: "unsupported sort `\(value)`")
                }
                descending = value.hasPrefix("-")
            case "page[number]":
                guard let parsed = Int(value), parsed >= 1 else { throw SandboxError(status: 400, title: "Bad request", detail: "page[number] must be a positive number") }
                number = parsed
            case "page[size]":
                guard let parsed = Int(value), parsed >= 1 else { throw SandboxError(status: 400, title: "Bad request", detail: "page[size] must be a positive number") }
                size = min(parsed, 200)
            default:
                if key.hasPrefix("filter[") || key.hasPrefix("include") {
                    throw SandboxError(status: 400, title: "Bad request", detail: "unsupported filter `\(key)`")
                }
            }
        }
        // Ids grow with time, and break ties between versions made within the same second.
        versions.sort { descending ? $0.id > $1.id : $0.id < $1.id }
        let totalPages = max(1, (versions.count + size - 1) / size)
        let (skip, overflow) = (number - 1).multipliedReportingOverflow(by: size)
        let slice = versions.dropFirst(overflow ? versions.count : min(skip, versions.count)).prefix(size)
        return JSONAPIDocuments.response(status: 200, [
            "data": slice.map(Self.resource),
            "meta": ["current_page": number, "total_pages": totalPages, "total_count": versions.count, "page_size": size],
        ])
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
