/// One limiter shared by every request of a client: bounded concurrency, request budgets
/// (sliding windows), and a shared pause after a 429 so every request waits the reset time.
actor RequestLimiter {
    private let limits: [RateLimit]
    private let maxConcurrency: Int
    private let clock = ContinuousClock()
    /// Send times per limit, oldest first (`heads` marks the first live entry).
    private var history: [[ContinuousClock.Instant]]
    private var heads: [Int]
    private var pausedUntil: ContinuousClock.Instant?
    private var inFlight = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []
    /// Requests counted against the budgets so far (uploads to the file store are not).
    private(set) var countedRequests = 0

    /// Windows are counted a little longer than the server's (2 % + 25 ms): requests arrive a
    /// moment after they leave, and the server counts arrivals.
    init(limits: [RateLimit], maxConcurrency: Int) {
        self.limits = limits.map { RateLimit(count: $0.count, window: $0.window * 1.02 + .milliseconds(25)) }
        self.maxConcurrency = max(1, maxConcurrency)
        history = Array(repeating: [], count: limits.count)
        heads = Array(repeating: 0, count: limits.count)
    }

    /// Waits for a concurrency slot and for room in every budget, then counts one request.
    /// - Parameter counted: false for a request that does not go to the API (an upload to the file
    ///   store): it takes a concurrency slot only, neither the budgets nor a 429 pause hold it.
    func acquire(counted: Bool = true) async {
        if inFlight >= maxConcurrency {
            await withCheckedContinuation { waiting.append($0) }
        } else {
            inFlight += 1
        }
        guard counted else { return }
        while true {
            let now = clock.now
            var wait = Duration.zero
            if let pausedUntil, pausedUntil > now { wait = pausedUntil - now }
            for (index, limit) in limits.enumerated() {
                while heads[index] < history[index].count, history[index][heads[index]] + limit.window <= now {
                    heads[index] += 1
                }
                if heads[index] > 1024 {
                    history[index].removeFirst(heads[index])
                    heads[index] = 0
                }
                if history[index].count - heads[index] >= limit.count {
                    let oldest = history[index][history[index].count - limit.count]
                    wait = max(wait, oldest + limit.window - now)
                }
            }
            if wait <= .zero {
                for index in limits.indices { history[index].append(now) }
                countedRequests += 1
                return
            }
            try? await clock.sleep(for: wait)
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
