import Foundation
@testable import ProductiveAPI
import XCTest

/// The retry policy as a table: what happened, step by step, and what the policy decides after each
/// step. No network, no clock: the instants are made up, the waits are the policy's own numbers.
final class RetryPolicyTests: XCTestCase {
    private static let t0 = ContinuousClock.now
    private static let t1 = t0 + .seconds(1)

    /// One step of a row: the outcome fed in, and the decision expected back (as `describe` writes it).
    private typealias Step = (outcome: RetryPolicy.Outcome, expect: String)

    private struct Row {
        var name: String
        var changesState = false
        var canVerify = false
        var fileStore = false
        var maxRetries = 3
        var steps: [Step]
    }

    private static func answer(_ status: Int, _ body: String = #"{"data":{"id":"1","type":"pages","attributes":{}}}"#,
                               reset: Duration? = nil, location: String? = nil, refusal: String? = nil) -> Answer {
        var answer = Answer(response: APIResponse(status: status, data: Data(body.utf8), location: location))
        answer.resetAfter = reset
        answer.refusal = refusal
        answer.errorTitle = status >= 400 ? "Title \(status)" : nil
        return answer
    }

    private static func answered(_ status: Int, body: String = #"{"data":{"id":"1","type":"pages","attributes":{}}}"#,
                                 reset: Duration? = nil, location: String? = nil, refusal: String? = nil,
                                 at sentAt: ContinuousClock.Instant = t0, budgetLeft: Duration? = nil) -> RetryPolicy.Outcome {
        .answered(answer(status, body, reset: reset, location: location, refusal: refusal), sentAt: sentAt, budgetLeft: budgetLeft)
    }

    private static func lost(_ kind: TransportFailure.Class, _ reason: String, at sentAt: ContinuousClock.Instant = t0, shortened: Bool = false) -> RetryPolicy.Outcome {
        .lost(TransportFailure(kind: kind, reason: reason), sentAt: sentAt, shortenedByBudget: shortened)
    }

    /// A decision in words, with what a row checks of it.
    private static func describe(_ decision: RetryPolicy.Decision) -> String {
        switch decision {
        case .send: return "send"
        case let .retry(after, reason): return "retry after \(Seconds.text(after)): \(reason)"
        case .waitForRateLimit(let wait): return "wait \(Seconds.text(wait))"
        case let .verify(reason, since): return "verify \(reason) since t\(since == t0 ? 0 : since == t1 ? 1 : -1)"
        case .done(let response): return "done \(response.status)"
        case .fail(let error):
            return "fail \(error.kind.rawValue) \(error.status.map(String.init) ?? "-") retries \(error.retries)" + (error.cause.map { ": \($0)" } ?? "")
        }
    }

    private static let rows: [Row] = [
        Row(name: "a good read is done", steps: [(answered(200), "done 200")]),
        Row(name: "a 504 to a read is asked again after the backoff", steps: [
            (answered(504), "retry after 500 ms: 504"), (.waited, "send"), (answered(200), "done 200"),
        ]),
        Row(name: "the backoff doubles", steps: [
            (answered(502), "retry after 500 ms: 502"), (.waited, "send"),
            (answered(503), "retry after 1 s: 503"), (.waited, "send"),
            (answered(502), "retry after 2 s: 502"), (.waited, "send"),
            (answered(502), "fail refused 502 retries 3"),
        ]),
        Row(name: "a 504 to a change is verified after the backoff; not there: sent again", changesState: true, canVerify: true, steps: [
            (answered(504), "retry after 500 ms: 504"), (.waited, "verify HTTP 504 since t0"),
            (.verified(.notLanded), "send"), (answered(200), "done 200"),
        ]),
        Row(name: "a 504 to a change that landed takes the verified answer", changesState: true, canVerify: true, steps: [
            (answered(504), "retry after 500 ms: 504"), (.waited, "verify HTTP 504 since t0"),
            (.verified(.landed(APIResponse(status: 201, data: Data()))), "done 201"),
        ]),
        Row(name: "the first uncertain send time is kept", changesState: true, canVerify: true, steps: [
            (lost(.mayHaveLanded, "the connection was reset"), "retry after 500 ms: the connection was reset"),
            (.waited, "verify the connection was reset since t0"), (.verified(.notLanded), "send"),
            (answered(502, at: t1), "retry after 1 s: 502"), (.waited, "verify HTTP 502 since t1"),
        ]),
        Row(name: "a 500 to a change is verified at once, and reported when it did not land", changesState: true, canVerify: true, steps: [
            (answered(500), "verify HTTP 500 since t0"), (.verified(.notLanded), "fail refused 500 retries 0"),
        ]),
        Row(name: "a 500 to a read is not tried again", steps: [(answered(500), "fail refused 500 retries 0")]),
        Row(name: "a 404 is final", changesState: true, canVerify: true, steps: [(answered(404), "fail refused 404 retries 0")]),
        Row(name: "an unreachable server is tried once more", steps: [
            (lost(.unreachable, "connection refused"), "retry after 500 ms: connection refused"), (.waited, "send"),
            (lost(.unreachable, "connection refused"), "fail unreachable - retries 1: connection refused on GET /pages"),
        ]),
        Row(name: "a timeout is tried once more", steps: [
            (lost(.timedOut, "no complete answer within 1 s"), "retry after 500 ms: no complete answer within 1 s"), (.waited, "send"),
            (lost(.timedOut, "no complete answer within 1 s"), "fail noAnswer - retries 2: no complete answer within 1 s on GET /pages, twice"),
        ]),
        Row(name: "a timeout the run's budget shortened ends the run", steps: [
            (lost(.timedOut, "no complete answer within 1 s", shortened: true), "fail timedOut - retries 0: the run's time budget of 60 s ran out on GET /pages"),
        ]),
        Row(name: "lost answers to a read run out with the retries", maxRetries: 1, steps: [
            (lost(.mayHaveLanded, "the connection was reset"), "retry after 500 ms: the connection was reset"), (.waited, "send"),
            (lost(.mayHaveLanded, "the connection was reset"), "fail noAnswer - retries 1: the connection was reset on GET /pages"),
        ]),
        Row(name: "a 429 waits its reset, then sends", steps: [(answered(429, reset: .seconds(2)), "wait 2 s"), (.waited, "send")]),
        Row(name: "a 429 without a reset waits 10 s", steps: [(answered(429), "wait 10 s")]),
        Row(name: "a 429 longer than the longest wait is refused", steps: [
            (answered(429, reset: .seconds(600)), "fail rateLimitTooLong 429 retries 0: Productive asks to wait 600 s, longer than the 120 s this run waits"),
        ]),
        Row(name: "a 429 longer than the budget left is refused", steps: [
            (answered(429, reset: .seconds(5), budgetLeft: .seconds(3)),
             "fail rateLimitTooLong 429 retries 0: Productive asks to wait 5 s, longer than what is left of the run's time budget"),
        ]),
        Row(name: "a 2xx that is not JSON:API is asked again", steps: [
            (answered(200, body: "<html>"), "retry after 500 ms: an unusable answer (it is an HTML or XML page, not JSON)"), (.waited, "send"),
        ]),
        Row(name: "an unusable 2xx to a change, retries spent: verified, then reported", changesState: true, canVerify: true, maxRetries: 0, steps: [
            (answered(200, body: ""), "verify an unusable answer (its body is empty) since t0"), (.verified(.notLanded), "fail badAnswer 200 retries 0"),
        ]),
        Row(name: "an unusable 2xx to a change that cannot be verified fails at once", changesState: true, steps: [
            (answered(200, body: ""), "fail badAnswer 200 retries 0"),
        ]),
        Row(name: "a redirect is never followed", steps: [
            (answered(301, location: "https://elsewhere.example/api"), "fail redirected 301 retries 0: to elsewhere.example"),
        ]),
        Row(name: "a far too large answer is refused", steps: [(answered(200, refusal: "too large"), "fail badAnswer 200 retries 0")]),
        Row(name: "reading back fails: the answer stays lost", changesState: true, canVerify: true, steps: [
            (answered(503), "retry after 500 ms: 503"), (.waited, "verify HTTP 503 since t0"),
            (.verificationFailed(ProductiveAPIError(operation: "read page 1", status: nil, cause: "connection reset", kind: .noAnswer)),
             "fail noAnswer - retries 0: HTTP 503 on GET /pages, and reading it back failed: connection reset"),
        ]),
        Row(name: "the file store: a 500 is tried again", fileStore: true, steps: [(answered(500, body: ""), "retry after 500 ms: 500")]),
        Row(name: "the file store: a 403 is a refused upload", fileStore: true, steps: [(answered(403, body: ""), "fail uploadRefused 403 retries 0")]),
        Row(name: "the file store: a 429 is not waited for", fileStore: true, steps: [(answered(429, body: ""), "fail uploadRefused 429 retries 0")]),
        Row(name: "the file store: a redirect says so", fileStore: true, steps: [
            (answered(302, body: ""), "fail redirected 302 retries 0: the file store answered with a redirect, which is never followed"),
        ]),
    ]

    func testEveryRowDecidesAsItSays() {
        var configuration = ProductiveConfiguration(token: "t", organizationID: "1", runTimeout: .seconds(60))
        for row in Self.rows {
            configuration.maxRetries = row.maxRetries
            let rules = row.fileStore
                ? RetryPolicy.Rules.fileStore(configuration, retryBaseDelay: .milliseconds(500))
                : RetryPolicy.Rules.api(configuration, retryBaseDelay: .milliseconds(500))
            let policy = RetryPolicy(
                rules: rules, name: RequestName(method: "GET", path: "/pages"), operation: "list pages",
                shape: row.fileStore ? .anything : .resource, changesState: row.changesState, canVerify: row.canVerify
            )
            var state = RetryPolicy.State()
            for (index, step) in row.steps.enumerated() {
                XCTAssertEqual(Self.describe(policy.next(&state, step.outcome)), step.expect, "\(row.name), step \(index + 1)")
            }
        }
    }

    func testTheBackoffStopsDoublingAt30Seconds() {
        let policy = RetryPolicy(
            rules: .api(ProductiveConfiguration(token: "t", organizationID: "1"), retryBaseDelay: .seconds(1)),
            name: RequestName(method: "GET", path: "/pages"), operation: "list pages", shape: .anything, changesState: false, canVerify: false
        )
        XCTAssertEqual((1...7).map { Seconds.text(policy.backoff($0)) }, ["1 s", "2 s", "4 s", "8 s", "16 s", "30 s", "30 s"])
    }

    func testTheErrorUnderALostAnswerIsKept() {
        let policy = RetryPolicy(
            rules: .api(ProductiveConfiguration(token: "t", organizationID: "1"), retryBaseDelay: .zero),
            name: RequestName(method: "GET", path: "/pages"), operation: "list pages", shape: .anything, changesState: false, canVerify: false
        )
        var state = RetryPolicy.State()
        let timeout = RetryPolicy.Outcome.lost(TransportFailure.classify(RequestTimeout(limit: .seconds(1))), sentAt: .now, shortenedByBudget: false)
        _ = policy.next(&state, timeout)
        guard case .fail(let error) = policy.next(&state, timeout) else { return XCTFail("two timeouts end the request") }
        XCTAssertTrue(error.underlying is RequestTimeout, "\(String(describing: error.underlying))")
    }
}
