import ProductiveWire

/// The request budgets as sliding windows of send times, one per limit (Productive: 100 per 10 s per
/// token, the short one, and 4,000 per 30 min per organization, the sustained one). Pure: the caller
/// passes the clock's readings, so that the rules are tested without waiting.
struct RequestWindows: Sendable {
    /// Why the next request cannot go yet.
    struct Wait: Sendable, Equatable {
        /// How long until every window has room.
        var duration: Duration
        /// The limit that holds the request longest (as configured, before the safety margin).
        var limit: RateLimit
        /// True when it is not the shortest window: the run has spent its sustained budget.
        var isSustained: Bool
    }

    /// The limits as configured, and as counted: a little longer than the server's (2 % + 25 ms),
    /// because requests arrive a moment after they leave and the server counts arrivals.
    let limits: [RateLimit]
    private let counted: [RateLimit]
    private let shortest: Duration?
    /// Send times per limit, oldest first (`heads` marks the first live entry).
    private var history: [[ContinuousClock.Instant]]
    private var heads: [Int]

    init(_ limits: [RateLimit]) {
        self.limits = limits
        counted = limits.map { RateLimit(count: $0.count, window: $0.window * 1.02 + .milliseconds(25)) }
        shortest = limits.map(\.window).min()
        history = Array(repeating: [], count: limits.count)
        heads = Array(repeating: 0, count: limits.count)
    }

    /// How long a request at `now` must wait, and for which limit; nil when it may go now.
    mutating func wait(at now: ContinuousClock.Instant) -> Wait? {
        var longest: Wait?
        for index in counted.indices {
            let limit = counted[index]
            while heads[index] < history[index].count, history[index][heads[index]] + limit.window <= now {
                heads[index] += 1
            }
            if heads[index] > 1024 {
                history[index].removeFirst(heads[index])
                heads[index] = 0
            }
            guard history[index].count - heads[index] >= limit.count else { continue }
            let oldest = history[index][history[index].count - limit.count]
            let duration = oldest + limit.window - now
            if duration > .zero, duration > (longest?.duration ?? .zero) {
                longest = Wait(duration: duration, limit: limits[index], isSustained: limits[index].window != shortest)
            }
        }
        return longest
    }

    /// Counts a request sent at `now` in every window.
    mutating func record(at now: ContinuousClock.Instant) {
        for index in counted.indices { history[index].append(now) }
    }
}
