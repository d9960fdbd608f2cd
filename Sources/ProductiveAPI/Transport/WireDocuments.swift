import Foundation
import ProductiveWire

/// A request body that is a JSON:API resource document: `{"data":{"type":..,"id":..,"attributes":{..}}}`
/// (the wire's `ResourceDocument`, which the sandbox reads).
typealias RequestDocument<Attributes: Codable & Sendable> = ResourceDocument<Attributes>

extension ResourceDocument {
    init(type: String, id: String? = nil, attributes: Attributes) {
        self.init(Resource(id: id, type: type, attributes: attributes))
    }
}

/// An id as Productive's examples send it: a number when it is digits, else the text.
struct WireID: Codable, Sendable, Equatable {
    var text: String

    init(_ text: String) {
        self.text = text
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            self.text = text
        } else {
            text = String(try container.decode(Int.self))
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if let number = Int(text) { try container.encode(number) } else { try container.encode(text) }
    }
}

/// Bytes of an `Encodable` body: keys sorted, like every body the client has sent
/// (`JSONSerialization` with `.sortedKeys` before), slashes escaped as it did.
enum WireJSON {
    static func encode(_ value: some Encodable) -> Data? {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try? encoder.encode(value)
    }
}

/// The resource type of pages.
enum PageWire {
    static let type = "pages"
}

/// `create_with_markdown`'s attributes: a doc names its project, a subpage its parent and root.
struct NewPageAttributes: Codable, Sendable {
    var title: String
    var markdown: Payload
    var projectID: WireID?
    var parentPageID: WireID?
    var rootPageID: WireID?
    /// Where the page comes among its siblings (accepted on create only); absent: last.
    var position: Int?

    init(title: String, markdown: Payload, projectID: WireID? = nil, parentPageID: WireID? = nil, rootPageID: WireID? = nil, position: Int? = nil) {
        self.title = title
        self.markdown = markdown
        self.projectID = projectID
        self.parentPageID = parentPageID
        self.rootPageID = rootPageID
        self.position = position
    }

    /// The same, with Markdown that is text already.
    init(title: String, markdown: String, projectID: WireID? = nil, parentPageID: WireID? = nil, rootPageID: WireID? = nil, position: Int? = nil) {
        self.init(title: title, markdown: Payload(markdown), projectID: projectID, parentPageID: parentPageID, rootPageID: rootPageID, position: position)
    }

    /// The create request's body, with the payload's bytes escaped straight in: the bytes
    /// `WireJSON.encode(RequestDocument(type: PageWire.type, attributes: self))` writes.
    var requestBody: JSONBody {
        .document(type: PageWire.type, attributes: [
            CodingKeys.title.rawValue: .string(title), CodingKeys.markdown.rawValue: .payload(markdown),
            CodingKeys.projectID.rawValue: projectID.map(JSONBody.id), CodingKeys.parentPageID.rawValue: parentPageID.map(JSONBody.id),
            CodingKeys.rootPageID.rawValue: rootPageID.map(JSONBody.id), CodingKeys.position.rawValue: position.map(JSONBody.int),
        ])
    }

    private enum CodingKeys: String, CodingKey {
        case title, markdown, projectID = "project_id", parentPageID = "parent_page_id", rootPageID = "root_page_id", position
    }
}

/// `POST /page_versions`'s attributes.
struct NewPageVersionAttributes: Codable, Sendable {
    var pageID: WireID
    var name: String

    private enum CodingKeys: String, CodingKey {
        case pageID = "page_id", name
    }
}

/// `POST /attachments`'s attributes (see `AttachmentWire` for what is guessed).
struct NewAttachmentAttributes: Codable, Sendable {
    var name: String
    var contentType: String
    var size: Int
    var attachableType = "page"
    var pageID: WireID
    var attachmentType: String

    init(name: String, contentType: String, size: Int, pageID: WireID, attachmentType: String) {
        self.name = name
        self.contentType = contentType
        self.size = size
        self.pageID = pageID
        self.attachmentType = attachmentType
    }

    private enum CodingKeys: String, CodingKey {
        case name, contentType = "content_type", size, attachableType = "attachable_type", pageID = "page_id", attachmentType = "attachment_type"
    }
}
