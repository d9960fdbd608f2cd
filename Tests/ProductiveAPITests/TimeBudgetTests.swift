import Foundation
import ProductiveAPI
import ProductiveSandbox
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

    private func client(_ baseURL: String, events: ClientEvents? = nil, configure: (inout ProductiveConfiguration) -> Void = { _ in }) -> ProductiveClient {
        var configuration = ProductiveConfiguration(token: SandboxServer.defaultToken, organizationID: "1", baseURL: baseURL, connectTimeout: .seconds(2),
                                                    rateLimits: [RateLimit(count: 100_000, window: .seconds(1))], maxRetries: 3)
        configure(&configuration)
        return ProductiveClient(configuration: configuration, retryBaseDelay: .milliseconds(20)) { events?.add($0) }
    }

    func testAServerThatNeverAnswersEndsAfterTwoTriesNamingTheRequest() async throws {
        var configuration = fast
        configuration.faults = [SandboxFault(.hang, on: .any, times: nil)]
        let sandbox = try await SandboxServer.start(configuration)
        let events = ClientEvents()
        let client = client(sandbox.baseURL, events: events) { $0.requestTimeout = .seconds(1) }
        let start = ContinuousClock.now
        let error = await failure { _ = try await client.listPages(.init(projectID: "1")) }
        let elapsed = ContinuousClock.now - start
        XCTAssertEqual(error?.kind, .noAnswer)
        XCTAssertTrue(error?.description.contains("GET /pages") == true, "\(String(describing: error))")
        XCTAssertEqual(events.all.filter(\.isRequestLine).count, 2, "two tries, no more: \(events.all)")
        XCTAssertGreaterThanOrEqual(elapsed, .seconds(2), "each try waited its full second")
        XCTAssertTrue(events.all.contains { "\($0)".hasPrefix("retrying in") && "\($0)".contains("on GET /pages") }, "\(events.all)")
        try await client.shutdown()
        await sandbox.stop()
    }

    func testATrickledAnswerEndsAtTheRequestTimeout() async throws {
        var trickling = fast
        trickling.faults = [SandboxFault(.trickle(interval: .milliseconds(50)), on: .read, times: nil)]
        let sandbox = try await SandboxServer.start(trickling)
        let events = ClientEvents()
        let client = client(sandbox.baseURL, events: events) { $0.requestTimeout = .seconds(1) }
        let page = try await client.createPage(title: "Slow", markdown: String(repeating: "Words and more words. ", count: 20), in: .project("1"))
        let start = ContinuousClock.now
        // A byte every 50 ms never trips the idle read timeout; the request timeout still ends it.
        let error = await failure { _ = try await client.page(page.id) }
        let elapsed = ContinuousClock.now - start
        XCTAssertEqual(error?.kind, .noAnswer, "\(String(describing: error))")
        XCTAssertTrue(error?.description.contains("no complete answer within 1 s on GET /pages/\(page.id)") == true, "\(String(describing: error))")
        XCTAssertGreaterThanOrEqual(elapsed, .seconds(2), "two tries of a second each")
        let reads = events.all.filter { if case .request("GET", _, nil, _) = $0 { return true } else { return false } }
        XCTAssertEqual(reads.count, 2, "two tries of the read, both without an answer: \(events.all)")
        try await client.shutdown()
        await sandbox.stop()
    }

    func testTheRunBudgetEndsEverything() async throws {
        var configuration = fast
        configuration.faults = [SandboxFault(.hang, on: .any, times: nil)]
        let sandbox = try await SandboxServer.start(configuration)
        let events = ClientEvents()
        let client = client(sandbox.baseURL, events: events) { $0.runTimeout = .seconds(2) }
        let error = await failure { _ = try await client.page("1") }
        XCTAssertEqual(error?.kind, .timedOut)
        XCTAssertTrue(error?.description.contains("GET /pages/1") == true, "\(String(describing: error))")
        // The one try was cut at the budget's end (not the 30 s request timeout) and not tried again.
        XCTAssertEqual(events.all.filter(\.isRequestLine).count, 1, "\(events.all)")
        XCTAssertFalse(events.all.contains { if case .retrying = $0 { return true } else { return false } }, "\(events.all)")
        try await client.shutdown()
        await sandbox.stop()
    }

    func testConnectionRefusedGivesUpAfterTwoQuickTries() async throws {
        let events = ClientEvents()
        let client = client("http://127.0.0.1:9/api/v2", events: events)
        let error = await failure { _ = try await client.listPages(.init()) }
        XCTAssertEqual(error?.kind, .unreachable)
        XCTAssertEqual(error?.retries, 1, "two tries in all")
        XCTAssertTrue(error?.isEnvironmentFailure == true)
        XCTAssertEqual(events.all.filter(\.isRequestLine).count, 2)
        // Quick: the only wait between the tries is the first backoff (20 ms here, at most).
        let waits = events.all.compactMap { if case .retrying(let delay, _, _, _) = $0 { return delay } else { return nil } }
        XCTAssertEqual(waits.count, 1, "\(events.all)")
        XCTAssertTrue(waits.allSatisfy { $0 <= .milliseconds(20) }, "\(waits)")
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
        let events = ClientEvents()
        let client = client(sandbox.baseURL, events: events)
        _ = try await client.listPages(.init())
        let error = await failure { _ = try await client.listPages(.init()) }
        XCTAssertEqual(error?.kind, .rateLimitTooLong)
        XCTAssertTrue(error?.description.contains("asks to wait 600 s") == true, "\(String(describing: error))")
        // Given up at once: the 429 was neither waited for nor asked again.
        XCTAssertEqual(events.all.filter(\.isRequestLine).count, 2, "\(events.all)")
        XCTAssertTrue(events.rateLimitWaits.isEmpty, "\(events.all)")
        try await client.shutdown()
        await sandbox.stop()
    }

    func testRetriesAndWaitsAreReportedAndRequestLinesNeverHoldTheToken() async throws {
        var configuration = SandboxConfiguration(rateLimits: [.init(count: 2, window: .seconds(3))])
        configuration.faults = [SandboxFault(.gatewayTimeoutAfterCommit, on: .append, times: 1), SandboxFault(.unavailable, on: .read, times: 1, skip: 3)]
        let sandbox = try await SandboxServer.start(configuration)
        let events = ClientEvents()
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
