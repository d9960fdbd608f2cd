import Foundation
import ProductiveAPI
import ProductiveSandbox

/// Benchmarks that need the sandbox: run by bench/run.sh. Prints Markdown table rows.
///
/// - `api-burst`: 500 requests through one client against a sandbox limited to 100 requests per
///   second; prints wall time ÷ the time the limit allows, and how many 429s reached the caller.

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

func apiBurst() async throws {
    let rate = 100
    let total = 500
    let sandbox = try await SandboxServer.start(SandboxConfiguration(rateLimits: [.init(count: rate, window: .seconds(1))]))
    var configuration = ProductiveConfiguration(token: SandboxServer.defaultToken, organizationID: "1", baseURL: sandbox.baseURL)
    configuration.rateLimits = [RateLimit(count: rate, window: .seconds(1))]
    configuration.maxConcurrency = 8
    let client = ProductiveClient(configuration: configuration)
    let page = try await client.createPage(title: "Burst target", markdown: "x", in: .project("1"))
    try await Task.sleep(for: .seconds(1.1))  // a fresh window for the burst
    let clock = ContinuousClock()
    let start = clock.now
    let failures = await withTaskGroup(of: Int.self) { group in
        for _ in 0..<total {
            group.addTask { (try? await client.page(page.id)) == nil ? 1 : 0 }
        }
        return await group.reduce(0, +)
    }
    let elapsed = seconds(clock.now - start)
    let allowed = Double(total) / Double(rate)
    print("| API burst: \(total) requests at \(rate)/s | \(String(format: "%.2f", elapsed)) s | \(String(format: "%.1f", allowed)) s allowed | \(String(format: "%.2f", elapsed / allowed)) | ≤ 1.1 | failed requests: \(failures) |")
    try await client.shutdown()
    await sandbox.stop()
}

let arguments = CommandLine.arguments.dropFirst()
switch arguments.first {
case "api-burst":
    try await apiBurst()
default:
    FileHandle.standardError.write(Data("usage: productive-docs-bench api-burst\n".utf8))
    exit(2)
}
