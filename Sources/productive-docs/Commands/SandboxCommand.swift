import ArgumentParser
import Foundation
import ProductiveSandbox

/// `productive-docs sandbox`: a local server that behaves like Productive's pages API.
struct SandboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sandbox",
        abstract: "Run a local server that behaves like Productive's pages API (no account needed).",
        discussion: """
            Prints the three environment variables that point the tool at it (on standard output, so \
            `eval` can take them), then serves until interrupted. Open the printed view URL to see the pages.
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
    var rateLimit = 100

    @Option(help: "Length of the rate-limit window, in seconds.")
    var rateWindow = 10.0

    @Option(help: "Latency added to every API answer, in milliseconds.")
    var latencyMs = 0

    @Option(help: "Share of API requests answered 502 (0 to 1).")
    var errorRate = 0.0

    @Option(help: "Share of changes applied and then left without an answer (0 to 1).")
    var dropRate = 0.0

    func validate() throws {
        guard (0...1).contains(errorRate), (0...1).contains(dropRate) else { throw ValidationError("rates are between 0 and 1") }
        guard rateLimit > 0, rateWindow > 0 else { throw ValidationError("--rate-limit and --rate-window must be positive") }
    }

    func run() async throws {
        let configuration = SandboxConfiguration(
            host: host, port: port, credentials: [SandboxServer.defaultToken: SandboxServer.defaultOrganization],
            rateLimits: [
                .init(count: rateLimit, window: .milliseconds(Int64(rateWindow * 1000))),
                .init(count: rateLimit * 40, window: .milliseconds(Int64(rateWindow * 180_000))),
            ],
            strict: strict, latency: .milliseconds(latencyMs), errorRate: errorRate, dropRate: dropRate, dataFile: data
        )
        let server: SandboxServer
        do {
            server = try await SandboxServer.start(configuration)
        } catch {
            throw CommandFailure.configuration("\(error)")
        }
        Terminal.standardOutput.write("""
            export PRODUCTIVE_BASE_URL=\(server.baseURL)
            export PRODUCTIVE_API_TOKEN=\(SandboxServer.defaultToken)
            export PRODUCTIVE_ORGANIZATION_ID=\(SandboxServer.defaultOrganization)

            """)
        Terminal.standardError.write("Productive sandbox: API at \(server.baseURL), pages at \(server.viewURL)/ (Ctrl-C stops it)\n")
        await server.wait()
    }
}
