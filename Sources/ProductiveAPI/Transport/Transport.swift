import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Sends requests through a chain of middleware (request log → rate limiter → run budget → headers →
/// the exchange), tried again as `RetryPolicy` decides. A state-changing request whose answer is lost
/// (timeout, reset, 500/502/503/504, an unusable 2xx) is verified before anything is sent again.
struct Transport: Sendable {
    let http: HTTPClient
    let configuration: ProductiveConfiguration
    let limiter: RequestLimiter
    let reporter: ClientReporter
    /// The first retry waits about this long; each next one twice as long (jittered, at most 30 s).
    let retryBaseDelay: Duration
    /// The run's budget (`configuration.runTimeout`, from when the client was made).
    let budget: RunBudget

    /// How a lost answer is checked: reads the resource back and says whether the change is there.
    typealias Verify = @Sendable (VerificationContext) async throws -> Landing

    /// Sends `request`. When a state-changing request's answer is lost, `verify` reads the page back
    /// to learn whether it landed before anything is sent again. A 2xx answer that is not of `shape`
    /// counts as lost too: a read is asked again, a change is verified first; when the retries run
    /// out, the call fails with `.badAnswer`.
    func send(_ request: APIRequest, operation: String, expecting shape: AnswerShape, verify: Verify? = nil) async throws -> APIResponse {
        var http = HTTPClientRequest(url: configuration.baseURL + request.path + WireNames.encodedQuery(request.query))
        http.method = HTTPMethod(rawValue: request.method.rawValue)
        if let body = request.body { http.body = .bytes(ByteBuffer(bytes: body)) }
        let policy = RetryPolicy(
            rules: .api(configuration, retryBaseDelay: retryBaseDelay), name: request.name, operation: operation, shape: shape,
            changesState: request.changesState, canVerify: request.changesState && verify != nil
        )
        let attempt = Attempt(name: request.name, operation: operation, retries: 0, timeout: configuration.requestTimeout)
        return try await run(policy, http, attempt, through: apiChain, verify: verify)
    }

    /// The chain of every API request.
    var apiChain: MiddlewareChain {
        let exchange = HTTPExchange(http: http, reading: .jsonAPI(maxBytes: configuration.maxResponseBytes), token: configuration.token)
        return MiddlewareChain(
            middleware: [
                RequestLogMiddleware(reporter: reporter), RateLimitMiddleware(limiter: limiter, budget: budget, reporter: reporter),
                BudgetMiddleware(budget: budget), HeaderMiddleware(token: configuration.token, organizationID: configuration.organizationID),
            ],
            exchange: { request, attempt in await exchange(request, attempt) }
        )
    }

    /// Carries out `policy`'s decisions for one request until it is done or fails.
    func run(
        _ policy: RetryPolicy, _ request: HTTPClientRequest, _ first: Attempt, through chain: MiddlewareChain, verify: Verify? = nil
    ) async throws -> APIResponse {
        var state = RetryPolicy.State()
        var decision = RetryPolicy.Decision.send
        while true {
            let outcome: RetryPolicy.Outcome
            switch decision {
            case .done(let response):
                return response
            case .fail(let error):
                throw error
            case .send:
                var attempt = first
                attempt.retries = state.retries
                let sentAt = ContinuousClock.now
                switch try await chain(request, attempt) {
                case .answered(let answer): outcome = .answered(answer, sentAt: sentAt, budgetLeft: budget.remaining())
                case let .lost(failure, _, shortened): outcome = .lost(failure, sentAt: sentAt, shortenedByBudget: shortened)
                }
            case let .retry(after, reason):
                try await backoff(after, reason: reason, first, retries: state.retries)
                outcome = .waited
            case .waitForRateLimit(let wait):
                reporter(.waitingForRateLimit(delay: wait, method: first.name.method, path: first.name.path))
                await limiter.pause(for: wait)
                outcome = .waited
            case let .verify(reason, since):
                reporter(.verifying(reason: reason, method: first.name.method, path: first.name.path))
                do {
                    outcome = .verified(try await verify?(VerificationContext(firstSentAt: since)) ?? .notLanded)
                } catch let error as ProductiveAPIError {
                    outcome = .verificationFailed(error)
                }
            }
            decision = policy.next(&state, outcome)
        }
    }

    /// Sleeps about `delay` (jittered between half and all of it), unless that outlasts the run's budget.
    private func backoff(_ delay: Duration, reason: String, _ attempt: Attempt, retries: Int) async throws {
        let jittered = Duration.milliseconds(Int64(Seconds.value(delay) * Double.random(in: 0.5...1.0) * 1000))
        guard budget.allows(jittered) else { throw budget.exhausted(attempt.name, operation: attempt.operation, retries: retries - 1) }
        reporter(.retrying(delay: jittered, reason: reason, method: attempt.name.method, path: attempt.name.path))
        try await Task.sleep(for: jittered)
    }
}
