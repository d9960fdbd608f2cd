import DocsSync
import Foundation
import ProductiveAPI
import ProductiveSandbox
import Synchronization
import XCTest

/// Issue 22 item 4: a publish larger than the sustained request budget (Productive: 4,000 per
/// 30 min; here 10 per 3 s) either waits, saying how long, when the run's `--timeout` allows it, or
/// stops cleanly and the next run goes on without a duplicate.
final class SustainedLimitPublishTests: XCTestCase {
    private let limits = [RateLimit(count: 100_000, window: .seconds(1)), RateLimit(count: 10, window: .seconds(3))]

    private final class Events: Sendable {
        private let events = Mutex<[ClientEvent]>([])
        func add(_ event: ClientEvent) { events.withLock { $0.append(event) } }
        var budgetWaits: [Duration] {
            events.withLock { $0 }.compactMap { if case .waitingForRequestBudget(let delay, 10, _) = $0 { return delay } else { return nil } }
        }
        var lines: [String] { events.withLock { $0 }.filter { !$0.isRequestLine }.map(\.description) }
    }

    private func client(_ docs: PublishFixture, runTimeout: Duration, events: Events) -> ProductiveClient {
        ProductiveClient(configuration: ProductiveConfiguration(
            token: SandboxServer.defaultToken, organizationID: "1", baseURL: docs.sandbox.baseURL, maxConcurrency: 2,
            rateLimits: limits, runTimeout: runTimeout, uploadURL: docs.sandbox.uploadURL
        ), retryBaseDelay: .milliseconds(5)) { events.add($0) }
    }

    private func folder(pages: Int) async throws -> PublishFixture {
        let docs = try await PublishFixture()
        for index in 0..<pages { try docs.write("page-\(index).md", "# Page \(index)\n\nBody of page \(index).\n") }
        return docs
    }

    func testABudgetThatAllowsTheWaitWaitsAndSaysHowLong() async throws {
        let docs = try await folder(pages: 14)
        let events = Events()
        let client = client(docs, runTimeout: .seconds(120), events: events)
        let report = try await docs.publisher(client: client).publish()
        try await client.shutdown()
        XCTAssertEqual(report.results.filter { $0.outcome == .failed }.map(\.reason), [])
        XCTAssertFalse(events.budgetWaits.isEmpty, "\(events.lines)")
        XCTAssertTrue(events.budgetWaits.allSatisfy { $0 > .zero && $0 <= .milliseconds(3085) }, "\(events.budgetWaits)")
        XCTAssertTrue(events.lines.contains { $0.hasPrefix("request budget of 10 per 3 s spent: waiting ") && $0.hasSuffix(" before the next request") }, "\(events.lines)")
        let pages = try await docs.remotePages()
        XCTAssertEqual(pages.count, 15, "the doc and its 14 pages")
        await docs.close()
    }

    func testABudgetThatDoesNotAllowTheWaitStopsCleanlyAndTheNextRunGoesOn() async throws {
        let docs = try await folder(pages: 14)
        let first = Events()
        let short = client(docs, runTimeout: .seconds(1), events: first)
        let stopped = try await docs.publisher(client: short).publish()
        try await short.shutdown()
        let failed = stopped.results.filter { $0.outcome == .failed }
        XCTAssertFalse(failed.isEmpty, "more requests than the budget allows in one run")
        XCTAssertTrue(failed.allSatisfy { ($0.reason ?? "").contains("the request budget of 10 per 3 s is spent") }, "\(failed.map(\.reason))")
        XCTAssertTrue(first.budgetWaits.isEmpty, "no wait begun that the budget cannot afford: \(first.lines)")
        // What the stopped run made is in the manifest, and nothing else.
        let made = try await docs.remotePages()
        XCTAssertEqual(Set(try docs.manifest().pages.values.map(\.pageID)), Set(made.map(\.id)))

        // The next run, once the window has room again (a later cron run), finishes without a duplicate.
        try await Task.sleep(for: .milliseconds(3100))
        let next = Events()
        let long = client(docs, runTimeout: .seconds(120), events: next)
        let resumed = try await docs.publisher(client: long).publish()
        try await long.shutdown()
        XCTAssertEqual(resumed.results.filter { $0.outcome == .failed }.map(\.reason), [])
        let pages = try await docs.remotePages()
        XCTAssertEqual(pages.count, 15, "the doc and its 14 pages")
        let pairs = pages.map { "\($0.parentPageID ?? "-")/\($0.title)" }
        XCTAssertEqual(Set(pairs).count, pairs.count, "no duplicate page")
        XCTAssertEqual(Set(try docs.manifest().pages.values.map(\.pageID)), Set(pages.map(\.id)))
        await docs.close()
    }
}
