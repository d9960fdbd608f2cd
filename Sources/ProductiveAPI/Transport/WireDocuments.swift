import Foundation

/// A JSON:API error document, read leniently: an error whose `title` or `detail` is not text keeps
/// the rest; a body that is not such a document (a 429's or a proxy's) reads as no errors.
struct LenientErrorDocument: Decodable, Sendable {
    struct Entry: Decodable, Sendable {
        var title: String?
        var detail: String?

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            title = try? container.decodeIfPresent(String.self, forKey: .title)
            detail = try? container.decodeIfPresent(String.self, forKey: .detail)
        }

        private enum CodingKeys: String, CodingKey { case title, detail }
    }

    var errors: [Entry]

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        errors = (try? container.decode([Lenient<Entry>].self, forKey: .errors))?.compactMap(\.value) ?? []
    }

    private enum CodingKeys: String, CodingKey { case errors }
}

/// A value that may fail to decode without failing what holds it.
struct Lenient<Value: Decodable & Sendable>: Decodable, Sendable {
    var value: Value?

    init(from decoder: any Decoder) throws {
        value = try? Value(from: decoder)
    }
}

/// A request body that is a JSON:API resource document: `{"data":{"type":..,"id":..,"attributes":{..}}}`.
struct RequestDocument<Attributes: Encodable & Sendable>: Encodable, Sendable {
    struct Resource: Encodable, Sendable {
        var type: String
        var id: String?
        var attributes: Attributes
    }

    var data: Resource

    init(type: String, id: String? = nil, attributes: Attributes) {
        data = Resource(type: type, id: id, attributes: attributes)
    }
}

/// An id as Productive's examples send it: a number when it is digits, else the text.
struct WireID: Encodable, Sendable, Equatable {
    var text: String

    init(_ text: String) {
        self.text = text
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
struct NewPageAttributes: Encodable, Sendable {
    var title: String
    var markdown: String
    var projectID: WireID?
    var parentPageID: WireID?
    var rootPageID: WireID?
    /// Where the page comes among its siblings (accepted on create only); absent: last.
    var position: Int?

    private enum CodingKeys: String, CodingKey {
        case title, markdown, projectID = "project_id", parentPageID = "parent_page_id", rootPageID = "root_page_id", position
    }
}

/// `POST /page_versions`'s attributes.
struct NewPageVersionAttributes: Encodable, Sendable {
    var pageID: WireID
    var name: String

    private enum CodingKeys: String, CodingKey {
        case pageID = "page_id", name
    }
}

/// `POST /attachments`'s attributes (see `AttachmentWire` for what is guessed).
struct NewAttachmentAttributes: Encodable, Sendable {
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
