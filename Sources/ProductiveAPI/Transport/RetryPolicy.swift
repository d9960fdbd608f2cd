import Foundation

/// What to do next with one request, decided from what happened so far: a pure state machine
/// (`next(state, outcome) → decision`), tested without a network. `Transport.run` carries the
/// decisions out (send, sleep, wait for the rate limit, verify) and feeds back what came of them.
///
/// The rules: a 2xx of the wrong shape, a 429 and 502/503/504 are tried again up to `maxRetries`
/// times, with doubling backoff (a 429 waits its reset instead, when the run can afford it); an
/// unreachable server (nothing was sent) once more; a timeout once more. A state-changing request
/// whose answer may have been lost (a timeout, a reset, 502/503/504, an unusable 2xx, a 500) is
/// verified before anything is sent again: landed ends it, not landed sends it again (after a 500,
/// or when the retries are spent, fails with what the server said).
struct RetryPolicy: Sendable {
    /// What differs between the API and the file store.
    struct Rules: Sendable {
        var maxRetries: Int
        /// The first retry's wait (at most; jittered by the transport), doubling, at most 30 s.
        var retryBaseDelay: Duration
        /// A 429 asking to wait longer is refused (`.rateLimitTooLong`).
        var maxRateLimitWait: Duration
        /// The run's budget, for messages.
        var runTimeout: Duration?
        var retryableStatuses: Set<Int>
        /// Statuses after which a change may have landed.
        var ambiguousStatuses: Set<Int>
        /// The kind of the error for a status that is not tried again (nil: `.refused`).
        var refusedKind: ProductiveAPIError.Kind?
        /// The cause of a redirect error, from the answer's `Location`.
        var redirectCause: @Sendable (String?) -> String

        /// The pages API.
        static func api(_ configuration: ProductiveConfiguration, retryBaseDelay: Duration) -> Rules {
            Rules(
                maxRetries: configuration.maxRetries, retryBaseDelay: retryBaseDelay, maxRateLimitWait: configuration.maxRateLimitWait,
                runTimeout: configuration.runTimeout, retryableStatuses: [429, 502, 503, 504], ambiguousStatuses: [502, 503, 504],
                refusedKind: nil, redirectCause: { location in location.flatMap { URL(string: $0)?.host }.map { "to \($0)" } ?? "without a target" }
            )
        }

        /// The file store (S3 answers 503 `SlowDown` when busy; sending a form again is safe).
        static func fileStore(_ configuration: ProductiveConfiguration, retryBaseDelay: Duration) -> Rules {
            Rules(
                maxRetries: configuration.maxRetries, retryBaseDelay: retryBaseDelay, maxRateLimitWait: configuration.maxRateLimitWait,
                runTimeout: configuration.runTimeout, retryableStatuses: [500, 502, 503, 504], ambiguousStatuses: [],
                refusedKind: .uploadRefused, redirectCause: { _ in "the file store answered with a redirect, which is never followed" }
            )
        }
    }

    /// A change that may have landed, not verified yet.
    struct Uncertainty: Sendable, Equatable {
        /// When the first attempt that may have landed was sent.
        var since: ContinuousClock.Instant
        /// Why, in words (`HTTP 504`, `the connection was reset`).
        var reason: String
    }

    /// What happened to the request so far.
    struct State: Sendable {
        var retries = 0
        var unreachableTries = 0
        var timeouts = 0
        var uncertainty: Uncertainty?
        /// Reported when the verification finds the change did not land (a 500; retries spent).
        var failIfNotLanded: ProductiveAPIError?
    }

    /// What came of the last decision.
    enum Outcome: Sendable {
        /// An answer to an attempt sent at `sentAt`; `budgetLeft`: what was left of the run's budget when it came.
        case answered(Answer, sentAt: ContinuousClock.Instant, budgetLeft: Duration?)
        /// No answer to an attempt sent at `sentAt`.
        case lost(TransportFailure, sentAt: ContinuousClock.Instant, shortenedByBudget: Bool)
        /// A backoff or a rate-limit wait is over.
        case waited
        case verified(Landing)
        /// Reading back failed.
        case verificationFailed(ProductiveAPIError)
    }

    enum Decision: Sendable {
        /// Send the request (again).
        case send
        /// Wait about `after` (the transport jitters it down to half), then go on.
        case retry(after: Duration, reason: String)
        /// A 429: hold every request for `Duration`, then go on.
        case waitForRateLimit(Duration)
        /// Read back whether the change landed.
        case verify(reason: String, since: ContinuousClock.Instant)
        case done(APIResponse)
        case fail(ProductiveAPIError)
    }

    let rules: Rules
    let name: RequestName
    let operation: String
    /// What a 2xx must be.
    let shape: AnswerShape
    let changesState: Bool
    /// True when a lost answer can be verified (a change with a way to read it back).
    let canVerify: Bool

    /// The decision after `outcome`, and the state it leaves.
    func next(_ state: inout State, _ outcome: Outcome) -> Decision {
        switch outcome {
        case .waited:
            guard let uncertainty = state.uncertainty else { return .send }
            return .verify(reason: uncertainty.reason, since: uncertainty.since)
        case .verified(.landed(let response)):
            return .done(response)
        case .verified(.notLanded):
            if let failure = state.failIfNotLanded { return .fail(failure) }
            state.uncertainty = nil
            return .send
        case .verificationFailed(let error):
            return .fail(readBackFailed(error, reason: state.uncertainty?.reason ?? ""))
        case let .lost(failure, sentAt, shortened):
            return lost(&state, failure, sentAt: sentAt, shortenedByBudget: shortened)
        case let .answered(answer, sentAt, budgetLeft):
            if let refusal = answer.refusal {
                return .fail(ProductiveAPIError(operation: operation, status: answer.response.status, title: "Response refused", detail: refusal, retries: state.retries, kind: .badAnswer))
            }
            switch answer.response.status {
            case 200..<300: return success(&state, answer.response, sentAt: sentAt)
            case 300..<400:
                return .fail(ProductiveAPIError(
                    operation: operation, status: answer.response.status, retries: state.retries, cause: rules.redirectCause(answer.response.location), kind: .redirected
                ))
            default: return refused(&state, answer, sentAt: sentAt, budgetLeft: budgetLeft)
            }
        }
    }

    /// The backoff before retry `attempt` (1 for the first): the base doubled each time, at most 30 s.
    func backoff(_ attempt: Int) -> Duration {
        let seconds = min(30, Seconds.value(rules.retryBaseDelay) * pow(2, Double(max(0, attempt - 1))))
        return .milliseconds(Int64(seconds * 1000))
    }

    // MARK: Steps

    private func lost(_ state: inout State, _ failure: TransportFailure, sentAt: ContinuousClock.Instant, shortenedByBudget: Bool) -> Decision {
        let cause = "\(failure.reason) on \(name.summary)"
        switch failure.kind {
        case .unreachable:
            state.unreachableTries += 1
            guard state.unreachableTries < 2 else {
                return .fail(ProductiveAPIError(operation: operation, status: nil, retries: state.unreachableTries - 1, cause: cause, kind: .unreachable, underlying: failure.underlying))
            }
        case .timedOut:
            if shortenedByBudget { return .fail(RunBudget.exhausted(name, operation: operation, retries: state.retries, length: rules.runTimeout)) }
            state.timeouts += 1
            markUncertain(&state, since: sentAt, reason: failure.reason)
            guard state.timeouts < 2 else {
                return .fail(ProductiveAPIError(operation: operation, status: nil, retries: state.retries + state.timeouts - 1, cause: cause + ", twice", kind: .noAnswer, underlying: failure.underlying))
            }
        case .mayHaveLanded:
            markUncertain(&state, since: sentAt, reason: failure.reason)
            guard state.retries < rules.maxRetries else {
                return .fail(ProductiveAPIError(operation: operation, status: nil, retries: state.retries, cause: cause, kind: .noAnswer, underlying: failure.underlying))
            }
        }
        state.retries += 1
        return .retry(after: backoff(state.retries), reason: failure.reason)
    }

    /// A 2xx: done when it is of the expected shape; otherwise it counts as lost.
    private func success(_ state: inout State, _ response: APIResponse, sentAt: ContinuousClock.Instant) -> Decision {
        guard let problem = shape.problem(response) else { return .done(response) }
        let reason = "an unusable answer (\(problem))"
        let error = ProductiveAPIError(operation: operation, status: response.status, title: "Unexpected answer", detail: problem, retries: state.retries, kind: .badAnswer)
        if changesState {
            // The change may have been made: look before sending it again, or before giving up.
            guard canVerify else { return .fail(error) }
            markUncertain(&state, since: sentAt, reason: reason)
            if state.retries >= rules.maxRetries {
                state.failIfNotLanded = error
                return verify(state)
            }
        } else if state.retries >= rules.maxRetries {
            return .fail(error)
        }
        state.retries += 1
        return .retry(after: backoff(state.retries), reason: reason)
    }

    /// An error status: verified first after a 500 to a change; a retryable status tried again.
    private func refused(_ state: inout State, _ answer: Answer, sentAt: ContinuousClock.Instant, budgetLeft: Duration?) -> Decision {
        let status = answer.response.status
        var error = ProductiveAPIError(operation: operation, status: status, title: answer.errorTitle, detail: answer.errorDetail, retries: state.retries, kind: rules.refusedKind)
        if status == 500, canVerify, state.failIfNotLanded == nil {
            // A server error may come after the change was made: look before reporting it.
            state.failIfNotLanded = error
            state.uncertainty = Uncertainty(since: state.uncertainty?.since ?? sentAt, reason: "HTTP 500")
            return verify(state)
        }
        guard rules.retryableStatuses.contains(status), state.retries < rules.maxRetries else { return .fail(error) }
        state.retries += 1
        guard status == 429 else {
            if rules.ambiguousStatuses.contains(status) { markUncertain(&state, since: sentAt, reason: "HTTP \(status)") }
            return .retry(after: backoff(state.retries), reason: "\(status)")
        }
        let wait = answer.resetAfter ?? .seconds(10)
        if wait > rules.maxRateLimitWait || budgetLeft.map({ wait > $0 }) ?? false {
            error.kind = .rateLimitTooLong
            let limit = wait > rules.maxRateLimitWait ? "the \(Seconds.text(rules.maxRateLimitWait)) this run waits" : "what is left of the run's time budget"
            error.cause = "Productive asks to wait \(Seconds.text(wait)), longer than \(limit)"
            return .fail(error)
        }
        return .waitForRateLimit(wait)
    }

    private func verify(_ state: State) -> Decision {
        guard let uncertainty = state.uncertainty else { return .send }
        return .verify(reason: uncertainty.reason, since: uncertainty.since)
    }

    private func markUncertain(_ state: inout State, since: ContinuousClock.Instant, reason: String) {
        guard canVerify, state.uncertainty == nil else { return }
        state.uncertainty = Uncertainty(since: since, reason: reason)
    }

    /// Reading back failed: the answer to the change stays lost, and nothing is sent again.
    private func readBackFailed(_ error: ProductiveAPIError, reason: String) -> ProductiveAPIError {
        guard [.refused, .noAnswer, .badAnswer].contains(error.kind) else { return error }
        var error = error
        let inner = error.kind == .noAnswer ? (error.cause ?? "no answer") : error.description
        error.cause = "\(reason) on \(name.summary), and reading it back failed: \(inner)"
        error.operation = operation
        error.kind = .noAnswer
        error.status = nil
        error.title = nil
        error.detail = nil
        return error
    }
}
