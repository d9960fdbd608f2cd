import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import ProductiveWire

/// The client of Productive's pages API: every endpoint the tool uses, the three headers on every
/// request, one shared rate limiter, retries, and verification of lost answers so that no page and
/// no appended note ever ends up twice.
public final class ProductiveClient: Sendable {
    public let configuration: ProductiveConfiguration
    private let http: HTTPClient
    let transport: Transport

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

    /// - Parameters:
    ///   - logger: receives every client event at debug level, besides `reporter`.
    ///   - retryBaseDelay: the first retry's wait; each next one doubles (jittered).
    ///   - reporter: receives retries, waits, verifications and one event per request (e.g. to print them
    ///     on standard error); the library itself never prints. No event carries the token.
    public init(
        configuration: ProductiveConfiguration, logger: Logger? = nil, retryBaseDelay: Duration = .milliseconds(500),
        reporter: @escaping ClientReporter = { _ in }
    ) {
        self.configuration = configuration
        var httpConfiguration = HTTPClient.Configuration()
        httpConfiguration.timeout = HTTPClient.Configuration.Timeout(
            connect: .nanoseconds(Int64(Seconds.value(configuration.connectTimeout) * 1e9)),
            read: .nanoseconds(Int64(Seconds.value(configuration.readTimeout) * 1e9))
        )
        httpConfiguration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = configuration.maxConcurrency
        // A failed connection fails the request at once: the transport decides about trying again.
        httpConfiguration.connectionPool.retryConnectionEstablishment = false
        // Redirects are never followed: the token would go along, possibly to another host or over plain HTTP.
        httpConfiguration.redirectConfiguration = .disallow
        http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: httpConfiguration)
        transport = Transport(
            http: http, configuration: configuration,
            limiter: RequestLimiter(limits: configuration.rateLimits, maxConcurrency: configuration.maxConcurrency),
            reporter: { event in
                logger?.debug("\(event)")
                reporter(event)
            },
            retryBaseDelay: retryBaseDelay,
            budget: RunBudget(configuration.runTimeout)
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
        try await listPagesWithDate(filter, fields: fields, sort: sort).pages
    }

    /// The pages with these ids, by id: one list request per `ListLimits.maxPageSize` ids (a page
    /// the answers leave out, or one not asked for, is not in the result). The requests go side by
    /// side, as many at once as the limiter lets through (the server answers one while the client
    /// reads another); the first that fails fails the whole list.
    public func listPages(ids: some Collection<String>, fields: [String]) async throws -> [String: Page] {
        let ids = Array(ids)
        let chunks = stride(from: 0, to: ids.count, by: ListLimits.maxPageSize).map { Array(ids[$0..<min($0 + ListLimits.maxPageSize, ids.count)]) }
        return try await withThrowingTaskGroup(of: [Page].self) { group in
            for chunk in chunks {
                group.addTask {
                    let asked = Set(chunk)
                    return try await self.listPages(.init(ids: chunk), fields: fields).filter { asked.contains($0.id) }
                }
            }
            var pages: [String: Page] = [:]
            for try await listed in group {
                for page in listed { pages[page.id] = page }
            }
            return pages
        }
    }

    /// Every page matching `filter`, and the server's `Date` of the first answer.
    private func listPagesWithDate(_ filter: Filter, fields: [String]?, sort: String?) async throws -> (pages: [Page], serverDate: Date?, receivedAt: ContinuousClock.Instant) {
        var query: [(String, String)] = []
        if let project = filter.projectID { query.append((QueryKey.filter("project_id"), project)) }
        if !filter.parentPageIDs.isEmpty { query.append((QueryKey.filter("parent_page_id"), filter.parentPageIDs.joined(separator: ","))) }
        if let root = filter.rootPageID { query.append((QueryKey.filter("root_page_id"), root)) }
        if !filter.ids.isEmpty { query.append((QueryKey.filter("id"), filter.ids.joined(separator: ","))) }
        if let title = filter.titleQuery { query.append((QueryKey.filter("query"), title)) }
        if let fields { query.append((QueryKey.fields("pages"), fields.joined(separator: ","))) }
        if let sort { query.append((QueryKey.sort, sort)) }
        let listed = try await transport.paginate(PageAttributes.self, operation: "list pages") { number in
            APIRequest(.get, "/pages", query: query + ListLimits.page(number))
        }
        return (listed.resources.compactMap(Page.init(resource:)), listed.first.serverDate, listed.first.receivedAt)
    }

    /// The person the token belongs to (`GET /organization_memberships`: the token owner's
    /// membership), to tell this tool's own writes (`updater`) from a colleague's. Nil when the
    /// answer names none.
    public func tokenOwner() async throws -> String? {
        let response = try await transport.send(APIRequest(.get, "/organization_memberships", query: [(QueryKey.pageSize, "1")]), operation: "read the token's membership", expecting: .collection)
        return response.decoded(CollectionDocument<NoAttributes>.self)?.data.first?.related("person")
    }

    /// One page, with its body.
    public func page(_ id: String) async throws -> Page {
        let response = try await transport.send(APIRequest(.get, "/pages/\(id)"), operation: "read page \(id)", expecting: .resource)
        return try Self.page(from: response, operation: "read page \(id)")
    }

    // MARK: Writing

    /// Creates a page with a Markdown body (`create_with_markdown`).
    ///
    /// The answer is believed only when it names a page that is new (not in `excluding` nor in
    /// `listedBefore`) with the title and parent of the request; any other answer counts as lost.
    /// A lost answer (timeout, reset, 502/503/504, an unusable 2xx) is resolved by proof before
    /// anything is sent again. A page under the same parent is adopted as the one this call made only
    /// when it has the same title, is not in `excluding`, is new, and its body holds what was sent.
    /// "New" means absent from `listedBefore` when the caller gives it: no clock is needed then, and
    /// the server's clock only breaks a tie between several new pages. Without it, new means created
    /// after the request was sent, judged on the server's clock: its `Date` header on the
    /// verification answer, minus the time this machine measured since the send, minus one second
    /// for rounding. No such page: the create is sent again. One that fails the proof, or more than
    /// one: `ProductiveAPIError` of kind `.createUnresolved` (nothing was overwritten; check the parent).
    ///
    /// - Parameters:
    ///   - excluding: ids of pages the caller knows existed before this call (e.g. the pages a
    ///     manifest owns): never adopted.
    ///   - listedBefore: the ids of every page at the new page's place (the parent's children, or the
    ///     project's pages), listed before this call.
    ///   - position: where the page comes among its siblings (`position`, 1 first); nil: not sent.
    ///   - landed: judges whether a page found after a lost answer holds `markdown` (nil: the client
    ///     compares words, `LandingProof`).
    ///   - markdown: the payload, sent as its bytes (see `Payload`).
    public func createPage(
        title: String, markdown: Payload, in location: Location, excluding: Set<String> = [], listedBefore: Set<String>? = nil,
        position: Int? = nil, landed: LandingCheck? = nil
    ) async throws -> Page {
        var attributes = NewPageAttributes(title: title, markdown: markdown, position: position)
        let filter: Filter
        let parent: String?
        switch location {
        case .project(let project):
            attributes.projectID = WireID(project)
            filter = Filter(projectID: project)
            parent = nil
        case .under(let parentID, let root):
            attributes.parentPageID = WireID(parentID)
            attributes.rootPageID = WireID(root)
            filter = Filter(parentPageIDs: [parentID])
            parent = parentID
        }
        let known = excluding.union(listedBefore ?? [])
        let shape = AnswerShape.resource.and { response in
            guard let page = Self.resourcePage(response) else { return "it holds no page" }
            if known.contains(page.id) { return "it names page \(page.id), which existed before the create" }
            if page.title != title || page.parentPageID != parent { return "it names page \(page.id), whose title or parent is not the one sent" }
            return nil
        }
        let request = APIRequest(.post, "/pages/create_with_markdown", body: attributes.requestBody)
        let operation = "create page \"\(title)\""
        let response = try await transport.send(request, operation: operation, expecting: shape) { [self] context in
            let listed = try await listPagesWithDate(filter, fields: ["title", "parent_page_id", "root_page_id", "created_at", "version_number"], sort: nil)
            let sameSpot = listed.pages.filter { $0.title == title && $0.parentPageID == parent && !excluding.contains($0.id) }
            let candidates = try newPages(sameSpot, listedBefore: listedBefore, listed: listed, since: context.firstSentAt, operation: operation)
            if candidates.isEmpty { return .notLanded }
            guard candidates.count == 1, let candidate = candidates.first else {
                throw createUnresolved(operation, "pages \(candidates.map(\.id).joined(separator: ", ")) appeared with that title meanwhile")
            }
            let full = try await pageResponse(candidate.id)
            let page = try Self.page(from: full, operation: operation)
            guard landed?(page) ?? LandingProof.body(page.bodyText, holds: markdown.text) else {
                throw createUnresolved(operation, "page \(candidate.id) appeared with that title meanwhile, but its body differs from what was sent")
            }
            return .landed(full)
        }
        return try Self.page(from: response, operation: operation)
    }

    /// `createPage` with Markdown that is text already.
    public func createPage(
        title: String, markdown: String, in location: Location, excluding: Set<String> = [], listedBefore: Set<String>? = nil,
        position: Int? = nil, landed: LandingCheck? = nil
    ) async throws -> Page {
        try await createPage(
            title: title, markdown: Payload(markdown), in: location, excluding: excluding, listedBefore: listedBefore, position: position, landed: landed
        )
    }

    /// The pages of `sameSpot` that can be the one a lost create made: those absent from
    /// `listedBefore` (the server's clock breaks a tie), or without it those the server made after
    /// `since`.
    private func newPages(
        _ sameSpot: [Page], listedBefore: Set<String>?, listed: (pages: [Page], serverDate: Date?, receivedAt: ContinuousClock.Instant),
        since: ContinuousClock.Instant, operation: String
    ) throws -> [Page] {
        let madeAfterSend: ([Page]) -> [Page]? = { pages in
            guard let serverNow = listed.serverDate else { return nil }
            let earliest = serverNow.addingTimeInterval(-Seconds.value(listed.receivedAt - since) - 1)
            return pages.filter { page in page.createdAt.flatMap(Timestamp.parse).map { $0 >= earliest } ?? true }
        }
        if let listedBefore {
            let fresh = sameSpot.filter { !listedBefore.contains($0.id) }
            guard fresh.count > 1, let newer = madeAfterSend(fresh), !newer.isEmpty else { return fresh }
            return newer
        }
        if sameSpot.isEmpty { return [] }
        guard let newer = madeAfterSend(sameSpot) else {
            throw createUnresolved(operation, "Productive's answers carry no Date header, so the age of page \(sameSpot.map(\.id).joined(separator: ", ")) cannot be told")
        }
        return newer
    }

    private func createUnresolved(_ operation: String, _ cause: String) -> ProductiveAPIError {
        ProductiveAPIError(operation: operation, status: nil, cause: cause, kind: .createUnresolved)
    }

    /// The four body writes, each safe to retry: a lost answer is resolved by reading the page's
    /// version back, so an append never lands twice.
    public enum BodyWrite: String, Sendable, CaseIterable {
        case appendMarkdown = "append_markdown"
        case appendHTML = "append_html"
        case replaceWithMarkdown = "replace_body_with_markdown"
        case replaceWithHTML = "replace_body_with_html"

        var isAppend: Bool { self == .appendMarkdown || self == .appendHTML }

        var key: String {
            switch self {
            case .appendMarkdown, .replaceWithMarkdown: "markdown"
            case .appendHTML, .replaceWithHTML: "html"
            }
        }
    }

    /// Writes a body (append or replace, Markdown or HTML) to page `id`. Pass the page's current
    /// version when you know it; otherwise the client reads it first, to verify a lost answer.
    ///
    /// After a lost answer (timeout, reset, 502/503/504) the page is read back. The version unchanged:
    /// nothing landed, the write is sent again. Otherwise a replace counts as landed when the body holds
    /// what was sent, an append when the body ends with it; anything else means someone else changed
    /// the page meanwhile, and the call throws `ProductiveAPIError` of kind `.changedMeanwhile` without
    /// sending anything again.
    ///
    /// - Parameters:
    ///   - content: the payload, sent as its bytes (see `Payload`).
    ///   - landed: judges whether the page read back holds the write (nil: the client compares
    ///     words, `LandingProof`).
    @discardableResult
    public func write(
        _ kind: BodyWrite, _ content: Payload, to id: String, currentVersion: KnownVersion = .unknown, landed: LandingCheck? = nil
    ) async throws -> Page {
        try await write(kind, content, to: id, currentVersion: currentVersion, proof: kind.isAppend ? .endsWithContent(landed) : .holdsContent(landed))
    }

    /// `write` with a payload that is text already.
    @discardableResult
    public func write(
        _ kind: BodyWrite, _ content: String, to id: String, currentVersion: KnownVersion = .unknown, landed: LandingCheck? = nil
    ) async throws -> Page {
        try await write(kind, Payload(content), to: id, currentVersion: currentVersion, landed: landed)
    }

    private enum Proof: Sendable {
        case holdsContent(LandingCheck?), endsWithContent(LandingCheck?), noteKey(String)
    }

    private func write(_ kind: BodyWrite, _ content: Payload, to id: String, currentVersion: KnownVersion, proof: Proof) async throws -> Page {
        let before: Int?
        switch currentVersion {
        case .known(let version): before = version
        case .unknown: before = try await page(id).versionNumber
        }
        let operation = "\(kind.rawValue) to page \(id)"
        let request = APIRequest(.patch, "/pages/\(id)/\(kind.rawValue)", body: .object([kind.key: .payload(content)]))
        let response = try await transport.send(request, operation: operation, expecting: .resource) { [self] _ in
            let response = try await pageResponse(id)
            let now = try Self.page(from: response, operation: operation)
            // No body write at all since ours was sent: nothing landed (a replace with the same words
            // must not pass for one that landed).
            if now.versionNumber == before { return .notLanded }
            let landed: Bool
            switch proof {
            case .noteKey(let key): landed = NoteKey.isHeld(key, in: now.bodyText)
            case .holdsContent(let check): landed = check?(now) ?? LandingProof.body(now.bodyText, holds: content.text)
            case .endsWithContent(let check):
                let text = content.text
                landed = check?(now) ?? (LandingProof.hasWords(text)
                    ? LandingProof.body(now.bodyText, endsWith: text)
                    : now.versionNumber == (before ?? 0) + 1)
            }
            if landed { return .landed(response) }
            throw ProductiveAPIError(
                operation: operation, status: nil,
                cause: "version \(before.map(String.init) ?? "none") became \(now.versionNumber.map(String.init) ?? "none"), and the page does not hold what was sent",
                kind: .changedMeanwhile
            )
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
    /// After a lost answer the note counts as landed only when its key is in the body; when the page
    /// changed meanwhile and the key is not there, it throws `.changedMeanwhile` rather than guess.
    /// Two runs on one machine at once: hold a `PageLock` around the call.
    public func appendOnce(_ kind: BodyWrite, _ content: Payload, key: String, to id: String) async throws -> AppendOutcome {
        let current = try await page(id)
        if NoteKey.isHeld(key, in: current.bodyText) { return .alreadyThere(current) }
        return .appended(try await write(kind, content, to: id, currentVersion: .known(current.versionNumber), proof: .noteKey(key)))
    }

    /// `appendOnce` with a payload that is text already.
    public func appendOnce(_ kind: BodyWrite, _ content: String, key: String, to id: String) async throws -> AppendOutcome {
        try await appendOnce(kind, Payload(content), key: key, to: id)
    }

    /// Renames a page (`PATCH /pages/{id}`; not in the official reference any more: best effort).
    @discardableResult
    public func rename(_ id: String, to title: String) async throws -> Page {
        let operation = "rename page \(id)"
        let request = APIRequest(.patch, "/pages/\(id)", json: RequestDocument(type: PageWire.type, id: id, attributes: ["title": title]))
        let response = try await transport.send(request, operation: operation, expecting: .resource) { [self] _ in
            let response = try await pageResponse(id)
            return try Self.page(from: response, operation: operation).title == title ? .landed(response) : .notLanded
        }
        return try Self.page(from: response, operation: operation)
    }

    /// Moves a page to be the last child of `targetDocID`.
    @discardableResult
    public func move(_ id: String, to targetDocID: String) async throws -> Page {
        let operation = "move page \(id)"
        let request = APIRequest(.patch, "/pages/\(id)/move", json: RequestDocument(type: PageWire.type, attributes: ["target_doc_id": WireID(targetDocID)]))
        let response = try await transport.send(request, operation: operation, expecting: .resource) { [self] _ in
            let response = try await pageResponse(id)
            return try Self.page(from: response, operation: operation).parentPageID == targetDocID ? .landed(response) : .notLanded
        }
        return try Self.page(from: response, operation: operation)
    }

    /// Deletes a page and its subpages. A page already gone counts as deleted.
    public func delete(_ id: String) async throws {
        let operation = "delete page \(id)"
        do {
            _ = try await transport.send(APIRequest(.delete, "/pages/\(id)"), operation: operation, expecting: .anything) { [self] _ in
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
        try await transport.send(APIRequest(.get, "/pages/\(id)"), operation: "read page \(id)", expecting: .resource)
    }

    private static func resourcePage(_ response: APIResponse) -> Page? {
        response.resource(PageAttributes.self).flatMap(Page.init(resource:))
    }

    static func page(from response: APIResponse, operation: String) throws -> Page {
        guard let page = resourcePage(response) else {
            throw ProductiveAPIError(operation: operation, status: response.status, title: "Unexpected answer", detail: "the response holds no page", kind: .badAnswer)
        }
        return page
    }
}
