/// What the client tells its reporter while it works: library code never prints, the command line
/// decides what to show (retries and waits always, one line per request with `--verbose`).
/// No event ever carries the token or a header value.
public enum ClientEvent: Sendable, Equatable, CustomStringConvertible {
    /// One request finished: method, path (without the query), the status (nil: no answer), and how long it took.
    case request(method: String, path: String, status: Int?, duration: Duration)
    /// A request failed and will be sent again after `delay`; `reason` is e.g. `504` or `connection reset`.
    case retrying(delay: Duration, reason: String, method: String, path: String)
    /// A 429: every request waits `delay` before going on.
    case waitingForRateLimit(delay: Duration, method: String, path: String)
    /// An answer was lost after a change was sent: the client reads the page back before anything else.
    case verifying(reason: String, method: String, path: String)
    /// The sustained request budget (`count` per `window`, e.g. 4,000 per 30 min) is spent: requests
    /// wait `delay` for room, which the run's time budget allows.
    case waitingForRequestBudget(delay: Duration, count: Int, window: Duration)

    /// One line for standard error, e.g. `retrying in 2 s: 504 on PATCH /pages/123/append_markdown`.
    public var description: String {
        switch self {
        case let .request(method, path, status, duration):
            let milliseconds = Int((Seconds.value(duration) * 1000).rounded())
            return "\(method) \(path) → \(status.map(String.init) ?? "no answer") in \(milliseconds) ms"
        case let .retrying(delay, reason, method, path):
            return "retrying in \(Seconds.text(delay)): \(reason) on \(method) \(path)"
        case let .waitingForRateLimit(delay, method, path):
            return "rate limited (429 on \(method) \(path)): waiting \(Seconds.text(delay))"
        case let .verifying(reason, method, path):
            return "\(reason) on \(method) \(path): checking whether it landed before sending anything again"
        case let .waitingForRequestBudget(delay, count, window):
            let minutes = Seconds.value(delay) >= 120 ? " (\(Int((Seconds.value(delay) / 60).rounded())) min)" : ""
            return "request budget of \(count) per \(Seconds.text(window)) spent: waiting \(Seconds.text(delay))\(minutes) before the next request"
        }
    }

    /// True for the per-request lines that only `--verbose` shows.
    public var isRequestLine: Bool {
        if case .request = self { return true }
        return false
    }
}

/// Receives the client's events (e.g. to print them on standard error). Must be cheap and thread-safe.
public typealias ClientReporter = @Sendable (ClientEvent) -> Void
