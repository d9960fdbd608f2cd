import ProductiveWire

/// One limiter shared by every request of a client: bounded concurrency, the request budgets
/// (`RequestWindows`), and a shared pause after a 429 so every request waits the reset time.
actor RequestLimiter {
    /// A request cannot go before the run's budget ends: nothing was sent.
    struct BeyondBudget: Error, Sendable {
        /// How long it would have had to wait.
        var wait: Duration
        /// The request budget that holds it (nil: a 429's pause).
        var limit: RateLimit?
    }

    private var windows: RequestWindows
    private let maxConcurrency: Int
    private let clock = ContinuousClock()
    private var pausedUntil: ContinuousClock.Instant?
    /// The end of the last sustained-budget wait announced, so that requests waiting together announce it once.
    private var announcedUntil: ContinuousClock.Instant?
    private var inFlight = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []
    /// Requests counted against the budgets so far (uploads to the file store are not).
    private(set) var countedRequests = 0

    init(limits: [RateLimit], maxConcurrency: Int) {
        windows = RequestWindows(limits)
        self.maxConcurrency = max(1, maxConcurrency)
    }

    /// Waits for a concurrency slot and for room in every budget, then counts one request.
    /// - Parameters:
    ///   - counted: false for a request that does not go to the API (an upload to the file store):
    ///     it takes a concurrency slot only, neither the budgets nor a 429 pause hold it.
    ///   - deadline: the end of the run's budget. A wait that would end after it is not begun: the
    ///     slot is given back and `BeyondBudget` thrown.
    ///   - announce: told once about each wait for a sustained budget (the 30-minute one), before it begins.
    func acquire(
        counted: Bool = true, deadline: ContinuousClock.Instant? = nil, announce: @Sendable (RequestWindows.Wait) -> Void = { _ in }
    ) async throws(BeyondBudget) {
        if inFlight >= maxConcurrency {
            await withCheckedContinuation { waiting.append($0) }
        } else {
            inFlight += 1
        }
        guard counted else { return }
        while true {
            let now = clock.now
            let budgetWait = windows.wait(at: now)
            let pause = pausedUntil.map { $0 - now } ?? .zero
            let duration = max(pause, budgetWait?.duration ?? .zero)
            guard duration > .zero else {
                windows.record(at: now)
                countedRequests += 1
                return
            }
            // The budget that holds the request longest; nil when it is a 429's pause.
            let holding = budgetWait.flatMap { $0.duration >= pause ? $0 : nil }
            if let deadline, now + duration > deadline {
                release()
                throw BeyondBudget(wait: duration, limit: holding?.limit)
            }
            if let holding, holding.isSustained, announcedUntil.map({ now + duration > $0 + .seconds(1) }) ?? true {
                announcedUntil = now + duration
                announce(holding)
            }
            try? await clock.sleep(for: duration)
        }
    }

    /// Gives the concurrency slot back.
    func release() {
        if waiting.isEmpty {
            inFlight -= 1
        } else {
            waiting.removeFirst().resume()
        }
    }

    /// After a 429: no request starts before `duration` has passed.
    func pause(for duration: Duration) {
        let until = clock.now + duration
        if pausedUntil.map({ $0 < until }) ?? true { pausedUntil = until }
    }
}
