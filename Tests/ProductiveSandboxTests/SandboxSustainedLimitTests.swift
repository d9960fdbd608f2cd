import AsyncHTTPClient
import Foundation
import NIOHTTP1
import ProductiveSandbox
import XCTest

/// The sustained limit (Productive: 4,000 requests per 30 minutes per organization), on a manual
/// clock: the windows are crossed by advancing the clock, never by waiting.
final class SandboxSustainedLimitTests: XCTestCase {
    private let colleague = "colleague-token"

    private func get(_ sandbox: SandboxServer, token: String) async throws -> (status: Int, headers: HTTPHeaders, body: String) {
        var request = HTTPClientRequest(url: sandbox.baseURL + "/pages")
        request.headers.add(name: "X-Auth-Token", value: token)
        request.headers.add(name: "X-Organization-Id", value: "1")
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        return (Int(response.status.code), response.headers, String(buffer: try await response.body.collect(upTo: 1 << 20)))
    }

    private func start(_ clock: SandboxClock, sustained: SandboxConfiguration.RateLimit?) async throws -> SandboxServer {
        try await SandboxServer.start(SandboxConfiguration(
            credentials: [SandboxServer.defaultToken: "1", colleague: "1"], rateLimits: [.init(count: 100, window: .seconds(10))],
            sustainedLimit: sustained, clock: clock
        ))
    }

    func testTheOrganizationsBudgetIsSharedByItsTokensAndAnswers429WithRetryAfter() async throws {
        let clock = SandboxClock.manual()
        let sandbox = try await start(clock, sustained: .init(count: 5, window: .seconds(1800)))
        defer { Task { await sandbox.stop() } }
        for index in 0..<5 {
            let answer = try await get(sandbox, token: index.isMultiple(of: 2) ? SandboxServer.defaultToken : colleague)
            XCTAssertEqual(answer.status, 200)
        }
        clock.advance(by: .seconds(600))
        let limited = try await get(sandbox, token: colleague)
        XCTAssertEqual(limited.status, 429)
        XCTAssertEqual(limited.headers.first(name: "Retry-After"), "1200")
        XCTAssertEqual(limited.headers.first(name: "X-RateLimit-Reset"), "1200")
        let error = try XCTUnwrap((try JSONSerialization.jsonObject(with: Data(limited.body.utf8)) as? [String: Any])?["errors"] as? [[String: Any]]).first
        XCTAssertEqual(error?["limit"] as? Int, 5)
        XCTAssertEqual(error?["period"] as? Int, 1800)

        clock.advance(by: .seconds(1199))
        let stillLimited = try await get(sandbox, token: SandboxServer.defaultToken)
        XCTAssertEqual(stillLimited.status, 429, "the other token shares the organization's budget")
        XCTAssertEqual(stillLimited.headers.first(name: "Retry-After"), "1")
        clock.advance(by: .seconds(1))
        let again = try await get(sandbox, token: SandboxServer.defaultToken)
        XCTAssertEqual(again.status, 200, "a new window")
    }

    func testTheLongestWaitIsAnsweredWhenBothWindowsAreSpent() async throws {
        let clock = SandboxClock.manual()
        let sandbox = try await SandboxServer.start(SandboxConfiguration(rateLimits: [.init(count: 2, window: .seconds(10))], sustainedLimit: .init(count: 2, window: .seconds(60)), clock: clock))
        defer { Task { await sandbox.stop() } }
        for _ in 0..<2 {
            let answer = try await get(sandbox, token: SandboxServer.defaultToken)
            XCTAssertEqual(answer.status, 200)
        }
        let limited = try await get(sandbox, token: SandboxServer.defaultToken)
        XCTAssertEqual(limited.status, 429)
        XCTAssertEqual(limited.headers.first(name: "Retry-After"), "60")
    }

    func testWithoutASustainedLimitOnlyTheShortWindowCounts() async throws {
        let clock = SandboxClock.manual()
        let sandbox = try await SandboxServer.start(SandboxConfiguration(rateLimits: [.init(count: 3, window: .seconds(10))], sustainedLimit: nil, clock: clock))
        defer { Task { await sandbox.stop() } }
        for _ in 0..<4 {
            for _ in 0..<3 {
                let answer = try await get(sandbox, token: SandboxServer.defaultToken)
                XCTAssertEqual(answer.status, 200)
            }
            let limited = try await get(sandbox, token: SandboxServer.defaultToken)
            XCTAssertEqual(limited.status, 429)
            clock.advance(by: .seconds(10))
        }
    }
}
