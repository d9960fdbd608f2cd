import Synchronization

/// Fixed-window request budgets per token, like Productive's: when one is spent, the answer is 429
/// with `X-RateLimit-Reset`, the seconds until the window resets.
final class SandboxRateLimiter: Sendable {
    private struct Window {
        var start: ContinuousClock.Instant
        var count: Int
    }

    private let limits: [SandboxConfiguration.RateLimit]
    private let windows = Mutex<[String: [Window]]>([:])
    private let clock = ContinuousClock()

    init(limits: [SandboxConfiguration.RateLimit]) {
        self.limits = limits
    }

    /// Counts one request; returns the limit that was exceeded and the wait, or nil when allowed.
    func admit(token: String) -> (limit: SandboxConfiguration.RateLimit, reset: Duration)? {
        let now = clock.now
        return windows.withLock { windows in
            var current = windows[token] ?? limits.map { _ in Window(start: now, count: 0) }
            for (index, limit) in limits.enumerated() where current[index].start + limit.window <= now {
                current[index] = Window(start: now, count: 0)
            }
            for (index, limit) in limits.enumerated() where current[index].count >= limit.count {
                windows[token] = current
                return (limit, current[index].start + limit.window - now)
            }
            for index in limits.indices { current[index].count += 1 }
            windows[token] = current
            return nil
        }
    }
}
