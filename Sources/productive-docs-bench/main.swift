import DocsSync
import Foundation
import ProductiveAPI
import ProductiveSandbox

/// Benchmarks that need the sandbox: run by bench/run.sh. Prints Markdown table rows.
///
/// - `api-burst`: 500 requests through one client against a sandbox limited to 100 requests per
///   second; prints wall time ÷ the time the limit allows, and how many 429s reached the caller.
/// - `publish-1000`: publishes 1,000 generated pages to a sandbox limited to 100 requests per second;
///   prints wall time ÷ (requests ÷ allowed rate), then the time of an unchanged republish.

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

func publishThousand() async throws {
    let rate = 100
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bench-publish-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    for section in 0..<10 {
        for page in 0..<100 {
            let url = folder.appendingPathComponent("section-\(section)/page-\(page).md")
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try "# Page \(section).\(page)\n\nSome *text* for page \(page), with a list:\n\n- one\n- two\n".write(to: url, atomically: true, encoding: .utf8)
        }
    }
    let sandbox = try await SandboxServer.start(SandboxConfiguration(rateLimits: [.init(count: rate, window: .seconds(1))]))
    var api = ProductiveConfiguration(token: SandboxServer.defaultToken, organizationID: "1", baseURL: sandbox.baseURL)
    api.rateLimits = [RateLimit(count: rate, window: .seconds(1))]
    let client = ProductiveClient(configuration: api)
    var config = DocsConfig()
    config.projectID = "1"
    let manifest = folder.appendingPathComponent(Manifest.defaultFileName).path
    let clock = ContinuousClock()

    let start = clock.now
    let workspace = try Workspace.scan(folder, config: config)
    let report = try await Publisher(settings: .init(config: config, manifestPath: manifest, organizationID: "1"), workspace: workspace, client: client).publish()
    let elapsed = seconds(clock.now - start)
    let requests = sandbox.requests.reads + sandbox.requests.writes
    let allowed = Double(requests) / Double(rate)
    print("| publish 1,000 pages (\(report.count(.created)) created, \(requests) requests at \(rate)/s) | \(String(format: "%.2f", elapsed)) s | \(String(format: "%.1f", allowed)) s allowed | \(String(format: "%.2f", elapsed / allowed)) | ≤ 1.1 | failed: \(report.count(.failed)) |")

    try await Task.sleep(for: .seconds(1.1))
    let again = clock.now
    let rescanned = try Workspace.scan(folder, config: config)
    let unchanged = try await Publisher(settings: .init(config: config, manifestPath: manifest, organizationID: "1"), workspace: rescanned, client: client).publish()
    print("| unchanged republish of \(unchanged.count(.unchanged)) pages | \(String(format: "%.2f", seconds(clock.now - again))) s | | | ≤ 1 s | \(unchanged.writes) writes |")
    try await client.shutdown()
    await sandbox.stop()
}

let arguments = CommandLine.arguments.dropFirst()
switch arguments.first {
case "api-burst":
    try await apiBurst()
case "publish-1000":
    try await publishThousand()
default:
    FileHandle.standardError.write(Data("usage: productive-docs-bench api-burst|publish-1000\n".utf8))
    exit(2)
}
