import DocsSync
import Foundation
import ProductiveAPI
import ProductiveSandbox
import Synchronization

/// Benchmarks that need the sandbox: run by bench/run.sh. Prints Markdown table rows.
///
/// - `api-burst`: 500 requests through one client against a sandbox limited to 100 requests per
///   second; prints wall time ÷ the time the limit allows, and how many 429s reached the caller.
/// - `publish-1000`: publishes 1,000 generated pages to a sandbox limited to 100 requests per second;
///   prints wall time ÷ (requests ÷ allowed rate), then the time of an unchanged republish.
/// - `publish-2000`: the same with 2,000 pages at Productive's own limit (100 requests per 10 s):
///   requests per page, and the requests of the unchanged republish by kind (`SCALE=1 make bench`).

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

/// One folder of `sections` × `perSection` generated pages, published to a sandbox limited to
/// `limit`, then republished with nothing changed. Prints two table rows: the first publish against
/// the time the limit allows for its requests (with requests per page), and the republish with the
/// requests it made by kind.
func publishRun(sections: Int, perSection: Int, limit: RateLimit, label: String) async throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bench-publish-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    for section in 0..<sections {
        for page in 0..<perSection {
            let url = folder.appendingPathComponent("section-\(section)/page-\(page).md")
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try "# Page \(section).\(page)\n\nSome *text* for page \(page), with a list:\n\n- one\n- two\n".write(to: url, atomically: true, encoding: .utf8)
        }
    }
    let sandbox = try await SandboxServer.start(SandboxConfiguration(rateLimits: [limit]))
    var api = ProductiveConfiguration(token: SandboxServer.defaultToken, organizationID: "1", baseURL: sandbox.baseURL)
    api.rateLimits = [limit, RateLimit.productiveSustained]
    let requests = RequestTally()
    let client = ProductiveClient(configuration: api, reporter: requests.record)
    var config = DocsConfig()
    config.projectID = "1"
    let manifest = folder.appendingPathComponent(Manifest.defaultFileName).path
    let settings = Publisher.Settings(config: config, manifestPath: manifest, organizationID: "1")
    let clock = ContinuousClock()

    let start = clock.now
    let report = try await Publisher(settings: settings, workspace: try Workspace.scan(folder, config: config), client: client).publish()
    let elapsed = seconds(clock.now - start)
    let sent = requests.total
    let allowed = Double(sent) * seconds(limit.window) / Double(limit.count)
    let perPage = String(format: "%.3f", Double(sent) / Double(report.count(.created)))
    print("| \(label): \(report.count(.created)) created, \(sent) requests (\(perPage) per page: \(requests.summary)) | \(String(format: "%.2f", elapsed)) s | \(String(format: "%.1f", allowed)) s allowed | \(String(format: "%.2f", elapsed / allowed)) | ≤ 1.1, ≤ 1.05 per page | failed: \(report.count(.failed)); peak RSS \(peakResidentMB()) MB |")

    // A fresh window for the republish, so that it shows its own cost and not the first one's wait.
    try await Task.sleep(for: limit.window + .milliseconds(100))
    requests.reset()
    let again = clock.now
    let unchanged = try await Publisher(settings: settings, workspace: try Workspace.scan(folder, config: config), client: client).publish()
    let lists = requests.count(method: "GET", path: "/pages")
    // One list request per 200 pages of the tree (the folders' pages too), rounded up.
    let listBound = (unchanged.results.count + 199) / 200
    print("| unchanged republish of \(unchanged.count(.unchanged)) pages: \(requests.total) requests (\(requests.summary)) | \(String(format: "%.2f", seconds(clock.now - again))) s | | | ≤ 1 s; lists ≤ \(listBound), no other | \(unchanged.writes) writes, \(lists) list requests |")
    try await client.shutdown()
    await sandbox.stop()
}

/// The client's requests by method and path shape (ids as `{id}`), counted from its events.
final class RequestTally: Sendable {
    private let counts = Mutex<[String: Int]>([:])

    /// A `ClientReporter`: counts one request per `.request` event.
    var record: ClientReporter {
        { [self] event in
            guard case .request(let method, let path, _, _) = event else { return }
            let shape = path.split(separator: "/", omittingEmptySubsequences: false)
                .map { $0.allSatisfy(\.isNumber) && !$0.isEmpty ? "{id}" : String($0) }.joined(separator: "/")
            self.counts.withLock { $0["\(method) \(shape)", default: 0] += 1 }
        }
    }

    var total: Int { counts.withLock { $0.values.reduce(0, +) } }

    func count(method: String, path: String) -> Int { counts.withLock { $0["\(method) \(path)"] ?? 0 } }

    func reset() { counts.withLock { $0 = [:] } }

    /// `POST /pages 2000, GET /pages 11`: most frequent first.
    var summary: String {
        counts.withLock { $0 }.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
    }
}

/// The process's peak resident memory (`VmHWM`), in MB.
func peakResidentMB() -> Int {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
          let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "") else { return 0 }
    return kilobytes / 1024
}

let arguments = CommandLine.arguments.dropFirst()
switch arguments.first {
case "api-burst":
    try await apiBurst()
case "publish-1000":
    try await publishRun(sections: 10, perSection: 100, limit: RateLimit(count: 100, window: .seconds(1)), label: "publish 1,000 pages at 100/s")
case "publish-2000":
    // Productive's own short window: 100 requests per 10 s (about 3.5 minutes for 2,000 pages).
    try await publishRun(sections: 20, perSection: 100, limit: RateLimit.productiveShortWindow, label: "publish 2,000 pages at 100/10 s")
default:
    FileHandle.standardError.write(Data("usage: productive-docs-bench api-burst|publish-1000|publish-2000\n".utf8))
    exit(2)
}
