import Foundation
import ProductiveAPI
import ProductiveSandbox
import XCTest

/// Starts a sandbox and a client pointed at it, runs `body`, and always shuts both down.
func withSandboxClient(
    _ sandboxConfiguration: SandboxConfiguration = SandboxConfiguration(rateLimits: [.init(count: 100_000, window: .seconds(1))]),
    token: String = SandboxServer.defaultToken, organization: String = "1", retryBaseDelay: Duration = .milliseconds(5),
    configure: (inout ProductiveConfiguration) -> Void = { _ in },
    _ body: (ProductiveClient, SandboxServer) async throws -> Void
) async throws {
    let sandbox = try await SandboxServer.start(sandboxConfiguration)
    var configuration = ProductiveConfiguration(
        token: token, organizationID: organization, baseURL: sandbox.baseURL, connectTimeout: .seconds(2),
        rateLimits: [RateLimit(count: 100_000, window: .seconds(1))], maxRetries: 3
    )
    configure(&configuration)
    let client = ProductiveClient(configuration: configuration, retryBaseDelay: retryBaseDelay)
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
