import Foundation
import ProductiveWire

/// A Productive page (doc or subpage), as the client reads it.
public struct Page: Sendable, Equatable {
    public var id: String
    public var title: String
    /// The direct parent; nil for a doc.
    public var parentPageID: String?
    /// The doc at the top; nil for a doc.
    public var rootPageID: String?
    public var projectID: String?
    /// Null until the first body write, then one more per write.
    public var versionNumber: Int?
    /// The stored document (ProseMirror JSON) as a string, when the response carried it.
    public var body: String?
    public var updatedAt: String?
    /// When the page was made (ISO 8601, the server's clock).
    public var createdAt: String?
    /// The person who last edited the page (the `updater` relationship), when the answer has it.
    public var updaterID: String?
    /// `position`: where the page comes among its siblings (lower first), when the server says;
    /// Productive's answers have carried null so far (see `MoveToEnd` in DocsSync).
    public var position: Int?

    public init(
        id: String, title: String, parentPageID: String? = nil, rootPageID: String? = nil, projectID: String? = nil,
        versionNumber: Int? = nil, body: String? = nil, updatedAt: String? = nil, createdAt: String? = nil
    ) {
        self.id = id
        self.title = title
        self.parentPageID = parentPageID
        self.rootPageID = rootPageID
        self.projectID = projectID
        self.versionNumber = versionNumber
        self.body = body
        self.updatedAt = updatedAt
        self.createdAt = createdAt
    }

    /// Reads a JSON:API resource object: attributes first, relationships as fallback. Nil without an id.
    init?(resource: Resource<PageAttributes>) {
        guard let id = resource.id else { return nil }
        let attributes = resource.attributes
        self.id = id
        title = attributes.title ?? ""
        parentPageID = attributes.parentPageID ?? resource.related("parent_page")
        rootPageID = attributes.rootPageID ?? resource.related("root_page")
        projectID = attributes.projectID ?? resource.related("project")
        versionNumber = attributes.versionNumber
        body = attributes.body
        updatedAt = attributes.updatedAt
        createdAt = attributes.createdAt
        updaterID = resource.related("updater")
        position = attributes.position
    }

    /// The plain text of the stored body: every `text` of the ProseMirror document, in order, with a line
    /// break for every other node (blocks, hard breaks, images).
    public var bodyText: String {
        guard let body, let root = try? JSONDecoder().decode(BodyNode.self, from: Data(body.utf8)) else { return "" }
        var out = ""
        var stack: [BodyNode?] = [root]
        while let next = stack.popLast() {
            guard let node = next else { continue }  // not an object: nothing
            if let text = node.text { out += text }
            // Every node but text breaks the text: a block, and also a line break or an image.
            if node.type != "text" { out += "\n" }
            stack.append(contentsOf: node.content.reversed())
        }
        return out
    }
}

/// One node of a stored body (ProseMirror JSON), as `bodyText` reads it: its `type`, its `text`
/// and its children (nil for one that is not an object). A member of another type reads as absent.
private struct BodyNode: Decodable {
    var type: String?
    var text: String?
    var content: [BodyNode?]

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        type = container.lenient(String.self, forKey: .type)
        text = container.lenient(String.self, forKey: .text)
        content = container.lenient([Lenient<BodyNode>].self, forKey: .content)?.map(\.value) ?? []
    }

    private enum CodingKeys: String, CodingKey { case type, text, content }
}

/// ISO 8601 timestamps as Productive writes them (with or without fractional seconds).
enum Timestamp {
    static func parse(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)
    }
}
