import AsyncHTTPClient

/// The run's time budget (`--timeout`): when it ends, and the error every layer throws when it has.
struct RunBudget: Sendable {
    /// The budget's length (nil: none).
    let length: Duration?
    /// When it ends (nil: never).
    let deadline: ContinuousClock.Instant?

    init(_ length: Duration?, from start: ContinuousClock.Instant = .now) {
        self.length = length
        deadline = length.map { start + $0 }
    }

    /// What is left at `now`; nil without a budget.
    func remaining(at now: ContinuousClock.Instant = .now) -> Duration? {
        deadline.map { $0 - now }
    }

    /// True when a wait of `duration` starting at `now` ends within the budget.
    func allows(_ duration: Duration, at now: ContinuousClock.Instant = .now) -> Bool {
        deadline.map { now + duration <= $0 } ?? true
    }

    /// The budget ran out on `request`.
    static func exhausted(_ request: RequestName, operation: String, retries: Int, length: Duration?) -> ProductiveAPIError {
        let budget = length.map { "of \(Seconds.text($0)) " } ?? ""
        return ProductiveAPIError(
            operation: operation, status: nil, retries: retries, cause: "the run's time budget \(budget)ran out on \(request.summary)", kind: .timedOut
        )
    }

    func exhausted(_ request: RequestName, operation: String, retries: Int) -> ProductiveAPIError {
        Self.exhausted(request, operation: operation, retries: retries, length: length)
    }
}

/// Gives each attempt what is left of the run's budget as its timeout, at most; with less than
/// 10 ms left it sends nothing and throws `.timedOut`.
struct BudgetMiddleware: TransportMiddleware {
    let budget: RunBudget

    func intercept(_ request: HTTPClientRequest, _ attempt: Attempt, next: NextStep) async throws -> Exchange {
        guard let remaining = budget.remaining() else { return try await next(request, attempt) }
        guard remaining > .milliseconds(10) else { throw budget.exhausted(attempt.name, operation: attempt.operation, retries: attempt.retries) }
        var attempt = attempt
        if remaining < attempt.timeout {
            attempt.timeout = remaining
            attempt.shortenedByBudget = true
        }
        return try await next(request, attempt)
    }
}
