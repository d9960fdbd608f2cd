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
        router.get("/api/v2/projects/:id") { request, context in await api.respond(request, context, .project) }
        router.post("/api/v2/page_versions") { request, context in await api.respond(request, context, .createVersion) }
        router.get("/api/v2/page_versions") { request, context in await api.respond(request, context, .listVersions) }
        router.get("/api/v2/organization_memberships") { request, context in await api.respond(request, context, .memberships) }
        addAttachmentRoutes(router, api: api, fileStore: fileStore, gate: gate)
        addSharingRoutes(router, api: api)
        addPageRoutes(router, api: api)
        let (port, task) = try await listen(router, configuration: configuration)
        return SandboxServer(configuration: configuration, port: port, requests: counter, uploads: fileStore.counter, faultSeed: dice.seed, task: task)
    }

    /// The pages API: list, read, create, rename, delete, the body writes and the move.
    private static func addPageRoutes(_ router: Router<SandboxRequestContext>, api: SandboxAPI) {
        let pages = router.group("/api/v2/pages")
        pages.get("") { request, context in await api.respond(request, context, .list) }
        pages.get(":id") { request, context in await api.respond(request, context, .get) }
        pages.post("create_with_markdown") { request, context in await api.respond(request, context, .create) }
        pages.patch(":id") { request, context in await api.respond(request, context, .rename) }
        pages.delete(":id") { request, context in await api.respond(request, context, .delete) }
        pages.patch(":id/:action") { request, context in
            switch context.parameters.get("action") {
            case "append_markdown": await api.respond(request, context, .bodyWrite(append: true, html: false))
            case "append_html": await api.respond(request, context, .bodyWrite(append: true, html: true))
            case "replace_body_with_markdown": await api.respond(request, context, .bodyWrite(append: false, html: false))
            case "replace_body_with_html": await api.respond(request, context, .bodyWrite(append: false, html: true))
            case "move": await api.respond(request, context, .move)
            default: JSONAPIDocuments.error(SandboxError(status: 404, title: "Not found", detail: "no such endpoint"))
            }
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
        attachments.post("") { request, context in await api.respond(request, context, .createAttachment) }
        attachments.get("") { request, context in await api.respond(request, context, .listAttachments) }
        attachments.get(":id") { request, context in await api.respond(request, context, .getAttachment) }
        attachments.patch(":id") { request, context in await api.respond(request, context, .finishAttachment) }
        attachments.delete(":id") { request, context in await api.respond(request, context, .deleteAttachment) }
        router.post(RouterPath(SandboxAPI.uploadPath)) { request, context in await fileStore.upload(request, context) }
        router.get("/files/attachments/:id/original/:name") { request, context in
            gate.check(request) { fileStore.serve(id: context.parameters.get("id").flatMap { Int($0) }, name: context.parameters.get("name")) }
        }
    }

    /// Doc access (`/memberships`) and the directory (`/people`, `/teams`, `/dynamic_groups`).
    private static func addSharingRoutes(_ router: Router<SandboxRequestContext>, api: SandboxAPI) {
        router.get("/api/v2/memberships") { request, context in await api.respond(request, context, .sharing(.listMemberships)) }
        router.post("/api/v2/memberships") { request, context in await api.respond(request, context, .sharing(.createMembership)) }
        router.delete("/api/v2/memberships/:id") { request, context in await api.respond(request, context, .sharing(.deleteMembership)) }
        router.get("/api/v2/people") { request, context in await api.respond(request, context, .sharing(.people)) }
        router.get("/api/v2/teams") { request, context in await api.respond(request, context, .sharing(.teams)) }
        router.get("/api/v2/dynamic_groups") { request, context in await api.respond(request, context, .sharing(.dynamicGroups)) }
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
