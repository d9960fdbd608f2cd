import Foundation

/// How long a 429 asks to wait: `Retry-After` (and `X-RateLimit-Reset`) as seconds or as an HTTP
/// date (RFC 9110), the date measured from the answer's `Date` (this machine's clock without one).
/// The wait is kept as asked, however long, so that the message says what Productive said.
enum RetryAfter {
    static func parse(_ text: String, serverDate: Date?, now: Date = Date()) -> Duration? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let seconds: Double
        if let number = Double(trimmed) {
            seconds = number
        } else if let date = HTTPDate.parse(trimmed) {
            seconds = max(0, date.timeIntervalSince(serverDate ?? now))
        } else {
            return nil
        }
        guard seconds >= 0, seconds.isFinite else { return nil }
        // Ten thousand years at most: a bound that keeps the arithmetic in range, never met by an honest server.
        return .milliseconds(Int64(min(seconds, 3e11) * 1000))
    }
}

/// The HTTP `Date` header (IMF-fixdate, RFC 9110).
enum HTTPDate {
    static func parse(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter.date(from: text)
    }
}
