import ArgumentParser
import Foundation
import ProductiveSandbox

/// `productive-docs sandbox`: a local server that behaves like Productive's pages API.
struct SandboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sandbox",
        abstract: "Run a local server that behaves like Productive's pages API (no account needed).",
        discussion: """
            Prints the environment variables that point the tool at it (the API, its file store for attachment uploads, the credentials) (on standard output, so \
            `eval` can take them), then serves until interrupted. Open the printed view URL to see the pages \
            (it carries the token; --open serves the views without it). Faults for trying failure paths: \
            --fault NAME[:TARGET][*COUNT], NAME one of 503, 500-after-commit, 504-after-commit, reset-after-commit, \
            reset-after-commit-edited, hang, trickle, noop-write (answered, body left unchanged), bodyless-answer (done, answered without the body), \
            drop-last-word (stored without the last word of the last paragraph), link-suffix=TEXT (every link target stored with TEXT \
            appended, on every write), or redirect=URL; TARGET one of create, append, replace, snapshot, \
            attach (POST /attachments), temp-url (PATCH /attachments/{id}), upload (the file store), write, read, any (default any; \
            only upload reaches the file store); COUNT how many matching requests it hits (default: every one, so noop-write:append fails every append; \
            noop-write:append*1 only the first).
            """
    )

    @Option(help: "Port to listen on (0 picks a free one).")
    var port = 8080

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Flag(help: "Answer 422 for anything outside Productive's element set, naming it.")
    var strict = false

    @Option(help: "Keep the pages in this JSON file across runs.")
    var data: String?

    @Option(help: "Requests allowed per window, per token.")
    var rateLimit = SandboxConfiguration.RateLimit.productiveShortWindow.count

    @Option(help: "Length of the rate-limit window, in seconds.")
    var rateWindow = Double(SandboxConfiguration.RateLimit.productiveShortWindow.window.components.seconds)

    @Option(help: "Requests allowed per sustained window for the whole organization, every token together (0: no sustained limit).")
    var sustainedLimit = SandboxConfiguration.RateLimit.productiveSustained.count

    @Option(help: "Length of the sustained window, in seconds.")
    var sustainedWindow = Double(SandboxConfiguration.RateLimit.productiveSustained.window.components.seconds)

    @Option(help: "Latency added to every API answer, in milliseconds.")
    var latencyMs = 0

    @Option(help: "Share of API requests answered 502 (0 to 1).")
    var errorRate = 0.0

    @Option(help: "Share of changes applied and then left without an answer (0 to 1).")
    var dropRate = 0.0

    @Option(help: ArgumentHelp("Seed of the --error-rate and --drop-rate draws: the same seed strikes the same draws (default: drawn, and printed).", valueName: "n"))
    var faultSeed: UInt64?

    @Option(help: ArgumentHelp("A scripted fault (repeatable), e.g. 504-after-commit:append or hang:read*3.", valueName: "fault"))
    var fault: [String] = []

    @Flag(help: "Serve the page views without the token (anyone who can reach the port sees every page).")
    var open = false

    @Option(help: "Largest request body accepted, in KB (413 above).")
    var maxBodyKb = SandboxConfiguration.defaultMaxRequestBytes >> 10

    @Option(help: ArgumentHelp("Seconds added to every created_at and updated_at, as if the database's clock differed from the Date header's (e.g. -30).", valueName: "seconds"))
    var timestampSkew = 0

    @Option(help: ArgumentHelp("The people, teams and dynamic groups, as JSON: {\"people\": [{\"id\": 501, \"email\": ..}], \"teams\": [{\"id\": 7, \"name\": .., \"members\": [501]}], \"dynamic_groups\": [..]} (the token acts as person 501).", valueName: "file"))
    var directory: String?

    @Flag(help: "A page's memberships hold for that page only, not for the pages under it (the default: they are inherited).")
    var noInheritedMemberships = false

    func validate() throws {
        for text in fault where SandboxFault.parse(text) == nil {
            throw ValidationError("--fault \(text): expected NAME[:TARGET][*COUNT] (see --help)")
        }
        guard maxBodyKb > 0 else { throw ValidationError("--max-body-kb must be positive") }
        guard (0...1).contains(errorRate), (0...1).contains(dropRate) else { throw ValidationError("rates are between 0 and 1") }
        guard rateLimit > 0, rateWindow > 0 else { throw ValidationError("--rate-limit and --rate-window must be positive") }
        guard sustainedLimit >= 0, sustainedWindow > 0 else { throw ValidationError("--sustained-limit must be 0 or more and --sustained-window positive") }
    }

    func run() async throws {
        var configuration = SandboxConfiguration(
            host: host, port: port, credentials: [SandboxServer.defaultToken: SandboxServer.defaultOrganization],
            rateLimits: [.init(count: rateLimit, window: .milliseconds(Int64(rateWindow * 1000)))],
            strict: strict, latency: .milliseconds(latencyMs), errorRate: errorRate, dropRate: dropRate, dataFile: data,
            faults: fault.compactMap(SandboxFault.parse), maxRequestBytes: maxBodyKb << 10, openPageView: open,
            sustainedLimit: sustainedLimit == 0 ? nil : .init(count: sustainedLimit, window: .milliseconds(Int64(sustainedWindow * 1000)))
        )
        configuration.timestampSkew = .seconds(timestampSkew)
        configuration.faultSeed = faultSeed
        configuration.subpagesInheritMemberships = !noInheritedMemberships
        if let directory {
            do {
                configuration.directory = try SandboxDirectory.load(directory)
            } catch {
                throw CommandLineError.configuration("\(error)")
            }
        }
        if !configuration.isLoopback {
            Terminal.standardError.write("warning: listening on \(host), not loopback: other machines can reach the sandbox\(open ? " and read every page" : "") (its token is the well-known \(SandboxServer.defaultToken))\n")
        }
        let server: SandboxServer
        do {
            server = try await SandboxServer.start(configuration)
        } catch {
            throw CommandLineError.configuration("\(error)")
        }
        Terminal.standardOutput.write("""
            export PRODUCTIVE_BASE_URL=\(server.baseURL)
            export PRODUCTIVE_UPLOAD_URL=\(server.uploadURL)
            export PRODUCTIVE_API_TOKEN=\(SandboxServer.defaultToken)
            export PRODUCTIVE_ORGANIZATION_ID=\(SandboxServer.defaultOrganization)

            """)
        if errorRate > 0 || dropRate > 0 {
            Terminal.standardError.write("random faults: seed \(server.faultSeed) (replay with --fault-seed \(server.faultSeed))\n")
        }
        let view = open ? "\(server.viewURL)/" : "\(server.viewURL)/?token=\(SandboxServer.defaultToken)"
        Terminal.standardError.write("Productive sandbox: API at \(server.baseURL), pages at \(view) (Ctrl-C stops it)\n")
        await server.wait()
    }
}
