import Foundation
@testable import ProductiveAPI
import Synchronization
import XCTest

/// Issue 22 item 4, the tool's side: the limiter knows both of Productive's windows, says when the
/// sustained one holds a run, and never begins a wait the run's budget cannot afford.
final class RequestWindowsTests: XCTestCase {
    private let t0 = ContinuousClock.now

    private func at(_ seconds: Double) -> ContinuousClock.Instant {
        t0 + .milliseconds(Int64(seconds * 1000))
    }

    func testTheShortWindowHoldsABurst() throws {
        var windows = RequestWindows([RateLimit(count: 3, window: .seconds(1)), RateLimit(count: 5, window: .seconds(10))])
        for time in [0, 0.1, 0.2] {
            XCTAssertNil(windows.wait(at: at(time)))
            windows.record(at: at(time))
        }
        let wait = try XCTUnwrap(windows.wait(at: at(0.3)))
        XCTAssertFalse(wait.isSustained)
        XCTAssertEqual(wait.limit, RateLimit(count: 3, window: .seconds(1)))
        // The window is counted 2 % + 25 ms longer than the server's: 1.045 s after the first send.
        XCTAssertEqual(wait.duration, .milliseconds(745))
    }

    func testTheSustainedWindowHoldsWhatTheShortOneLetsThrough() throws {
        var windows = RequestWindows([RateLimit(count: 3, window: .seconds(1)), RateLimit(count: 5, window: .seconds(10))])
        for time in [0, 0.1, 0.2, 2, 2.1] {
            XCTAssertNil(windows.wait(at: at(time)), "\(time)")
            windows.record(at: at(time))
        }
        let wait = try XCTUnwrap(windows.wait(at: at(4)))
        XCTAssertTrue(wait.isSustained)
        XCTAssertEqual(wait.limit, RateLimit(count: 5, window: .seconds(10)))
        XCTAssertEqual(wait.duration, .milliseconds(6225), "10.225 s after the first of the five")
        XCTAssertNil(windows.wait(at: at(10.3)), "room again once the first send leaves the window")
    }

    func testOneLimitIsNeverSustainedAndNoLimitNeverWaits() {
        var one = RequestWindows([RateLimit(count: 1, window: .seconds(60))])
        one.record(at: at(0))
        XCTAssertEqual(one.wait(at: at(1))?.isSustained, false)
        var none = RequestWindows([])
        none.record(at: at(0))
        XCTAssertNil(none.wait(at: at(0)))
    }

    func testTheDefaultsAreProductivesTwoWindows() {
        XCTAssertEqual(RateLimit.productiveDefaults, [RateLimit(count: 100, window: .seconds(10)), RateLimit(count: 4000, window: .seconds(1800))])
        XCTAssertEqual(ProductiveConfiguration(token: "t", organizationID: "1").rateLimits, RateLimit.productiveDefaults)
    }

    func testAWaitPastTheDeadlineIsNotBegunAndGivesTheSlotBack() async throws {
        let limiter = RequestLimiter(limits: [RateLimit(count: 2, window: .seconds(600))], maxConcurrency: 1)
        for _ in 0..<2 {
            try await limiter.acquire()
            await limiter.release()
        }
        do throws(RequestLimiter.BeyondBudget) {
            try await limiter.acquire(deadline: .now + .seconds(5))
            XCTFail("the budget is spent for ten minutes")
        } catch {
            XCTAssertEqual(error.limit, RateLimit(count: 2, window: .seconds(600)))
            XCTAssertGreaterThan(error.wait, .seconds(590))
        }
        // The slot was given back: an upload (outside the budgets) still goes.
        try await limiter.acquire(counted: false, deadline: .now + .seconds(5))
        await limiter.release()
        let counted = await limiter.countedRequests
        XCTAssertEqual(counted, 2)
    }

    func testAWaitForTheSustainedWindowIsAnnouncedOnceThenTaken() async throws {
        let limiter = RequestLimiter(limits: [RateLimit(count: 100, window: .milliseconds(100)), RateLimit(count: 3, window: .milliseconds(600))], maxConcurrency: 4)
        let announced = Announced()
        for _ in 0..<3 {
            try await limiter.acquire()
            await limiter.release()
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<3 {
                group.addTask {
                    try await limiter.acquire(deadline: .now + .seconds(60)) { announced.add($0) }
                    await limiter.release()
                }
            }
            try await group.waitForAll()
        }
        let waits = announced.all
        XCTAssertEqual(waits.count, 1, "three requests waiting together announce it once: \(waits)")
        XCTAssertEqual(waits.first?.limit, RateLimit(count: 3, window: .milliseconds(600)))
        XCTAssertEqual(waits.first?.isSustained, true)
        let counted = await limiter.countedRequests
        XCTAssertEqual(counted, 6)
    }

    private final class Announced: Sendable {
        private let waits = Mutex<[RequestWindows.Wait]>([])
        func add(_ wait: RequestWindows.Wait) { waits.withLock { $0.append(wait) } }
        var all: [RequestWindows.Wait] { waits.withLock { $0 } }
    }

    func testTheSustainedWaitSaysHowLong() {
        let event = ClientEvent.waitingForRequestBudget(delay: .seconds(750), count: 4000, window: .seconds(1800))
        XCTAssertEqual(event.description, "request budget of 4000 per 1800 s spent: waiting 750 s (13 min) before the next request")
        XCTAssertFalse(event.isRequestLine, "always shown, not only with --verbose")
    }
}
