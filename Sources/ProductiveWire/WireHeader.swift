/// The HTTP header names the client sends and the sandbox reads (../shared/reference/productive-pages-api.md).
public enum WireHeader {
    /// The personal API token.
    public static let authToken = "X-Auth-Token"
    /// The numeric organization id.
    public static let organizationID = "X-Organization-Id"
    /// On a 429: the seconds until the window resets (documented).
    public static let rateLimitReset = "X-RateLimit-Reset"
    /// On a 429: the standard header (not documented by Productive, honoured when present).
    public static let retryAfter = "Retry-After"
    public static let contentType = "Content-Type"
    public static let accept = "Accept"
}

/// JSON:API as Productive speaks it.
public enum JSONAPI {
    /// The media type of every request body and every answer; anything else is answered 415.
    public static let mediaType = "application/vnd.api+json"
}
