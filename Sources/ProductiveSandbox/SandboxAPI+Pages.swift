import Foundation
import Hummingbird
import ProductiveWire

/// The pages endpoints: list, read, create, rename, delete, the body writes and the move. The
/// scripted fault in the context applies here where it changes what is stored or answered:
/// `noop-write` (the body is left as it was), `bodyless-answer` (the answer leaves the body out)
/// and the stored forms (`drop-last-word`, `link-suffix`).
extension SandboxAPI {
    func getPage(_ request: Request, _ context: SandboxRequestContext) throws(SandboxError) -> Response {
        let (organization, person) = try caller(context)
        let (page, document) = try store.page(try pathID(context), organization: organization)
        try requireAccess(.view, page: page.id, organization: organization, person: person)
        return JSONAPIDocuments.response(status: 200, ["data": JSONAPIDocuments.resource(page, document: document, fields: nil)])
    }

    /// `create_with_markdown`: a doc (`project_id`) or a subpage (`parent_page_id`, `root_page_id`).
    func createPage(_ request: Request, _ context: SandboxRequestContext) throws(SandboxError) -> Response {
        let (organization, person) = try caller(context)
        let attributes = try RequestBodies.resource(CreatePageAttributes.self, from: context.body).attributes
        let converted = try context.fault == .noopWrite ? EditorDocument() : store.convert(markdown: attributes.markdown)
        let document = context.fault?.storedForm(of: converted) ?? converted
        let page = try store.create(
            organization: organization, title: attributes.title, document: document, projectID: attributes.projectID,
            parentID: attributes.parentPageID, rootID: attributes.rootPageID, person: person, position: attributes.position
        )
        counter.payloads.record(attributes.markdown, for: page.id)
        let answerBody = context.fault != .bodylessAnswer
        return JSONAPIDocuments.response(status: 201, ["data": JSONAPIDocuments.resource(page, document: answerBody ? document : nil, fields: nil)])
    }

    /// `append_*` and `replace_body_with_*`, after the edit access is checked: a flat
    /// `{"markdown": ..}` or `{"html": ..}` body; and the move, on the same path.
    func pageAction(_ request: Request, _ context: SandboxRequestContext) throws(SandboxError) -> Response {
        guard case .bodyWrite(let append, let html) = context.route else { return try move(request, context) }
        let (organization, person) = try caller(context)
        let target = try pathID(context)
        try requireAccess(.edit, page: target, organization: organization, person: person)
        let content = html
            ? try RequestBodies.decode(BodyContent<HTMLContent>.self, from: context.body).text
            : try RequestBodies.decode(BodyContent<MarkdownContent>.self, from: context.body).text
        let converted = html ? try store.convert(html: content) : try store.convert(markdown: content)
        let document = context.fault?.storedForm(of: converted) ?? converted
        let page = try context.fault == .noopWrite
            ? store.acknowledgeWithoutWriting(target, organization: organization)
            : store.writeBody(target, organization: organization, document: document, append: append, person: person)
        if !append { counter.payloads.record(content, for: page.id) }
        let answerBody = context.fault != .bodylessAnswer
        return JSONAPIDocuments.response(status: 200, ["data": JSONAPIDocuments.resource(page, document: answerBody ? store.document(page.id) : nil, fields: nil)])
    }

    func renamePage(_ request: Request, _ context: SandboxRequestContext) throws(SandboxError) -> Response {
        let (organization, person) = try caller(context)
        let title = try RequestBodies.resource(RenamePageAttributes.self, from: context.body).attributes.title
        let id = try pathID(context)
        let page = try store.rename(id, organization: organization, title: title, person: person)
        return JSONAPIDocuments.response(status: 200, ["data": JSONAPIDocuments.resource(page, document: store.document(page.id), fields: nil)])
    }

    func deletePage(_ request: Request, _ context: SandboxRequestContext) throws(SandboxError) -> Response {
        try store.delete(try pathID(context), organization: try caller(context).organization)
        return Response(status: .noContent)
    }

    private func move(_ request: Request, _ context: SandboxRequestContext) throws(SandboxError) -> Response {
        let organization = try caller(context).organization
        let target = try RequestBodies.resource(MovePageAttributes.self, from: context.body).attributes.targetDocID.value
        let id = try pathID(context)
        let page = try store.move(id, organization: organization, target: target)
        return JSONAPIDocuments.response(status: 200, ["data": JSONAPIDocuments.resource(page, document: store.document(page.id), fields: nil)])
    }

    /// The `{id}` of the path, or a 404 that there is no such `thing`.
    func pathID(_ context: SandboxRequestContext, _ thing: String = "page") throws(SandboxError) -> Int {
        guard let id = context.parameters.get("id").flatMap({ Int($0) }) else { throw SandboxError(status: 404, title: "Not found", detail: "no such \(thing)") }
        return id
    }

    // MARK: List

    private static let sortKeys: Set<String> = ["title", "created_at", "updated_at", "edited_at", "id"]

    func listPages(_ request: Request, _ context: SandboxRequestContext) throws(SandboxError) -> Response {
        let organization = try caller(context).organization
        let query = try ListQuery(request.uri.query, filters: ["project_id", "parent_page_id", "root_page_id", "id", "query"], sortable: Self.sortKeys)
        // The ids first, in the store: a listing by ids copies only the pages it names.
        var pages = query.filters.first { $0.name == "id" }.map { store.pages(organization: organization, ids: ListQuery.ids($0.value)) }
            ?? store.pages(organization: organization)
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
}
