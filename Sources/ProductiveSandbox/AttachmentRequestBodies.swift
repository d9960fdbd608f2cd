import Foundation

/// `POST /attachments`'s attributes: a file name (no slash, no control character, at most 255
/// bytes), a MIME type, a size from 0, `attachable_type` "page", the page's id, and
/// `attachment_type` inline or attachment (absent or not text: attachment). Whether the size fits
/// and the page exists is the endpoint's to say.
struct CreateAttachmentAttributes: RequestAttributes {
    var name: String
    var contentType: String
    var size: Int
    var attachableType: String
    var pageID: Int
    var attachmentType: String

    static let envelopeShape = #"{"data": {"type": "attachments", "attributes": {...}}}"#
    static let resourceType: String? = "attachments"

    static func problem(with member: String) -> String {
        switch member {
        case "name": "name must be a file name (no slash, no control character, at most 255 bytes)"
        case "content_type": "content_type must be a MIME type"
        case "size": "size must be the file's size in bytes"
        case "attachable_type": #"attachable_type: the sandbox keeps page attachments only ("page")"#
        case "page_id": "page_id must name an existing page"
        default: "attachment_type is inline or attachment"
        }
    }

    enum CodingKeys: String, CodingKey {
        case name, contentType = "content_type", size, attachableType = "attachable_type", pageID = "page_id", attachmentType = "attachment_type"
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func refuse(_ key: CodingKeys) -> DecodingError {
            .dataCorruptedError(forKey: key, in: container, debugDescription: Self.problem(with: key.rawValue))
        }
        name = try container.decode(String.self, forKey: .name)
        guard !name.isEmpty, name.utf8.count <= 255, !name.contains("/"), name.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7F }) else {
            throw refuse(.name)
        }
        contentType = try container.decode(String.self, forKey: .contentType)
        guard contentType.contains("/") else { throw refuse(.contentType) }
        size = try container.decode(NumericID.self, forKey: .size).value
        guard size >= 0 else { throw refuse(.size) }
        attachableType = try container.decode(String.self, forKey: .attachableType)
        guard attachableType == "page" else { throw refuse(.attachableType) }
        pageID = try container.decode(NumericID.self, forKey: .pageID).value
        attachmentType = (try? container.decodeIfPresent(String.self, forKey: .attachmentType)) ?? "attachment"
        guard attachmentType == "inline" || attachmentType == "attachment" else { throw refuse(.attachmentType) }
    }
}

/// `PATCH /attachments/{id}`'s attributes: the `temp_url` the file store answered with.
struct FinishAttachmentAttributes: RequestAttributes {
    var tempURL: String

    static let envelopeShape = #"{"data": {"type": "attachments", "attributes": {"temp_url": ...}}}"#

    static func problem(with member: String) -> String { "temp_url is required" }

    enum CodingKeys: String, CodingKey { case tempURL = "temp_url" }
}
