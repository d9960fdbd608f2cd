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

    func createAttachment(_ request: Request, _ context: SandboxRequestContext) throws(SandboxError) -> Response {
        let organization = try caller(context).organization
        let attributes = try RequestBodies.resource(CreateAttachmentAttributes.self, from: context.body).attributes
        guard attributes.size <= configuration.maxUploadBytes else {
            throw .invalid("size: files are limited to \(configuration.maxUploadBytes >> 20) MB", pointer: "/data/attributes/size")
        }
        guard (try? store.page(attributes.pageID, organization: organization)) != nil else {
            throw .invalid(CreateAttachmentAttributes.problem(with: "page_id"), pointer: "/data/attributes/page_id")
        }
        let stored = attachments.create(
            organization: organization, pageID: attributes.pageID, name: attributes.name, contentType: attributes.contentType,
            size: attributes.size, attachmentType: attributes.attachmentType
        )
        let fields = uploadPolicy.fields(key: stored.key, contentType: attributes.contentType, size: attributes.size)
        return Self.created(Self.resource(stored, policy: Self.policyPlaceholder), policy: fields)
    }

    func finishAttachment(_ request: Request, _ context: SandboxRequestContext) throws(SandboxError) -> Response {
        let organization = try caller(context).organization
        let id = try pathID(context, "attachment")
        let tempURL = try RequestBodies.resource(FinishAttachmentAttributes.self, from: context.body).attributes.tempURL
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

    func getAttachment(_ request: Request, _ context: SandboxRequestContext) throws(SandboxError) -> Response {
        let attachment = try attachments.attachment(try pathID(context, "attachment"), organization: try caller(context).organization)
        return JSONAPIDocuments.response(status: 200, ["data": Self.resource(attachment)])
    }

    func deleteAttachment(_ request: Request, _ context: SandboxRequestContext) throws(SandboxError) -> Response {
        try attachments.delete(try pathID(context, "attachment"), organization: try caller(context).organization)
        return Response(status: .noContent)
    }

    func listAttachments(_ request: Request, _ context: SandboxRequestContext) throws(SandboxError) -> Response {
        let organization = try caller(context).organization
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
