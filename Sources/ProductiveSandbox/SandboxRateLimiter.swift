import Synchronization

/// Fixed-window request budgets like Productive's: the short windows per token, the sustained
/// limit per organization. When one is spent, the answer is 429 with `X-RateLimit-Reset` and
/// `Retry-After`, the seconds until that window resets.
final class SandboxRateLimiter: Sendable {
    /// A spent budget: which one, and how long until it has room again.
    struct Refusal: Sendable {
        var limit: SandboxConfiguration.RateLimit
        var reset: Duration
    }

    private struct Window {
        var start: ContinuousClock.Instant
        var count: Int
    }

    /// A budget and the key its windows are counted under.
    private struct Budget {
        var limit: SandboxConfiguration.RateLimit
        var key: String
    }

    private let perToken: [SandboxConfiguration.RateLimit]
    private let perOrganization: [SandboxConfiguration.RateLimit]
    private let windows = Mutex<[String: Window]>([:])
    private let clock: SandboxClock

    init(perToken: [SandboxConfiguration.RateLimit], perOrganization: [SandboxConfiguration.RateLimit], clock: SandboxClock) {
        self.perToken = perToken
        self.perOrganization = perOrganization
        self.clock = clock
    }

    /// Counts one request against every budget of the token and its organization; returns the spent
    /// budget with the longest wait (nothing counted), or nil when the request is allowed.
    func admit(token: String, organization: String) -> Refusal? {
        let now = clock.now
        let budgets = perToken.enumerated().map { Budget(limit: $1, key: "token \($0) \(token)") }
            + perOrganization.enumerated().map { Budget(limit: $1, key: "organization \($0) \(organization)") }
        return windows.withLock { windows in
            var refusal: Refusal?
            for budget in budgets {
                var window = windows[budget.key] ?? Window(start: now, count: 0)
                if window.start + budget.limit.window <= now { window = Window(start: now, count: 0) }
                windows[budget.key] = window
                guard window.count >= budget.limit.count else { continue }
                let reset = window.start + budget.limit.window - now
                if reset > refusal?.reset ?? .zero { refusal = Refusal(limit: budget.limit, reset: reset) }
            }
            guard refusal == nil else { return refusal }
            for budget in budgets { windows[budget.key]?.count += 1 }
            return nil
        }
    }
}
