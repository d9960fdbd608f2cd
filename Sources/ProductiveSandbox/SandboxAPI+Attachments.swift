import Foundation
import Hummingbird
import NIOCore
import ProductiveWire

/// The attachments API of the sandbox, as ../shared/reference/attachments.md describes it:
/// `POST /attachments` (the record, with a short-lived upload policy), `PATCH /attachments/{id}`
/// with `temp_url` (the final `url`, with a query string as files.productive.io has), the list by
/// page, one attachment, and `DELETE`. The upload itself goes to the file store (`FileStore`).
extension SandboxAPI {
    /// Where the sandbox's file store takes uploads, under the sandbox's own address.
    static let uploadPath = "/bucket"

    func createAttachment(_ json: [String: Any], request: Request, organization: String) throws(SandboxError) -> Response {
        guard let data = json["data"] as? [String: Any], data["type"] as? String == "attachments", let attributes = data["attributes"] as? [String: Any] else {
            throw .invalid("this endpoint takes a JSON:API envelope {\"data\": {\"type\": \"attachments\", \"attributes\": {...}}}", pointer: "/data")
        }
        guard let name = attributes["name"] as? String, !name.isEmpty, name.utf8.count <= 255, !name.contains("/"),
              name.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7F }) else {
            throw .invalid("name must be a file name (no slash, no control character, at most 255 bytes)", pointer: "/data/attributes/name")
        }
        guard let contentType = attributes["content_type"] as? String, contentType.contains("/") else {
            throw .invalid("content_type must be a MIME type", pointer: "/data/attributes/content_type")
        }
        guard let size = Self.int(attributes["size"]), size >= 0 else {
            throw .invalid("size must be the file's size in bytes", pointer: "/data/attributes/size")
        }
        guard size <= configuration.maxUploadBytes else {
            throw .invalid("size: files are limited to \(configuration.maxUploadBytes >> 20) MB", pointer: "/data/attributes/size")
        }
        guard attributes["attachable_type"] as? String == "page" else {
            throw .invalid("attachable_type: the sandbox keeps page attachments only (\"page\")", pointer: "/data/attributes/attachable_type")
        }
        guard let pageID = Self.int(attributes["page_id"]), (try? store.page(pageID, organization: organization)) != nil else {
            throw .invalid("page_id must name an existing page", pointer: "/data/attributes/page_id")
        }
        let type = attributes["attachment_type"] as? String ?? "attachment"
        guard type == "inline" || type == "attachment" else {
            throw .invalid("attachment_type is inline or attachment", pointer: "/data/attributes/attachment_type")
        }
        let stored = attachments.create(organization: organization, pageID: pageID, name: name, contentType: contentType, size: size, attachmentType: type)
        let fields = uploadPolicy.fields(key: stored.key, contentType: contentType, size: size)
        return Self.created(Self.resource(stored, policy: Self.policyPlaceholder), policy: fields)
    }

    func finishAttachment(_ id: Int, _ json: [String: Any], request: Request, organization: String) throws(SandboxError) -> Response {
        guard let data = json["data"] as? [String: Any], let attributes = data["attributes"] as? [String: Any] else {
            throw .invalid("this endpoint takes a JSON:API envelope {\"data\": {\"type\": \"attachments\", \"attributes\": {\"temp_url\": ...}}}", pointer: "/data")
        }
        guard let tempURL = attributes["temp_url"] as? String else {
            throw .invalid("temp_url is required", pointer: "/data/attributes/temp_url")
        }
        let current = try attachments.attachment(id, organization: organization)
        guard URLComponents(string: tempURL)?.path == Self.uploadPath + "/" + current.key else {
            throw .invalid("temp_url does not point at this attachment's upload", pointer: "/data/attributes/temp_url")
        }
        let origin = Self.origin(request)
        let finished = try attachments.finish(id, organization: organization) { attachment in
            let name = attachment.name.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/?#"))) ?? "file"
            return "\(origin)/files/attachments/\(attachment.id)/original/\(name)?\(Int(Date().timeIntervalSince1970))"
        }
        return JSONAPIDocuments.response(status: 200, ["data": Self.resource(finished)])
    }

    func attachmentResponse(_ id: Int, organization: String) throws(SandboxError) -> Response {
        JSONAPIDocuments.response(status: 200, ["data": Self.resource(try attachments.attachment(id, organization: organization))])
    }

    func listAttachments(_ request: Request, organization: String) throws(SandboxError) -> Response {
        let query = try ListQuery(request.uri.query, filters: ["page_id"], sortable: nil)
        var list = attachments.attachments(organization: organization)
        for filter in query.filters {
            let ids = ListQuery.ids(filter.value)
            list = list.filter { ids.contains($0.pageID) }
        }
        list.sort { $0.id < $1.id }
        let (slice, meta) = query.page(of: list)
        return JSONAPIDocuments.response(status: 200, ["data": slice.map { Self.resource($0) }, "meta": meta])
    }

    func requireAttachment(_ id: Int?) throws(SandboxError) -> Int {
        guard let id else { throw SandboxError(status: 404, title: "Not found", detail: "no such attachment") }
        return id
    }

    // MARK: Documents

    static func resource(_ attachment: StoredAttachment, policy: String? = nil) -> [String: Any] {
        var attributes: [String: Any] = [
            "name": attachment.name, "content_type": attachment.contentType, "size": attachment.size,
            "url": attachment.url.map { $0 as Any } ?? NSNull(), "attachable_type": "page", "attachable_id": attachment.pageID,
            "page_id": attachment.pageID, "attachment_type": attachment.attachmentType, "created_at": attachment.createdAt,
        ]
        if let policy { attributes["aws_policy"] = policy }
        return [
            "id": String(attachment.id), "type": "attachments", "attributes": attributes,
            "relationships": ["page": ["data": ["type": "pages", "id": String(attachment.pageID)]]],
        ]
    }

    private static let policyPlaceholder = "@@aws_policy@@"

    /// The 201 answer, with the policy's fields as an object in their own order (not sorted, as the
    /// rest of the document is): the client must send them in the order given.
    private static func created(_ resource: [String: Any], policy fields: [(String, String)]) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: ["data": resource], options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        let members = fields.map { name, value in jsonString(name) + ":" + jsonString(value) }
        let text = String(decoding: data, as: UTF8.self)
            .replacingOccurrences(of: jsonString(policyPlaceholder), with: "{" + members.joined(separator: ",") + "}")
        return Response(status: .created, headers: [.contentType: JSONAPI.mediaType], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    private static func jsonString(_ text: String) -> String {
        (try? JSONSerialization.data(withJSONObject: text, options: [.fragmentsAllowed, .withoutEscapingSlashes])).map { String(decoding: $0, as: UTF8.self) } ?? "\"\""
    }

    /// `http://HOST:PORT` as the client addressed the sandbox.
    static func origin(_ request: Request) -> String {
        "http://\(request.head.authority ?? "127.0.0.1")"
    }
}
