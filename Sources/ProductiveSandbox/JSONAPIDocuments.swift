import Foundation
import Hummingbird
import ProductiveWire

/// The response documents of the pages API, as the reference describes them.
enum JSONAPIDocuments {
    static func resource(_ page: StoredPage, document: EditorDocument?, fields: Set<String>?) -> [String: Any] {
        var attributes: [String: Any] = [
            "title": page.title,
            "body": document.map { $0.json as Any } ?? NSNull(),
            "parent_page_id": page.parentPageID.map { $0 as Any } ?? NSNull(),
            "root_page_id": page.rootPageID.map { $0 as Any } ?? NSNull(),
            "position": page.position.map { $0 as Any } ?? NSNull(),
            "version_number": page.versionNumber.map { $0 as Any } ?? NSNull(),
            "edited_at": page.editedAt.map { $0 as Any } ?? NSNull(),
            "updated_at": page.updatedAt,
            "created_at": page.createdAt,
            "public_uuid": page.publicUUID,
            "public_access": false,
            "icon_id": NSNull(),
            "custom_fields": NSNull(),
        ]
        if let fields { attributes = attributes.filter { fields.contains($0.key) } }
        func relation(_ type: String, _ id: Int?) -> [String: Any] {
            ["data": id.map { ["type": type, "id": String($0)] as Any } ?? NSNull()]
        }
        return [
            "id": String(page.id), "type": "pages", "attributes": attributes,
            "relationships": [
                "project": relation("projects", page.projectID),
                "parent_page": relation("pages", page.parentPageID),
                "root_page": relation("pages", page.rootPageID),
                "creator": relation("people", page.creatorID),
                "updater": relation("people", page.updaterID),
            ],
        ]
    }

    static func response(status: Int, _ object: [String: Any], headers: HTTPFields = [:]) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        var headers = headers
        headers[.contentType] = JSONAPI.mediaType
        return Response(status: .init(code: status), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// A 200 list answer: the same bytes as `response(status: 200, object)`, written by
    /// `ListAnswerJSON` when it can (every list of pages: a body is its JSON text), else by `JSONSerialization`.
    static func listResponse(_ object: [String: Any]) -> Response {
        guard let bytes = ListAnswerJSON.bytes(object) else { return response(status: 200, object) }
        return Response(status: .ok, headers: [.contentType: JSONAPI.mediaType], body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    static func error(_ error: SandboxError, headers: HTTPFields = [:], extra: [String: Any] = [:]) -> Response {
        var object: [String: Any] = ["status": String(error.status), "title": error.title, "detail": error.detail]
        if let pointer = error.pointer { object["source"] = ["pointer": pointer] }
        object.merge(extra) { $1 }
        return response(status: error.status, ["errors": [object]], headers: headers)
    }
}
