import Foundation
import Hummingbird
import Logging
import NIOCore

/// A local server that behaves like Productive's pages API, for tests and for trying the tool
/// without an account. The API lives under `/api/v2`; `/` and `/pages/{id}` show what was published.
public final class SandboxServer: Sendable {
    /// The default credentials printed for users.
    public static let defaultToken = "sandbox-token"
    public static let defaultOrganization = "1"

    public let configuration: SandboxConfiguration
    /// The port the server listens on.
    public let port: Int
    /// The API requests answered so far.
    public let requests: RequestCounter
    /// The uploads the file store received (not API requests).
    public let uploads: UploadCounter
    /// The seed of the random faults' draws (`SandboxConfiguration.faultSeed`, or the one drawn).
    public let faultSeed: UInt64
    private let task: Task<Void, any Error>

    /// `http://HOST:PORT/api/v2`: what `PRODUCTIVE_BASE_URL` points at.
    public var baseURL: String { "http://\(configuration.host):\(port)/api/v2" }
    /// `http://HOST:PORT/bucket`: the file store, what `PRODUCTIVE_UPLOAD_URL` points at.
    public var uploadURL: String { "http://\(configuration.host):\(port)\(SandboxAPI.uploadPath)" }
    /// `http://HOST:PORT`: the page view.
    public var viewURL: String { "http://\(configuration.host):\(port)" }

    private init(configuration: SandboxConfiguration, port: Int, requests: RequestCounter, uploads: UploadCounter, faultSeed: UInt64, task: Task<Void, any Error>) {
        self.configuration = configuration
        self.faultSeed = faultSeed
        self.port = port
        self.requests = requests
        self.uploads = uploads
        self.task = task
    }

    /// Starts the server and returns once it listens.
    public static func start(_ configuration: SandboxConfiguration = SandboxConfiguration()) async throws -> SandboxServer {
        let store = try SandboxStore(dataFile: configuration.dataFile, strict: configuration.strict, timestampSkew: configuration.timestampSkew)
        let counter = RequestCounter()
        let faults = FaultInjector(configuration.faults)
        let dice = FaultDice(seed: configuration.faultSeed)
        let attachments = try AttachmentStore(dataFile: configuration.dataFile)
        let policy = UploadPolicy(lifetime: configuration.uploadPolicyLifetime)
        let api = SandboxAPI(
            store: store, configuration: configuration, limiter: SandboxRateLimiter(
                perToken: configuration.rateLimits, perOrganization: configuration.sustainedLimit.map { [$0] } ?? [], clock: configuration.clock
            ), counter: counter,
            faults: faults, dice: dice, attachments: attachments, uploadPolicy: policy, memberships: try MembershipStore(dataFile: configuration.dataFile)
        )
        let fileStore = FileStore(attachments: attachments, policy: policy, faults: faults, counter: UploadCounter(), maxUploadBytes: configuration.maxUploadBytes)
        let view = PageView(store: store)
        let gate = PageViewGate(tokens: Set(configuration.credentials.keys), open: configuration.openPageView)
        let router = Router(context: SandboxRequestContext.self)
        router.add(middleware: AdmissionMiddleware(api: api))
        router.get("/") { request, _ in gate.check(request) { view.index() } }
        router.get("/pages/:id") { request, context in gate.check(request) { view.page(context.parameters.get("id").flatMap { Int($0) }) } }
        router.endpoint(.get, "/api/v2/projects/:id", .named(.project), api: api, api.project)
        router.endpoint(.post, "/api/v2/page_versions", .named(.createVersion), api: api, api.createVersion)
        router.endpoint(.get, "/api/v2/page_versions", .named(.listVersions), api: api, api.listVersions)
        router.endpoint(.get, "/api/v2/organization_memberships", .named(.memberships), api: api, api.organizationMemberships)
        addAttachmentRoutes(router, api: api, fileStore: fileStore, gate: gate)
        addSharingRoutes(router, api: api)
        addPageRoutes(router, api: api)
        let (port, task) = try await listen(router, configuration: configuration)
        return SandboxServer(configuration: configuration, port: port, requests: counter, uploads: fileStore.counter, faultSeed: dice.seed, task: task)
    }

    /// The pages API: list, read, create, rename, delete, the body writes and the move.
    private static func addPageRoutes(_ router: Router<SandboxRequestContext>, api: SandboxAPI) {
        let pages = router.group("/api/v2/pages")
        pages.endpoint(.get, "", .named(.list), api: api, api.listPages)
        pages.endpoint(.get, ":id", .named(.get), api: api, api.getPage)
        pages.endpoint(.post, "create_with_markdown", .named(.create), api: api, api.createPage)
        pages.endpoint(.patch, ":id", .named(.rename), api: api, api.renamePage)
        pages.endpoint(.delete, ":id", .named(.delete), api: api, api.deletePage)
        pages.endpoint(.patch, ":id/:action", .naming { pageAction($0.parameters.get("action")) }, api: api, api.pageAction)
    }

    /// The route of `PATCH /pages/{id}/{action}`: a body write or the move; nil for another action.
    private static func pageAction(_ action: String?) -> SandboxAPI.Route? {
        switch action {
        case "append_markdown": .bodyWrite(append: true, html: false)
        case "append_html": .bodyWrite(append: true, html: true)
        case "replace_body_with_markdown": .bodyWrite(append: false, html: false)
        case "replace_body_with_html": .bodyWrite(append: false, html: true)
        case "move": .move
        default: nil
        }
    }

    /// Runs the application until the task is cancelled; returns once it listens, with its port.
    private static func listen(_ router: Router<SandboxRequestContext>, configuration: SandboxConfiguration) async throws -> (Int, Task<Void, any Error>) {
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        var logger = Logger(label: "productive-docs.sandbox")
        logger.logLevel = .critical
        let app = Application(
            router: router,
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "productive-sandbox"),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? configuration.port)
                continuation.finish()
            },
            logger: logger
        )
        let task = Task {
            do {
                try await app.runService(gracefulShutdownSignals: [])
            } catch {
                continuation.finish()
                throw error
            }
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else {
            let reason = await task.result
            throw SandboxStartError("the sandbox could not listen on \(configuration.host):\(configuration.port) (\(reason))")
        }
        return (port, task)
    }

    /// The attachments API, the file store's upload and the finished files.
    private static func addAttachmentRoutes(_ router: Router<SandboxRequestContext>, api: SandboxAPI, fileStore: FileStore, gate: PageViewGate) {
        let attachments = router.group("/api/v2/attachments")
        attachments.endpoint(.post, "", .named(.createAttachment), api: api, api.createAttachment)
        attachments.endpoint(.get, "", .named(.listAttachments), api: api, api.listAttachments)
        attachments.endpoint(.get, ":id", .named(.getAttachment), api: api, api.getAttachment)
        attachments.endpoint(.patch, ":id", .named(.finishAttachment), api: api, api.finishAttachment)
        attachments.endpoint(.delete, ":id", .named(.deleteAttachment), api: api, api.deleteAttachment)
        router.post(RouterPath(SandboxAPI.uploadPath)) { request, context in await fileStore.upload(request, context) }
        router.get("/files/attachments/:id/original/:name") { request, context in
            gate.check(request) { fileStore.serve(id: context.parameters.get("id").flatMap { Int($0) }, name: context.parameters.get("name")) }
        }
    }

    /// Doc access (`/memberships`) and the directory (`/people`, `/teams`, `/dynamic_groups`).
    private static func addSharingRoutes(_ router: Router<SandboxRequestContext>, api: SandboxAPI) {
        router.endpoint(.get, "/api/v2/memberships", .named(.sharing(.listMemberships)), api: api, api.listMemberships)
        router.endpoint(.post, "/api/v2/memberships", .named(.sharing(.createMembership)), api: api, api.createMembership)
        router.endpoint(.delete, "/api/v2/memberships/:id", .named(.sharing(.deleteMembership)), api: api, api.deleteMembership)
        router.endpoint(.get, "/api/v2/people", .named(.sharing(.people)), api: api, api.people)
        router.endpoint(.get, "/api/v2/teams", .named(.sharing(.teams)), api: api, api.teams)
        router.endpoint(.get, "/api/v2/dynamic_groups", .named(.sharing(.dynamicGroups)), api: api, api.dynamicGroups)
    }

    /// Stops the server.
    public func stop() async {
        task.cancel()
        _ = await task.result
    }

    /// Waits until the server stops (for the `sandbox` command).
    public func wait() async {
        _ = await task.result
    }
}
