import AsyncHTTPClient
import Foundation
import Logging
import NIOCore

/// The client of Productive's pages API: every endpoint the tool uses, the three headers on every
/// request, one shared rate limiter, retries, and verification of lost answers so that no page and
/// no appended note ever ends up twice.
public final class ProductiveClient: Sendable {
    public let configuration: ProductiveConfiguration
    private let http: HTTPClient
    private let transport: Transport

    /// Where a new page goes.
    public enum Location: Sendable, Equatable {
        /// A new doc in a project.
        case project(String)
        /// A subpage: its parent and the doc at the top.
        case under(parent: String, root: String)
    }

    /// What the caller knows of a page's version before a body write.
    public enum KnownVersion: Sendable, Equatable {
        /// Nothing: the client reads it first when it needs it.
        case unknown
        /// The current `version_number` (nil: never written).
        case known(Int?)
    }

    /// The filters of the list endpoint.
    public struct Filter: Sendable, Equatable {
        public var projectID: String?
        public var parentPageIDs: [String]
        public var rootPageID: String?
        public var ids: [String]
        public var titleQuery: String?

        public init(projectID: String? = nil, parentPageIDs: [String] = [], rootPageID: String? = nil, ids: [String] = [], titleQuery: String? = nil) {
            self.projectID = projectID
            self.parentPageIDs = parentPageIDs
            self.rootPageID = rootPageID
            self.ids = ids
            self.titleQuery = titleQuery
        }
    }

    /// - Parameter retryBaseDelay: the first retry's wait; each next one doubles (jittered).
    public init(configuration: ProductiveConfiguration, logger: Logger? = nil, retryBaseDelay: Duration = .milliseconds(500)) {
        self.configuration = configuration
        var httpConfiguration = HTTPClient.Configuration()
        httpConfiguration.timeout = HTTPClient.Configuration.Timeout(
            connect: .seconds(configuration.connectTimeout.components.seconds),
            read: .seconds(configuration.readTimeout.components.seconds)
        )
        httpConfiguration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = configuration.maxConcurrency
        http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: httpConfiguration)
        transport = Transport(
            http: http, configuration: configuration,
            limiter: RequestLimiter(limits: configuration.rateLimits, maxConcurrency: configuration.maxConcurrency),
            logger: logger ?? Logger(label: "productive-docs.api", factory: { _ in SwiftLogNoOpLogHandler() }),
            retryBaseDelay: retryBaseDelay
        )
    }

    /// Closes the connections. Call once, when done.
    public func shutdown() async throws {
        try await http.shutdown()
    }

    // MARK: Reading

    /// Every page matching `filter`, following every page of results (200 a request).
    /// `fields` trims the attributes (`fields[pages]`), e.g. to leave the bodies out.
    public func listPages(_ filter: Filter, fields: [String]? = nil, sort: String? = nil) async throws -> [Page] {
        var query: [(String, String)] = []
        if let project = filter.projectID { query.append(("filter[project_id]", project)) }
        if !filter.parentPageIDs.isEmpty { query.append(("filter[parent_page_id]", filter.parentPageIDs.joined(separator: ","))) }
        if let root = filter.rootPageID { query.append(("filter[root_page_id]", root)) }
        if !filter.ids.isEmpty { query.append(("filter[id]", filter.ids.joined(separator: ","))) }
        if let title = filter.titleQuery { query.append(("filter[query]", title)) }
        if let fields { query.append(("fields[pages]", fields.joined(separator: ","))) }
        if let sort { query.append(("sort", sort)) }
        var pages: [Page] = []
        var number = 1
        while true {
            let request = APIRequest(.get, "/pages", query: query + [("page[number]", "\(number)"), ("page[size]", "200")])
            let response = try await transport.send(request, operation: "list pages")
            let object = response.object ?? [:]
            let resources = object["data"] as? [[String: Any]] ?? []
            pages += resources.compactMap(Page.init(resource:))
            let totalPages = JSONValue.int((object["meta"] as? [String: Any])?["total_pages"]) ?? number
            if resources.isEmpty || number >= totalPages { return pages }
            number += 1
        }
    }

    /// One page, with its body.
    public func page(_ id: String) async throws -> Page {
        let response = try await transport.send(APIRequest(.get, "/pages/\(id)"), operation: "read page \(id)")
        return try Self.page(from: response, operation: "read page \(id)")
    }

    // MARK: Writing

    /// Creates a page with a Markdown body (`create_with_markdown`). A lost answer is resolved by
    /// looking for the page under its parent by title before anything is sent again; pages in
    /// `excluding` (known before the request, or owned by someone else) are never taken for it.
    public func createPage(title: String, markdown: String, in location: Location, excluding: Set<String> = []) async throws -> Page {
        var attributes: [String: Any] = ["title": title, "markdown": markdown]
        let filter: Filter
        switch location {
        case .project(let project):
            attributes["project_id"] = Self.number(project)
            filter = Filter(projectID: project)
        case .under(let parent, let root):
            attributes["parent_page_id"] = Self.number(parent)
            attributes["root_page_id"] = Self.number(root)
            filter = Filter(parentPageIDs: [parent])
        }
        let request = APIRequest(.post, "/pages/create_with_markdown", json: ["data": ["type": "pages", "attributes": attributes]])
        let operation = "create page \"\(title)\""
        let response = try await transport.send(request, operation: operation) { [self] in
            let siblings = try await listPages(filter, fields: ["title", "parent_page_id", "root_page_id", "version_number"])
                .filter { page in
                    guard page.title == title, !excluding.contains(page.id) else { return false }
                    if case .under(let parent, _) = location { return page.parentPageID == parent }
                    return page.parentPageID == nil
                }
            guard let newest = siblings.max(by: { (Int($0.id) ?? 0, $0.id) < (Int($1.id) ?? 0, $1.id) }) else { return .notLanded }
            return .landed(try await self.pageResponse(newest.id))
        }
        return try Self.page(from: response, operation: operation)
    }

    /// The four body writes, each safe to retry: a lost answer is resolved by reading the page's
    /// version back, so an append never lands twice.
    public enum BodyWrite: String, Sendable, CaseIterable {
        case appendMarkdown = "append_markdown"
        case appendHTML = "append_html"
        case replaceWithMarkdown = "replace_body_with_markdown"
        case replaceWithHTML = "replace_body_with_html"

        var key: String {
            switch self {
            case .appendMarkdown, .replaceWithMarkdown: "markdown"
            case .appendHTML, .replaceWithHTML: "html"
            }
        }
    }

    /// Writes a body (append or replace, Markdown or HTML) to page `id`. Pass the page's current
    /// version when you know it; otherwise the client reads it first, to verify a lost answer.
    @discardableResult
    public func write(_ kind: BodyWrite, _ content: String, to id: String, currentVersion: KnownVersion = .unknown) async throws -> Page {
        let before: Int?
        switch currentVersion {
        case .known(let version): before = version
        case .unknown: before = try await page(id).versionNumber
        }
        let operation = "\(kind.rawValue) to page \(id)"
        let request = APIRequest(.patch, "/pages/\(id)/\(kind.rawValue)", json: [kind.key: content])
        let response = try await transport.send(request, operation: operation) { [self] in
            let response = try await pageResponse(id)
            let now = try Self.page(from: response, operation: operation).versionNumber
            return now != before ? .landed(response) : .notLanded
        }
        return try Self.page(from: response, operation: operation)
    }

    /// What `appendOnce` did.
    public enum AppendOutcome: Sendable, Equatable {
        case appended(Page)
        /// The page already holds a note with this key: nothing was sent.
        case alreadyThere(Page)
    }

    /// Appends `content` (which must contain `NoteKey.line(key)`) unless the page already holds a note
    /// with that key. Safe to run again after any failure: a cron job or CI retry never adds it twice.
    public func appendOnce(_ kind: BodyWrite, _ content: String, key: String, to id: String) async throws -> AppendOutcome {
        let current = try await page(id)
        if NoteKey.isHeld(key, in: current.bodyText) { return .alreadyThere(current) }
        return .appended(try await write(kind, content, to: id, currentVersion: .known(current.versionNumber)))
    }

    /// Renames a page (`PATCH /pages/{id}`; not in the official reference any more: best effort).
    @discardableResult
    public func rename(_ id: String, to title: String) async throws -> Page {
        let operation = "rename page \(id)"
        let request = APIRequest(.patch, "/pages/\(id)", json: ["data": ["type": "pages", "id": id, "attributes": ["title": title]]])
        let response = try await transport.send(request, operation: operation) { [self] in
            let response = try await pageResponse(id)
            return try Self.page(from: response, operation: operation).title == title ? .landed(response) : .notLanded
        }
        return try Self.page(from: response, operation: operation)
    }

    /// Moves a page to be the last child of `targetDocID`.
    @discardableResult
    public func move(_ id: String, to targetDocID: String) async throws -> Page {
        let operation = "move page \(id)"
        let request = APIRequest(.patch, "/pages/\(id)/move", json: ["data": ["type": "pages", "attributes": ["target_doc_id": Self.number(targetDocID)]]])
        let response = try await transport.send(request, operation: operation) { [self] in
            let response = try await pageResponse(id)
            return try Self.page(from: response, operation: operation).parentPageID == targetDocID ? .landed(response) : .notLanded
        }
        return try Self.page(from: response, operation: operation)
    }

    /// Deletes a page and its subpages. A page already gone counts as deleted.
    public func delete(_ id: String) async throws {
        let operation = "delete page \(id)"
        do {
            _ = try await transport.send(APIRequest(.delete, "/pages/\(id)"), operation: operation) { [self] in
                do {
                    _ = try await pageResponse(id)
                    return .notLanded
                } catch let error as ProductiveAPIError where error.status == 404 {
                    return .landed(APIResponse(status: 204, data: Data()))
                }
            }
        } catch let error as ProductiveAPIError where error.status == 404 {
            return
        }
    }

    // MARK: Helpers

    private func pageResponse(_ id: String) async throws -> APIResponse {
        try await transport.send(APIRequest(.get, "/pages/\(id)"), operation: "read page \(id)")
    }

    private static func page(from response: APIResponse, operation: String) throws -> Page {
        guard let resource = response.object?["data"] as? [String: Any], let page = Page(resource: resource) else {
            throw ProductiveAPIError(operation: operation, status: response.status, title: "Unexpected answer", detail: "the response holds no page")
        }
        return page
    }

    /// Ids go out as numbers when they are numeric, as Productive's examples show.
    private static func number(_ id: String) -> Any {
        Int(id).map { $0 as Any } ?? id
    }
}
