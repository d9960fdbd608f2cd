import Foundation
import ProductiveAPI
import ProductiveSandbox
import Synchronization
import XCTest

/// Item 4 of issue 12: every request and every run is bounded in time, and says what it waits for.
final class TimeBudgetTests: XCTestCase {
    private let fast = SandboxConfiguration(rateLimits: [.init(count: 100_000, window: .seconds(1))])

    private func failure(_ body: () async throws -> Void) async -> ProductiveAPIError? {
        do {
            try await body()
            XCTFail("expected an error")
        } catch let error as ProductiveAPIError {
            XCTAssertFalse(error.description.contains(SandboxServer.defaultToken))
            return error
        } catch {
            XCTFail("not a ProductiveAPIError: \(error)")
        }
        return nil
    }

    /// Collects the client's events.
    private final class Events: Sendable {
        private let events = Mutex<[ClientEvent]>([])
        func add(_ event: ClientEvent) { events.withLock { $0.append(event) } }
        var all: [ClientEvent] { events.withLock { $0 } }
    }

    private func client(_ baseURL: String, events: Events? = nil, configure: (inout ProductiveConfiguration) -> Void = { _ in }) -> ProductiveClient {
        var configuration = ProductiveConfiguration(token: SandboxServer.defaultToken, organizationID: "1", baseURL: baseURL, connectTimeout: .seconds(2),
                                                    rateLimits: [RateLimit(count: 100_000, window: .seconds(1))], maxRetries: 3)
        configure(&configuration)
        return ProductiveClient(configuration: configuration, retryBaseDelay: .milliseconds(20)) { events?.add($0) }
    }

    func testAServerThatNeverAnswersEndsAfterTwoTriesNamingTheRequest() async throws {
        var configuration = fast
        configuration.faults = [SandboxFault(.hang, on: .any, times: nil)]
        let sandbox = try await SandboxServer.start(configuration)
        let events = Events()
        let client = client(sandbox.baseURL, events: events) { $0.requestTimeout = .seconds(1) }
        let start = ContinuousClock.now
        let error = await failure { _ = try await client.listPages(.init(projectID: "1")) }
        let elapsed = ContinuousClock.now - start
        XCTAssertEqual(error?.kind, .noAnswer)
        XCTAssertTrue(error?.description.contains("GET /pages") == true, "\(String(describing: error))")
        XCTAssertLessThan(elapsed, .seconds(6))
        XCTAssertTrue(events.all.contains { "\($0)".hasPrefix("retrying in") && "\($0)".contains("on GET /pages") }, "\(events.all)")
        try await client.shutdown()
        await sandbox.stop()
    }

    func testATrickledAnswerEndsAtTheRequestTimeout() async throws {
        var trickling = fast
        trickling.faults = [SandboxFault(.trickle(interval: .milliseconds(50)), on: .read, times: nil)]
        let sandbox = try await SandboxServer.start(trickling)
        let client = client(sandbox.baseURL) { $0.requestTimeout = .seconds(1) }
        let page = try await client.createPage(title: "Slow", markdown: String(repeating: "Words and more words. ", count: 20), in: .project("1"))
        let start = ContinuousClock.now
        // A byte every 50 ms never trips the idle read timeout; the request timeout still ends it.
        let error = await failure { _ = try await client.page(page.id) }
        let elapsed = ContinuousClock.now - start
        XCTAssertEqual(error?.kind, .noAnswer, "\(String(describing: error))")
        XCTAssertTrue(error?.description.contains("no complete answer within 1 s on GET /pages/\(page.id)") == true, "\(String(describing: error))")
        XCTAssertGreaterThanOrEqual(elapsed, .seconds(2), "two tries of a second each")
        XCTAssertLessThan(elapsed, .seconds(6))
        try await client.shutdown()
        await sandbox.stop()
    }

    func testTheRunBudgetEndsEverything() async throws {
        var configuration = fast
        configuration.faults = [SandboxFault(.hang, on: .any, times: nil)]
        let sandbox = try await SandboxServer.start(configuration)
        let client = client(sandbox.baseURL) { $0.runTimeout = .seconds(2) }
        let start = ContinuousClock.now
        let error = await failure { _ = try await client.page("1") }
        XCTAssertEqual(error?.kind, .timedOut)
        XCTAssertTrue(error?.description.contains("GET /pages/1") == true, "\(String(describing: error))")
        XCTAssertLessThan(ContinuousClock.now - start, .seconds(4))
        try await client.shutdown()
        await sandbox.stop()
    }

    func testConnectionRefusedGivesUpAfterTwoQuickTries() async throws {
        let events = Events()
        let client = client("http://127.0.0.1:9/api/v2", events: events)
        let start = ContinuousClock.now
        let error = await failure { _ = try await client.listPages(.init()) }
        XCTAssertEqual(error?.kind, .unreachable)
        XCTAssertEqual(error?.retries, 1, "two tries in all")
        XCTAssertTrue(error?.isEnvironmentFailure == true)
        XCTAssertLessThan(ContinuousClock.now - start, .seconds(3))
        XCTAssertEqual(events.all.filter(\.isRequestLine).count, 2)
        try await client.shutdown()
    }

    func testATLSFailureIsUnreachable() async throws {
        // https to a plain-HTTP server: the handshake fails before anything is sent.
        let sandbox = try await SandboxServer.start(fast)
        let client = client("https://127.0.0.1:\(sandbox.port)/api/v2")
        let error = await failure { _ = try await client.listPages(.init()) }
        XCTAssertEqual(error?.kind, .unreachable, "\(String(describing: error))")
        XCTAssertTrue(error?.description.contains("TLS") == true, "\(String(describing: error))")
        try await client.shutdown()
        await sandbox.stop()
    }

    func testALong429ResetSaysHowLongAndGivesUp() async throws {
        let sandbox = try await SandboxServer.start(SandboxConfiguration(rateLimits: [.init(count: 1, window: .seconds(600))]))
        let client = client(sandbox.baseURL)
        _ = try await client.listPages(.init())
        let start = ContinuousClock.now
        let error = await failure { _ = try await client.listPages(.init()) }
        XCTAssertEqual(error?.kind, .rateLimitTooLong)
        XCTAssertTrue(error?.description.contains("asks to wait 600 s") == true, "\(String(describing: error))")
        XCTAssertLessThan(ContinuousClock.now - start, .seconds(2))
        try await client.shutdown()
        await sandbox.stop()
    }

    func testRetriesAndWaitsAreReportedAndRequestLinesNeverHoldTheToken() async throws {
        var configuration = SandboxConfiguration(rateLimits: [.init(count: 2, window: .seconds(3))])
        configuration.faults = [SandboxFault(.gatewayTimeoutAfterCommit, on: .append, times: 1), SandboxFault(.unavailable, on: .read, times: 1, skip: 3)]
        let sandbox = try await SandboxServer.start(configuration)
        let events = Events()
        let client = client(sandbox.baseURL, events: events)
        let page = try await client.createPage(title: "P", markdown: "x", in: .project("1"))
        _ = try await client.write(.appendMarkdown, "More words.", to: page.id)
        _ = try await client.page(page.id)
        let lines = events.all.map(\.description)
        XCTAssertTrue(lines.contains { $0.hasPrefix("retrying in ") && $0.hasSuffix(" ms: 504 on PATCH /pages/\(page.id)/append_markdown") }, "\(lines)")
        XCTAssertTrue(lines.contains("HTTP 504 on PATCH /pages/\(page.id)/append_markdown: checking whether it landed before sending anything again"), "\(lines)")
        XCTAssertTrue(lines.contains { $0.hasPrefix("rate limited (429 on ") && $0.contains("waiting") }, "\(lines)")
        XCTAssertTrue(lines.contains { $0.hasPrefix("POST /pages/create_with_markdown → 201 in ") }, "\(lines)")
        XCTAssertFalse(lines.joined().contains(SandboxServer.defaultToken))
        try await client.shutdown()
        await sandbox.stop()
    }
}
