import Foundation
import ProductiveAPI
import ProductiveSandbox
import TestSupport
import XCTest

/// The shared limiter, 429 handling, and exactly-once writes under injected faults.
final class RateLimitAndFaultTests: XCTestCase {
    /// The client's limiter keeps a burst of 301 requests under the server's budget: no 429 at all.
    /// (The client counts 100 per 1.5 s against the server's 100 per second, so that a late first
    /// arrival on a loaded machine cannot make two of the client's windows fall into one of the server's.)
    func testBurstUnderTheLimitSeesNo429() async throws {
        let events = ClientEvents()
        let start = ContinuousClock.now
        try await withSandboxClient(SandboxConfiguration(rateLimits: [.init(count: 100, window: .seconds(1))])) { configuration in
            configuration.rateLimits = [RateLimit(count: 100, window: .milliseconds(1500))]
            configuration.maxRetries = 2
            configuration.maxConcurrency = 8
        } reporter: { events.add($0) } _: { client, _ in
            let page = try await client.createPage(title: "Target", markdown: "x", in: .project("1"))
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<300 {
                    group.addTask { _ = try await client.page(page.id) }
                }
                try await group.waitForAll()
            }
        }
        XCTAssertEqual(events.answers(429), 0, "the limiter, not the server, held the burst")
        XCTAssertEqual(events.answers(200) + events.answers(201), 301)
        XCTAssertGreaterThanOrEqual(ContinuousClock.now - start, .seconds(3), "301 requests at 100 per 1.5 s take three full windows")
    }

    /// Without a client-side budget the server answers 429; the first one pauses every request for
    /// the reset it names (not the 10 s default), so only the requests already in flight meet a 429
    /// in each window, and then all 60 go on and succeed.
    func testA429MakesEveryRequestWaitTheResetThenGoOn() async throws {
        let events = ClientEvents()
        let concurrency = 4
        try await withSandboxClient(SandboxConfiguration(rateLimits: [.init(count: 20, window: .seconds(1))])) { configuration in
            configuration.maxRetries = 10  // no client-side budget: the server answers 429
            configuration.maxConcurrency = concurrency
        } reporter: { events.add($0) } _: { client, _ in
            let page = try await client.createPage(title: "Target", markdown: "x", in: .project("1"))
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<60 {
                    group.addTask { _ = try await client.page(page.id) }
                }
                try await group.waitForAll()
            }
        }
        let limited = events.answers(429)
        XCTAssertGreaterThan(limited, 0, "the server's budget was met")
        XCTAssertEqual(events.answers(200) + events.answers(201), 61, "then every request went on")
        XCTAssertFalse(events.rateLimitWaits.isEmpty, "the 429 was waited for")
        XCTAssertTrue(events.rateLimitWaits.allSatisfy { $0 <= .seconds(1) }, "the reset the server named: \(events.rateLimitWaits)")
        // 61 requests at 20 a window: four windows at most. Each pause stops every request, so no more
        // than those in flight can meet a 429 per window; a request retried on its own would meet many.
        XCTAssertLessThanOrEqual(limited, concurrency * 4, "\(limited) answers were 429")
    }

    /// 10 % 502s and 5 % changes applied with the answer dropped: 200 creates and 200 once-appends,
    /// each retried by its caller until it succeeds, give exactly 200 pages and 200 notes.
    func testFaultsNeverDuplicatePagesOrNotes() async throws {
        let seed = ReplaySeed(for: "testFaultsNeverDuplicatePagesOrNotes")
        var faulty = SandboxConfiguration(rateLimits: [.init(count: 100_000, window: .seconds(1))], errorRate: 0.10, dropRate: 0.05)
        faulty.faultSeed = seed.seed
        let events = ClientEvents()
        try await withSandboxClient(faulty) { configuration in
            configuration.maxRetries = 8
            configuration.maxConcurrency = 8
        } reporter: { events.add($0) } _: { client, sandbox in
            /// Like a cron job or CI step: on failure, run the whole operation again.
            @Sendable func untilItWorks<T: Sendable>(_ operation: @Sendable () async throws -> T) async throws -> T {
                for _ in 0..<20 {
                    if let result = try? await operation() { return result }
                }
                return try await operation()
            }

            let doc = try await untilItWorks { try await client.createPage(title: "Faults", markdown: "root", in: .project("5")) }
            let created = try await withThrowingTaskGroup(of: Page.self) { group in
                for index in 0..<200 {
                    group.addTask {
                        try await untilItWorks {
                            try await client.createPage(title: "Page \(index)", markdown: "Body \(index)", in: .under(parent: doc.id, root: doc.id))
                        }
                    }
                }
                return try await group.reduce(into: [Page]()) { $0.append($1) }
            }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for page in created {
                    group.addTask {
                        let key = "note-\(page.id)"
                        let note = "Standup done.\n\n*\(NoteKey.line(key))*\n"
                        _ = try await untilItWorks { try await client.appendOnce(.appendMarkdown, note, key: key, to: page.id) }
                        // The job runs again (a retry after a timeout): nothing more is added.
                        _ = try await untilItWorks { try await client.appendOnce(.appendMarkdown, note, key: key, to: page.id) }
                    }
                }
                try await group.waitForAll()
            }

            let children = try await untilItWorks { try await client.listPages(.init(parentPageIDs: [doc.id])) }
            XCTAssertEqual(children.count, 200, "exactly 200 pages (\(seed.replay))")
            XCTAssertEqual(Set(children.map(\.title)).count, 200)
            var notes = 0
            for page in children {
                let text = try await untilItWorks { try await client.page(page.id).bodyText }
                notes += text.components(separatedBy: NoteKey.line("note-\(page.id)")).count - 1
            }
            XCTAssertEqual(notes, 200, "exactly 200 notes (\(seed.replay))")
            _ = sandbox
        }
        // The faults were there: 502s answered, and changes whose answers were lost verified.
        XCTAssertGreaterThan(events.answers(502), 0)
        XCTAssertGreaterThan(events.verifications, 0)
    }
}
