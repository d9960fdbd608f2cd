import Foundation
import ProductiveWire

/// `create_with_markdown`'s attributes: a title and markdown (neither blank), a doc's `project_id`
/// or a subpage's `parent_page_id` and `root_page_id` (ids the sandbox cannot read count as
/// absent, and the store says what is missing), and `position` (absent or null: last).
struct CreatePageAttributes: RequestAttributes {
    var title: String
    var markdown: String
    var projectID: Int?
    var parentPageID: Int?
    var rootPageID: Int?
    var position: Int?

    static let envelopeShape = #"{"data": {"type": "pages", "attributes": {...}}}"#

    static func problem(with member: String) -> String {
        switch member {
        case "title": "title is required"
        case "markdown": "markdown is required and must not be empty"
        default: "position must be a whole number from 1"
        }
    }

    enum CodingKeys: String, CodingKey {
        case title, markdown, projectID = "project_id", parentPageID = "parent_page_id", rootPageID = "root_page_id", position
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        title = try container.nonBlank(.title)
        markdown = try container.nonBlank(.markdown, .whitespacesAndNewlines)
        projectID = container.lenientID(.projectID)
        parentPageID = container.lenientID(.parentPageID)
        rootPageID = container.lenientID(.rootPageID)
        position = try container.wholeNumberIfPresent(.position)
        if let position, position < 1 { throw DecodingError.dataCorruptedError(forKey: .position, in: container, debugDescription: "below 1") }
    }
}

/// The rename's attributes (`PATCH /pages/{id}`): a title that is not blank.
struct RenamePageAttributes: RequestAttributes {
    var title: String

    static let envelopeShape = CreatePageAttributes.envelopeShape

    static func problem(with member: String) -> String { "title must be a non-empty string" }

    init(from decoder: any Decoder) throws {
        title = try decoder.container(keyedBy: CodingKeys.self).nonBlank(.title)
    }
}

/// The move's attributes (`PATCH /pages/{id}/move`): the page that becomes the parent.
struct MovePageAttributes: RequestAttributes {
    var targetDocID: NumericID

    static let envelopeShape = CreatePageAttributes.envelopeShape

    static func problem(with member: String) -> String { "target_doc_id is required" }

    enum CodingKeys: String, CodingKey { case targetDocID = "target_doc_id" }
}

/// `POST /page_versions`'s attributes: the page's id and an optional `name` (absent or null: none).
struct CreateVersionAttributes: RequestAttributes {
    var pageID: NumericID
    var name: String?

    static let envelopeShape = #"{"data": {"type": "page_versions", "attributes": {...}}}"#
    static let resourceType: String? = "page_versions"

    static func problem(with member: String) -> String {
        member == "name" ? "name must be a string" : "page_id is required"
    }

    enum CodingKeys: String, CodingKey { case pageID = "page_id", name }
}

/// Which member a flat body write carries: `markdown` or `html`.
protocol BodyContentKind {
    static var member: String { get }
}

enum MarkdownContent: BodyContentKind {
    static let member = "markdown"
}

enum HTMLContent: BodyContentKind {
    static let member = "html"
}

/// The flat body of `append_*` and `replace_body_with_*`: `{"markdown": ..}` or `{"html": ..}`,
/// not blank. A `data` member (even null) means the client sent an envelope: refused at `/data`.
struct BodyContent<Kind: BodyContentKind>: RequestBody {
    var text: String

    static func refusal(at path: [any CodingKey]) -> SandboxError {
        .invalid("\(Kind.member) is required and must not be empty", pointer: "/\(Kind.member)")
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: MemberKey.self)
        let envelope = MemberKey("data")
        if container.contains(envelope) {
            throw SandboxError.invalid("this endpoint takes a flat body {\"\(Kind.member)\": ...}, not a JSON:API envelope", at: envelope, in: container)
        }
        text = try container.nonBlank(MemberKey(Kind.member), .whitespacesAndNewlines)
    }
}
