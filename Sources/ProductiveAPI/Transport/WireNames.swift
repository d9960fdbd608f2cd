import Foundation

/// The names on the wire the client writes: header names, the media type, and how a query with
/// JSON:API brackets (`filter[project_id]`) is encoded. Written once here; the request builders and
/// `ConnectionProbe` use it.
enum WireNames {
    static let authToken = "X-Auth-Token"
    static let organizationID = "X-Organization-Id"
    static let accept = "Accept"
    static let contentType = "Content-Type"
    static let mediaType = "application/vnd.api+json"
    static let rateLimitReset = "X-RateLimit-Reset"
    static let retryAfter = "Retry-After"
    static let date = "Date"
    static let location = "Location"

    /// `?filter%5Bproject_id%5D=1&page%5Bsize%5D=200`: the items percent-encoded, brackets too
    /// (they are not allowed unencoded in a query); empty for no items.
    static func encodedQuery(_ items: [(String, String)]) -> String {
        guard !items.isEmpty else { return "" }
        var components = URLComponents()
        components.queryItems = items.map { URLQueryItem(name: $0.0, value: $0.1) }
        guard let encoded = components.percentEncodedQuery else { return "" }
        return "?" + encoded.replacingOccurrences(of: "[", with: "%5B").replacingOccurrences(of: "]", with: "%5D")
    }

    /// The query item `filter[name]`.
    static func filter(_ name: String) -> String { "filter[\(name)]" }
}
