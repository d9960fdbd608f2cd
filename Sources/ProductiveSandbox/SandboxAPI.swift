import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import ProductiveWire
import Synchronization

/// The pages API of the sandbox: auth, media type, rate limits, faults, then the endpoint.
struct SandboxAPI: Sendable {
    enum Route: Sendable, Equatable {
        case list, get, create, bodyWrite(append: Bool, html: Bool), rename, delete, move, project
        /// `GET /organization_memberships`: the token owner's membership (its person).
        case memberships
        /// `POST /page_versions` and `GET /page_versions`.
        case createVersion, listVersions
        /// `POST /attachments`, `PATCH /attachments/{id}` (temp_url), `GET /attachments`, `GET` and `DELETE /attachments/{id}`.
        case createAttachment, finishAttachment, listAttachments, getAttachment, deleteAttachment
        /// The file store's upload (not an API request: no token, no API limits).
        case upload
        /// Doc access and the directory (`SandboxAPI+Memberships.swift`).
        case sharing(SharingRoute)

        /// The routes that read.
        var isRead: Bool {
            switch self {
            case .list, .get, .listVersions, .listAttachments, .getAttachment: true
            case .sharing(let route): route.isRead
            default: false
            }
        }

        var isAttachment: Bool {
            switch self {
            case .createAttachment, .finishAttachment, .listAttachments, .getAttachment, .deleteAttachment, .upload: true
            default: false
            }
        }
    }

    let store: SandboxStore
    let configuration: SandboxConfiguration
    let limiter: SandboxRateLimiter
    let counter: RequestCounter
    let faults: FaultInjector
    let dice: FaultDice
    let attachments: AttachmentStore
    let uploadPolicy: UploadPolicy
    let memberships: MembershipStore

    /// Where the API's paths start: every request under it passes `AdmissionMiddleware` first.
    static let apiPrefix = "/api/v2/"

    /// The stages after admission (`AdmissionMiddleware`: auth, organization, rate limits), in
    /// Productive's order: the faults that strike before anything is done, the body (media type,
    /// size, JSON), the endpoint, then the faults that strike after the change. A stage that answers
    /// ends the request.
    func respond(_ request: Request, _ context: SandboxRequestContext, _ route: Route) async -> Response {
        guard let (token, organization) = context.admitted else {
            return JSONAPIDocuments.error(SandboxError(status: 500, title: "Internal server error", detail: "the request was not admitted"))
        }
        do throws(EarlyAnswer) {
            let fault = faults.take(for: route)
            try await strikeBefore(fault, request)
            let json = try await body(of: request)
            let response: Response
            do throws(SandboxError) {
                response = try handle(
                    route, request: request, context: context, organization: organization, json: json, fault: fault,
                    person: Self.personID(token: token, credentials: configuration.credentials)
                )
            } catch {
                return JSONAPIDocuments.error(error)
            }
            return await strikeAfter(fault, response, request, context, route: route, organization: organization)
        } catch {
            return error.response
        }
    }

    /// Lines plus tags: what conversion cost grows with.
    static func lineCount(_ content: String) -> Int {
        content.utf8.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") || $1 == UInt8(ascii: "<") ? 1 : 0) }
    }

    /// The deepest nesting of arrays and objects in JSON bytes (strings skipped), without parsing.
    static func nestingDepth(_ data: Data) -> Int {
        var depth = 0
        var deepest = 0
        var inString = false
        var escaped = false
        for byte in data {
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                deepest = max(deepest, depth)
            case UInt8(ascii: "]"), UInt8(ascii: "}"): depth -= 1
            default: break
            }
        }
        return deepest
    }

    /// What a colleague does in Productive's editor meanwhile.
    func colleagueEdit(_ edit: SandboxFault.ColleagueEdit, page: Int, organization: String) {
        switch edit {
        case .append(let text):
            if let document = try? store.convert(markdown: text) { _ = try? store.writeBody(page, organization: organization, document: document, append: true) }
        case .replace(let text):
            if let document = try? store.convert(markdown: text) { _ = try? store.writeBody(page, organization: organization, document: document, append: false) }
        }
    }

    /// The same answer, one byte every `interval`.
    static func trickled(_ response: Response, interval: Duration) async -> Response {
        let collector = BodyCollector()
        try? await response.body.write(collector)
        let bytes = collector.bytes
        var headers = response.headers
        headers[.contentLength] = String(bytes.count)
        return Response(status: response.status, headers: headers, body: ResponseBody(contentLength: bytes.count) { writer in
            for byte in bytes {
                try await writer.write(ByteBuffer(bytes: [byte]))
                try await Task.sleep(for: interval)
            }
            try await writer.finish(nil)
        })
    }

    /// - Parameter fault: the scripted fault hitting this request; `noop-write` (the body is left as it was)
    ///   and `bodyless-answer` (the answer leaves the body out) are applied here.
    /// - Parameter person: the id of the person the token belongs to.
    private func handle(_ route: Route, request: Request, context: SandboxRequestContext, organization: String, json: [String: Any], fault: SandboxFault.Action?, person: Int) throws(SandboxError) -> Response {
        let id = context.parameters.get("id").flatMap { Int($0) }
        switch route {
        case .memberships:
            let membership: [String: Any] = [
                "id": String(person), "type": "organization_memberships", "attributes": [String: Any](),
                "relationships": ["person": ["data": ["type": "people", "id": String(person)]]],
            ]
            return JSONAPIDocuments.response(status: 200, ["data": [membership], "meta": ["total_pages": 1]])
        case .createVersion:
            return try createVersion(json, organization: organization, person: person)
        case .listVersions:
            return try listVersions(request, organization: organization)
        case .list:
            return try list(request, organization: organization)
        case .get:
            let (page, document) = try store.page(try require(id), organization: organization)
            try requireAccess(.view, page: page.id, organization: organization, person: person)
            return JSONAPIDocuments.response(status: 200, ["data": JSONAPIDocuments.resource(page, document: document, fields: nil)])
        case .create:
            return try create(json, organization: organization, fault: fault, person: person)
        case .bodyWrite(let append, let html):
            try requireAccess(.edit, page: try require(id), organization: organization, person: person)
            return try writeBody(id, json, append: append, html: html, organization: organization, fault: fault, person: person)
        case .rename:
            let attributes = try envelopeAttributes(json)
            guard let title = attributes["title"] as? String, !title.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw .invalid("title must be a non-empty string", pointer: "/data/attributes/title")
            }
            let page = try store.rename(try require(id), organization: organization, title: title, person: person)
            return JSONAPIDocuments.response(status: 200, ["data": JSONAPIDocuments.resource(page, document: store.document(page.id), fields: nil)])
        case .delete:
            try store.delete(try require(id), organization: organization)
            return Response(status: .noContent)
        case .move:
            let attributes = try envelopeAttributes(json)
            guard let target = Self.int(attributes["target_doc_id"]) else {
                throw .invalid("target_doc_id is required", pointer: "/data/attributes/target_doc_id")
            }
            let page = try store.move(try require(id), organization: organization, target: target)
            return JSONAPIDocuments.response(status: 200, ["data": JSONAPIDocuments.resource(page, document: store.document(page.id), fields: nil)])
        case .project:
            return try project(try require(id), organization: organization)
        case .createAttachment:
            return try createAttachment(json, request: request, organization: organization)
        case .finishAttachment:
            return try finishAttachment(try requireAttachment(id), json, request: request, organization: organization)
        case .listAttachments:
            return try listAttachments(request, organization: organization)
        case .getAttachment:
            return try attachmentResponse(try requireAttachment(id), organization: organization)
        case .deleteAttachment:
            try attachments.delete(try requireAttachment(id), organization: organization)
            return Response(status: .noContent)
        case .upload:
            throw SandboxError(status: 404, title: "Not found", detail: "uploads go to the file store, not the API")
        case .sharing(let sharing):
            return try handleSharing(sharing, request: request, id: id, organization: organization, json: json, person: person)
        }
    }

    /// `create_with_markdown`: a doc (`project_id`) or a subpage (`parent_page_id`, `root_page_id`).
    private func create(_ json: [String: Any], organization: String, fault: SandboxFault.Action?, person: Int) throws(SandboxError) -> Response {
        let noop = fault == .noopWrite
        let answerBody = fault != .bodylessAnswer
        let attributes = try envelopeAttributes(json)
        guard let title = attributes["title"] as? String, !title.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw .invalid("title is required", pointer: "/data/attributes/title")
        }
        guard let markdown = attributes["markdown"] as? String, !markdown.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw .invalid("markdown is required and must not be empty", pointer: "/data/attributes/markdown")
        }
        let converted = try noop ? EditorDocument() : store.convert(markdown: markdown)
        let document = fault?.storedForm(of: converted) ?? converted
        let page = try store.create(
            organization: organization, title: title, document: document, projectID: Self.int(attributes["project_id"]),
            parentID: Self.int(attributes["parent_page_id"]), rootID: Self.int(attributes["root_page_id"]), person: person,
            position: try Self.position(attributes["position"])
        )
        counter.payloads.record(markdown, for: page.id)
        return JSONAPIDocuments.response(status: 201, ["data": JSONAPIDocuments.resource(page, document: answerBody ? document : nil, fields: nil)])
    }

    /// `append_*` and `replace_body_with_*`: a flat `{"markdown": ..}` or `{"html": ..}` body.
    private func writeBody(
        _ id: Int?, _ json: [String: Any], append: Bool, html: Bool, organization: String, fault: SandboxFault.Action?, person: Int
    ) throws(SandboxError) -> Response {
        let noop = fault == .noopWrite
        let answerBody = fault != .bodylessAnswer
        let key = html ? "html" : "markdown"
        if json["data"] != nil { throw .invalid("this endpoint takes a flat body {\"\(key)\": ...}, not a JSON:API envelope", pointer: "/data") }
        guard let content = json[key] as? String, !content.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw .invalid("\(key) is required and must not be empty", pointer: "/\(key)")
        }
        let converted = html ? try store.convert(html: content) : try store.convert(markdown: content)
        let document = fault?.storedForm(of: converted) ?? converted
        let target = try require(id)
        let page = try noop
            ? store.acknowledgeWithoutWriting(target, organization: organization)
            : store.writeBody(target, organization: organization, document: document, append: append, person: person)
        if !append { counter.payloads.record(content, for: page.id) }
        return JSONAPIDocuments.response(status: 200, ["data": JSONAPIDocuments.resource(page, document: answerBody ? store.document(page.id) : nil, fields: nil)])
    }

    private func require(_ id: Int?) throws(SandboxError) -> Int {
        guard let id else { throw SandboxError(status: 404, title: "Not found", detail: "no such page") }
        return id
    }

    private func envelopeAttributes(_ json: [String: Any]) throws(SandboxError) -> [String: Any] {
        guard let data = json["data"] as? [String: Any], let attributes = data["attributes"] as? [String: Any] else {
            throw .invalid("this endpoint takes a JSON:API envelope {\"data\": {\"type\": \"pages\", \"attributes\": {...}}}", pointer: "/data")
        }
        return attributes
    }

    // MARK: List

    private static let sortKeys: Set<String> = ["title", "created_at", "updated_at", "edited_at", "id"]

    private func list(_ request: Request, organization: String) throws(SandboxError) -> Response {
        let query = try ListQuery(request.uri.query, filters: ["project_id", "parent_page_id", "root_page_id", "id", "query"], sortable: Self.sortKeys)
        var pages = store.pages(organization: organization)
        for (name, value) in query.filters {
            let ids = ListQuery.ids(value)
            switch name {
            case "project_id": pages = pages.filter { ids.contains($0.projectID) }
            case "parent_page_id": pages = pages.filter { $0.parentPageID.map(ids.contains) ?? false }
            case "root_page_id": pages = pages.filter { $0.rootPageID.map(ids.contains) ?? false }
            case "id": pages = pages.filter { ids.contains($0.id) }
            default: pages = pages.filter { $0.title.localizedCaseInsensitiveContains(value) }
            }
        }
        pages.sort { $0.id < $1.id }
        for key in query.sort.reversed() {
            let descending = key.hasPrefix("-")
            let name = key.drop { $0 == "-" }
            pages = pages.enumerated().sorted { lhs, rhs in
                let (a, b) = (Self.sortValue(lhs.element, name), Self.sortValue(rhs.element, name))
                if a == b { return lhs.offset < rhs.offset }
                return descending ? a > b : a < b
            }.map(\.element)
        }
        let fields = query.fields["pages"]
        let (slice, meta) = query.page(of: pages)
        let data = slice.map { page in
            JSONAPIDocuments.resource(page, document: fields?.contains("body") ?? true ? store.document(page.id) : nil, fields: fields)
        }
        return JSONAPIDocuments.listResponse(["data": data, "meta": meta])
    }

    private static func sortValue(_ page: StoredPage, _ key: Substring) -> String {
        switch key {
        case "title": page.title.lowercased()
        case "created_at": page.createdAt
        case "updated_at": page.updatedAt
        case "edited_at": page.editedAt ?? ""
        default: String(format: "%012d", page.id)
        }
    }

    static func int(_ value: Any?) -> Int? {
        switch value {
        case let number as Int: number
        case let string as String: Int(string)
        case let number as NSNumber: number.intValue
        default: nil
        }
    }

    static func hostile(_ hostile: SandboxConfiguration.HostileResponse) -> Response {
        switch hostile {
        case .htmlBadGateway:
            return Response(status: .badGateway, headers: [.contentType: "text/html"], body: .init(byteBuffer: ByteBuffer(string: "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>")))
        case .plainTextError:
            return Response(status: .internalServerError, headers: [.contentType: "text/plain"], body: .init(byteBuffer: ByteBuffer(string: "Internal Server Error: something broke")))
        case .hugeBody(let bytes):
            return Response(status: .ok, headers: [.contentType: JSONAPI.mediaType], body: .init(byteBuffer: ByteBuffer(repeating: UInt8(ascii: " "), count: bytes)))
        }
    }
}

/// How many API requests the sandbox answered, reads and writes apart (for tests and benchmarks).
public final class RequestCounter: Sendable {
    public enum Kind: Sendable { case read, write }

    private let counts = Mutex<(reads: Int, writes: Int)>((0, 0))
    /// The raw payloads received (see `PayloadRecorder`).
    public let payloads = PayloadRecorder()

    func count(_ kind: Kind) {
        counts.withLock { kind == .read ? ($0.reads += 1) : ($0.writes += 1) }
    }

    /// Requests answered so far.
    public var reads: Int { counts.withLock { $0.reads } }
    public var writes: Int { counts.withLock { $0.writes } }
}
