import AsyncHTTPClient

/// Holds each attempt until the shared limiter lets it go, and gives the slot back after the
/// exchange. A wait for the sustained budget (4,000 per 30 min) is announced with how long it is;
/// a wait that would outlast the run's budget is not begun: the request fails with `.timedOut`
/// before anything is sent, like any budget stop, so the next run picks up where this one ended.
struct RateLimitMiddleware: TransportMiddleware {
    let limiter: RequestLimiter
    let budget: RunBudget
    let reporter: ClientReporter

    func intercept(_ request: HTTPClientRequest, _ attempt: Attempt, next: NextStep) async throws -> Exchange {
        let reporter = reporter
        do throws(RequestLimiter.BeyondBudget) {
            try await limiter.acquire(counted: attempt.counted, deadline: budget.deadline) { wait in
                reporter(.waitingForRequestBudget(delay: wait.duration, count: wait.limit.count, window: wait.limit.window))
            }
        } catch {
            throw Self.stop(error, attempt, budget: budget)
        }
        do {
            let exchange = try await next(request, attempt)
            await limiter.release()
            return exchange
        } catch {
            await limiter.release()
            throw error
        }
    }

    /// The budget stop for a wait the run's budget does not allow.
    static func stop(_ wait: RequestLimiter.BeyondBudget, _ attempt: Attempt, budget: RunBudget) -> ProductiveAPIError {
        var error = budget.exhausted(attempt.name, operation: attempt.operation, retries: attempt.retries)
        let length = budget.length.map { " of \(Seconds.text($0))" } ?? ""
        if let limit = wait.limit {
            error.cause = "the request budget of \(limit.count) per \(Seconds.text(limit.window)) is spent: the next request could go in "
                + "\(Seconds.text(wait.wait)), after the run's time budget\(length) ends, so \(attempt.name.summary) was not sent; "
                + "run again later to go on from here"
        } else {
            error.cause = "the rate limit's pause (\(Seconds.text(wait.wait))) outlasts the run's time budget\(length), so \(attempt.name.summary) was not sent"
        }
        return error
    }
}
