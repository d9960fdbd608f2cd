import Foundation
import ProductiveFormat

/// A page as the sandbox keeps it. The body is kept as Productive HTML written from the model,
/// which reads back into the same model (so it survives persistence).
struct StoredPage: Codable, Sendable, Equatable {
    var id: Int
    var organizationID: String
    var projectID: Int
    var title: String
    var parentPageID: Int?
    var rootPageID: Int?
    var versionNumber: Int?
    var bodyHTML: String
    var createdAt: String
    var updatedAt: String
    var editedAt: String?
    var publicUUID: String
}

/// Everything the sandbox stores, as persisted in `--data FILE`.
struct SandboxData: Codable, Sendable {
    var version = 1
    var nextID = 1001
    var pages: [StoredPage] = []
}
