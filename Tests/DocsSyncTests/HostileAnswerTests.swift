import DocsSync
import Foundation
import ProductiveAPI
import ProductiveSandbox
import XCTest

/// Answers a broken proxy or a hostile server gives (issue 17, incidents 1, 3, 6 and 8): an HTML
/// page or cut JSON answered 200, a list that leaves pages out, a create answer naming another page
/// or an id that is not digits, a `Date` clock 30 s ahead, pagination that never ends. Each run
/// either ends well or fails with `.badAnswer` (exit 1) naming what was wrong; none makes a page
/// twice. Every client has a run budget: a client that never stops fails, it does not hang.
final class HostileAnswerTests: XCTestCase {
    /// A published tree of three pages, and the ids it has.
    private func publishedTree() async throws -> (PublishFixture, [String: String]) {
        let docs = try await PublishFixture()
        addTeardownBlock { await docs.close() }
        try docs.write("README.md", "# Guide\n\nTop.\n")
        try docs.write("install.md", "# Install\n\nSteps.\n")
        try docs.write("usage.md", "# Usage\n\nHow.\n")
        _ = try await docs.publish()
        return (docs, try docs.manifest().pages.mapValues(\.pageID))
    }

    private func publish(_ docs: PublishFixture, through proxy: HostileProxy) async throws -> PublishReport {
        let client = docs.client(through: proxy)
        defer { Task { try? await client.shutdown() } }
        return try await docs.publisher(client: client).publish()
    }

    private func assertNoDuplicates(_ docs: PublishFixture, file: StaticString = #filePath, line: UInt = #line) async throws {
        let titles = try await docs.remotePages().map(\.title)
        XCTAssertEqual(titles.count, Set(titles).count, "every page once: \(titles.sorted())", file: file, line: line)
        let ids = try docs.manifest().pages.values.map(\.pageID)
        XCTAssertEqual(ids.count, Set(ids).count, "no page named twice in the manifest", file: file, line: line)
    }

    func testAnHTMLPageAnswered200ToEveryListFailsTheRunAndCreatesNothing() async throws {
        let (docs, before) = try await publishedTree()
        let proxy = try HostileProxy(upstreamPort: docs.sandbox.port) { line, _ in
            line.hasPrefix("GET /api/v2/pages?") ? .answer(status: 200, contentType: "text/html", body: "<html><body>Sign in to the Wi-Fi</body></html>") : .forward
        }
        defer { proxy.stop() }
        do {
            let report = try await publish(docs, through: proxy)
            XCTFail("an HTML answer to the list must fail the run: \(report.results)")
        } catch let error as ProductiveAPIError {
            XCTAssertEqual(error.kind, .badAnswer)
            XCTAssertTrue(error.description.contains("HTML"), error.description)
        }
        XCTAssertEqual(try docs.manifest().pages.mapValues(\.pageID), before, "nothing decided from it")
        let awaited = try await docs.remotePages().count
        XCTAssertEqual(awaited, 3, "no page created again")
    }

    func testJSONCutShortOnceIsAskedAgainAndChangesNothing() async throws {
        let (docs, before) = try await publishedTree()
        let proxy = try HostileProxy(upstreamPort: docs.sandbox.port) { line, seen in
            guard line.hasPrefix("GET /api/v2/pages?"), seen == 0 else { return .forward }
            return .rewrite { answer in answer.body = Array(answer.body.prefix(answer.body.count / 2)) }
        }
        defer { proxy.stop() }
        let report = try await publish(docs, through: proxy)
        XCTAssertEqual(proxy.actedCount, 1)
        XCTAssertEqual(report.writes, 0, "\(report.results)")
        XCTAssertEqual(try docs.manifest().pages.mapValues(\.pageID), before)
        try await assertNoDuplicates(docs)
    }

    func testAListThatLeavesEveryPageOutMakesNoPageLookDeleted() async throws {
        let (docs, before) = try await publishedTree()
        let proxy = try HostileProxy(upstreamPort: docs.sandbox.port) { line, _ in
            guard line.hasPrefix("GET /api/v2/pages?") else { return .forward }
            return .rewrite { answer in answer.setJSON(["data": [], "meta": ["total_pages": 1, "total_count": 0]]) }
        }
        defer { proxy.stop() }
        let report = try await publish(docs, through: proxy)
        XCTAssertFalse(report.results.contains { $0.outcome == .created }, "\(report.results)")
        XCTAssertEqual(try docs.manifest().pages.mapValues(\.pageID), before)
        let awaited = try await docs.remotePages().count
        XCTAssertEqual(awaited, 3)
    }

    func testACreateAnswerNamingAnotherPageIsProvedLikeALostAnswer() async throws {
        let (docs, before) = try await publishedTree()
        let root = try XCTUnwrap(before["."])
        try await assertCreateAnswerRewritten(docs, id: root)
    }

    func testACreateAnswerWithAnIdThatIsNotDigitsNeverReachesAURL() async throws {
        let (docs, _) = try await publishedTree()
        try await assertCreateAnswerRewritten(docs, id: "1/../../admin")
    }

    private func assertCreateAnswerRewritten(_ docs: PublishFixture, id: String, file: StaticString = #filePath, line: UInt = #line) async throws {
        try docs.write("faq.md", "# FAQ\n\nQuestions.\n")
        let proxy = try HostileProxy(upstreamPort: docs.sandbox.port) { line, seen in
            guard line.hasPrefix("POST /api/v2/pages/create_with_markdown"), seen == 0 else { return .forward }
            return .rewrite { answer in
                guard var object = answer.json, var data = object["data"] as? [String: Any] else { return }
                data["id"] = id
                object["data"] = data
                answer.setJSON(object)
            }
        }
        defer { proxy.stop() }
        let report = try await publish(docs, through: proxy)
        XCTAssertEqual(proxy.actedCount, 1, file: file, line: line)
        let faq = try XCTUnwrap(try docs.manifest().pages["faq.md"]?.pageID, "\(report.results)", file: file, line: line)
        XCTAssertNotEqual(faq, id, file: file, line: line)
        let stored = try await docs.client.page(faq).title
        XCTAssertEqual(stored, "FAQ", file: file, line: line)
        XCTAssertEqual(proxy.count("/pages/1/"), 0, "no request to a path made of the answer's id", file: file, line: line)
        try await assertNoDuplicates(docs, file: file, line: line)
        let writes = try await docs.publish().writes
        XCTAssertEqual(writes, 0, "and the next run is clean", file: file, line: line)
    }

    func testPaginationThatNeverEndsStopsWhenAPageBringsNothingNew() async throws {
        let (docs, before) = try await publishedTree()
        let proxy = try HostileProxy(upstreamPort: docs.sandbox.port) { line, _ in
            guard line.hasPrefix("GET /api/v2/pages?") else { return .forward }
            return .rewrite { answer in
                guard var object = answer.json else { return }
                object["meta"] = ["total_pages": 1_000_000_000, "total_count": 200_000_000_000]
                answer.setJSON(object)
            }
        }
        defer { proxy.stop() }
        let report = try await publish(docs, through: proxy)
        XCTAssertEqual(report.writes, 0, "\(report.results)")
        XCTAssertLessThan(proxy.count("GET /api/v2/pages?"), 20, "a couple of requests per listing, not a billion")
        XCTAssertEqual(try docs.manifest().pages.mapValues(\.pageID), before)
    }

    func testAServerDateClock30SecondsAheadDoesNotRejectTheRealPageAfterA504() async throws {
        let docs = try await PublishFixture(faults: [SandboxFault(.gatewayTimeoutAfterCommit, on: .create, times: 1, skip: 1)])
        addTeardownBlock { await docs.close() }
        try docs.write("README.md", "# Guide\n\nTop.\n")
        try docs.write("install.md", "# Install\n\nSteps.\n")
        let proxy = try HostileProxy(upstreamPort: docs.sandbox.port) { _, _ in
            .rewrite { answer in
                answer.head = answer.head.filter { !$0.lowercased().hasPrefix("date:") } + ["Date: \(HTTPDateFormat.string(Date().addingTimeInterval(30)))"]
            }
        }
        defer { proxy.stop() }
        let report = try await publish(docs, through: proxy)
        XCTAssertFalse(report.needsAttention, "\(report.results)")
        let awaited = try await docs.remotePages().filter { $0.title == "Install" }.count
        XCTAssertEqual(awaited, 1, "the 504'd create adopted, not made again")
        try await assertNoDuplicates(docs)
    }

    func testTimestamps30SecondsBehindTheDateHeaderDoNotRejectTheRealPageAfterA504() async throws {
        let docs = try await PublishFixture(faults: [SandboxFault(.gatewayTimeoutAfterCommit, on: .create, times: 1, skip: 1)], timestampSkew: .seconds(-30))
        addTeardownBlock { await docs.close() }
        try docs.write("README.md", "# Guide\n\nTop.\n")
        try docs.write("install.md", "# Install\n\nSteps.\n")
        let report = try await docs.publish()
        XCTAssertFalse(report.needsAttention, "\(report.results)")
        let installs = try await docs.remotePages().filter { $0.title == "Install" }.count
        XCTAssertEqual(installs, 1, "the 504'd create adopted, not made again")
    }

    func testRetryAfterAsAnHTTPDateIsWaitedForAndAYearIsReportedAsAYear() async throws {
        let (docs, _) = try await publishedTree()
        let soon = try HostileProxy(upstreamPort: docs.sandbox.port) { line, seen in
            guard line.hasPrefix("GET /api/v2/pages?"), seen == 0 else { return .forward }
            return .answer(status: 429, contentType: "application/vnd.api+json", body: "{\"errors\":[{\"title\":\"Too Many Requests\"}]}",
                           headers: ["Retry-After: \(HTTPDateFormat.string(Date().addingTimeInterval(2)))"])
        }
        defer { soon.stop() }
        let waits = WaitLog()
        let client = ProductiveClient(configuration: ProductiveConfiguration(
            token: SandboxServer.defaultToken, organizationID: "1", baseURL: soon.baseURL,
            rateLimits: [RateLimit(count: 100_000, window: .seconds(1))], runTimeout: .seconds(120)
        ), retryBaseDelay: .milliseconds(5)) { event in
            if case .waitingForRateLimit(let delay, _, _) = event { waits.add(delay) }
        }
        _ = try await client.listPages(.init(projectID: "42"))
        try await client.shutdown()
        let wait = try XCTUnwrap(waits.all.first, "the 429 was waited for")
        XCTAssertGreaterThan(wait, .milliseconds(500), "the date's wait, not the 10 s default: \(wait)")
        XCTAssertLessThanOrEqual(wait, .seconds(3))

        let year = try HostileProxy(upstreamPort: docs.sandbox.port) { _, _ in
            .answer(status: 429, contentType: "text/plain", body: "slow down", headers: ["Retry-After: \(HTTPDateFormat.string(Date().addingTimeInterval(365 * 86_400)))"])
        }
        defer { year.stop() }
        let yearClient = docs.client(through: year)
        do {
            _ = try await yearClient.listPages(.init(projectID: "42"))
            XCTFail("a year is not waited for")
        } catch let error as ProductiveAPIError {
            XCTAssertEqual(error.kind, .rateLimitTooLong)
            XCTAssertTrue(error.description.contains("365 days"), error.description)
        }
        try await yearClient.shutdown()
    }

    func testControlCharactersInATitleAreSentAsTheyReadBack() async throws {
        let docs = try await PublishFixture()
        addTeardownBlock { await docs.close() }
        try docs.write("README.md", "---\ntitle: \"Next\\u0085line\\tand\\x1B[31mred\"\n---\nBody.\n")
        _ = try await docs.publish()
        let first = try await docs.remotePages().first?.title
        let title = try XCTUnwrap(first)
        XCTAssertEqual(title, "Next line and [31mred")
        let writes = try await docs.publish().writes
        XCTAssertEqual(writes, 0, "no drift on the next run")
    }
}

/// The rate-limit waits a client reported.
final class WaitLog: @unchecked Sendable {
    private let lock = NSLock()
    private var waits: [Duration] = []

    func add(_ wait: Duration) {
        lock.lock()
        waits.append(wait)
        lock.unlock()
    }

    var all: [Duration] {
        lock.lock()
        defer { lock.unlock() }
        return waits
    }
}

/// The IMF-fixdate of an HTTP `Date` header.
enum HTTPDateFormat {
    static func string(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter.string(from: date)
    }
}
