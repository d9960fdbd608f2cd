/// One request budget: at most `count` requests in any `window`.
public struct RateLimit: Sendable, Equatable {
    public var count: Int
    public var window: Duration

    public init(count: Int, window: Duration) {
        self.count = max(1, count)
        self.window = window
    }

    /// Productive's short window: 100 requests per 10 seconds, per token.
    public static let productiveShortWindow = RateLimit(count: 100, window: .seconds(10))
    /// Productive's sustained limit: 4,000 requests per 30 minutes, per organization.
    public static let productiveSustained = RateLimit(count: 4000, window: .seconds(1800))
    /// Both of Productive's budgets, the short window first.
    public static let productiveDefaults = [productiveShortWindow, productiveSustained]
}
