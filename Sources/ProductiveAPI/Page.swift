import Foundation

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

    /// Reads a JSON:API resource object; ids may come as strings or numbers.
    init?(resource: [String: Any]) {
        guard let object = ResourceObject(resource) else { return nil }
        let attributes = object.attributes
        let related = object.related
        self.id = object.id
        title = attributes["title"] as? String ?? ""
        parentPageID = JSONValue.string(attributes["parent_page_id"]) ?? related("parent_page")
        rootPageID = JSONValue.string(attributes["root_page_id"]) ?? related("root_page")
        projectID = JSONValue.string(attributes["project_id"]) ?? related("project")
        versionNumber = JSONValue.int(attributes["version_number"])
        body = attributes["body"] as? String
        updatedAt = attributes["updated_at"] as? String
        createdAt = attributes["created_at"] as? String
        updaterID = related("updater")
        position = JSONValue.int(attributes["position"])
    }

    /// The plain text of the stored body: every `text` of the ProseMirror document, in order, with a line
    /// break for every other node (blocks, hard breaks, images).
    public var bodyText: String {
        guard let body, let data = body.data(using: .utf8), let root = try? JSONSerialization.jsonObject(with: data) else { return "" }
        var out = ""
        var stack: [Any] = [root]
        while let node = stack.popLast() {
            if let object = node as? [String: Any] {
                if let text = object["text"] as? String { out += text }
                // Every node but text breaks the text: a block, and also a line break or an image.
                if object["type"] as? String != "text" { out += "\n" }
                if let content = object["content"] as? [Any] {
                    stack.append(contentsOf: content.reversed())
                }
            }
        }
        return out
    }
}

/// The parts of a JSON:API resource object the client reads: its id, attributes and the ids its
/// relationships point at.
struct ResourceObject {
    let id: String
    let attributes: [String: Any]
    private let relationships: [String: Any]

    init?(_ resource: [String: Any]) {
        guard let id = JSONValue.string(resource["id"]) else { return nil }
        self.id = id
        attributes = resource["attributes"] as? [String: Any] ?? [:]
        relationships = resource["relationships"] as? [String: Any] ?? [:]
    }

    /// The id in `relationships.NAME.data.id`.
    func related(_ name: String) -> String? {
        ((relationships[name] as? [String: Any])?["data"] as? [String: Any]).flatMap { JSONValue.string($0["id"]) }
    }
}

/// Lenient readers for JSON values whose type Productive does not pin down.
enum JSONValue {
    static func string(_ value: Any?) -> String? {
        switch value {
        case let string as String: string
        case let number as Int: String(number)
        case let number as NSNumber: number.stringValue
        default: nil
        }
    }

    static func int(_ value: Any?) -> Int? {
        switch value {
        case let number as Int: number
        case let number as NSNumber: number.intValue
        case let string as String: Int(string)
        default: nil
        }
    }
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
