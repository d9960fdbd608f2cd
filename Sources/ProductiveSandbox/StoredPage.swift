import Foundation

/// A page as the sandbox keeps it. The body is kept as the JSON `GET /pages/{id}` returns.
struct StoredPage: Codable, Sendable, Equatable {
    var id: Int
    var organizationID: String
    var projectID: Int
    var title: String
    var parentPageID: Int?
    var rootPageID: Int?
    var versionNumber: Int?
    /// The stored body (`EditorDocument.json`).
    var body: String?
    /// The body as HTML: what data files written by earlier versions hold instead of `body`.
    var bodyHTML: String?
    var createdAt: String
    var updatedAt: String
    var editedAt: String?
    var publicUUID: String
    /// The person who made the page, and who last wrote its body (the `creator` and `updater`
    /// relationships); nil in data files written before they were kept.
    var creatorID: Int?
    var updaterID: Int?
    /// Where the page comes among its siblings, 1 first (`SiblingPositions`); nil in data files
    /// written before it was kept.
    var position: Int?
}

/// A version of a page (`POST /page_versions`): its body and title as they were, and who made it.
struct StoredPageVersion: Codable, Sendable, Equatable {
    var id: Int
    var pageID: Int
    var organizationID: String
    var name: String?
    var titleSnapshot: String
    /// The stored body as `GET /pages/{id}` returned it then.
    var bodySnapshot: String
    var createdAt: String
    var personID: Int
}

/// Everything the sandbox stores, as persisted in `--data FILE`.
struct SandboxData: Codable, Sendable {
    var version = 1
    var nextID = 1001
    var pages: [StoredPage] = []
    var versions: [StoredPageVersion] = []
    var nextVersionID = 1

    init() {}

    /// Data files written before versions existed have none.
    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        version = try container.decode(Int.self, forKey: .version)
        nextID = try container.decode(Int.self, forKey: .nextID)
        pages = try container.decode([StoredPage].self, forKey: .pages)
        versions = try container.decodeIfPresent([StoredPageVersion].self, forKey: .versions) ?? []
        nextVersionID = try container.decodeIfPresent(Int.self, forKey: .nextVersionID) ?? 1
    }
}
