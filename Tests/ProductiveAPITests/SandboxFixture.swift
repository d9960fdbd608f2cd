import Foundation
import ProductiveAPI
import ProductiveSandbox
import Synchronization
import XCTest

/// Starts a sandbox and a client pointed at it, runs `body`, and always shuts both down.
func withSandboxClient(
    _ sandboxConfiguration: SandboxConfiguration = SandboxConfiguration(rateLimits: [.init(count: 100_000, window: .seconds(1))]),
    token: String = SandboxServer.defaultToken, organization: String = "1", retryBaseDelay: Duration = .milliseconds(5),
    configure: (inout ProductiveConfiguration) -> Void = { _ in }, reporter: @escaping ClientReporter = { _ in },
    _ body: (ProductiveClient, SandboxServer) async throws -> Void
) async throws {
    let sandbox = try await SandboxServer.start(sandboxConfiguration)
    var configuration = ProductiveConfiguration(
        token: token, organizationID: organization, baseURL: sandbox.baseURL, connectTimeout: .seconds(2),
        rateLimits: [RateLimit(count: 100_000, window: .seconds(1))], maxRetries: 3
    )
    configure(&configuration)
    let client = ProductiveClient(configuration: configuration, retryBaseDelay: retryBaseDelay, reporter: reporter)
    do {
        try await body(client, sandbox)
    } catch {
        try? await client.shutdown()
        await sandbox.stop()
        throw error
    }
    try await client.shutdown()
    await sandbox.stop()
}

/// Collects a client's events, from any thread.
final class ClientEvents: Sendable {
    private let events = Mutex<[ClientEvent]>([])

    func add(_ event: ClientEvent) { events.withLock { $0.append(event) } }

    var all: [ClientEvent] { events.withLock { $0 } }

    /// How many requests were answered with `status`.
    func answers(_ status: Int) -> Int {
        all.filter { if case .request(_, _, let code, _) = $0, code == status { return true } else { return false } }.count
    }

    /// The waits a 429 asked for.
    var rateLimitWaits: [Duration] {
        all.compactMap { if case .waitingForRateLimit(let delay, _, _) = $0 { return delay } else { return nil } }
    }

    /// How many lost answers were verified.
    var verifications: Int {
        all.filter { if case .verifying = $0 { return true } else { return false } }.count
    }
}
