/// Every failure of the client: which operation, what Productive answered, and what to do about it.
/// The token never appears in it.
public struct ProductiveAPIError: Error, CustomStringConvertible, Sendable {
    /// What the client was doing, e.g. `append_markdown to page 42`.
    public var operation: String
    /// The HTTP status, or nil when no answer came (connection error, timeout).
    public var status: Int?
    /// Productive's error title and detail, when the body had them.
    public var title: String?
    public var detail: String?
    /// How many times the request was tried again before giving up.
    public var retries: Int
    /// The underlying transport error, for answers that never came.
    public var cause: String?

    public init(operation: String, status: Int?, title: String? = nil, detail: String? = nil, retries: Int = 0, cause: String? = nil) {
        self.operation = operation
        self.status = status
        self.title = title
        self.detail = detail
        self.retries = retries
        self.cause = cause
    }

    /// A sentence a person can act on.
    public var hint: String {
        switch status {
        case nil:
            return "could not reach Productive (\(cause ?? "no answer")) after \(retries + 1) attempts: check PRODUCTIVE_BASE_URL and the network"
        case 401:
            return "Productive did not accept the token: check PRODUCTIVE_API_TOKEN (Settings → API integrations)"
        case 403:
            return "not allowed: check PRODUCTIVE_ORGANIZATION_ID and your permissions on the project"
        case 404:
            return "no such page: it may have been deleted in Productive"
        case 409:
            return "Productive refused a change to a template or published doc"
        case 415, 422:
            return "Productive refused what was sent\(detail.map { ": \($0)" } ?? "")"
        case 429:
            return "rate limited by Productive, still after \(retries) retries: try again later"
        case let status? where status >= 500:
            return "Productive is failing (HTTP \(status)), retried \(retries) times: try again later"
        default:
            return "Productive answered HTTP \(status ?? 0)"
        }
    }

    public var description: String {
        var text = "\(operation) failed"
        if let status { text += ": HTTP \(status)" }
        if let title, !title.isEmpty { text += " \(title)" }
        if let detail, !detail.isEmpty, status != 415, status != 422 { text += ": \(detail)" }
        return text + ". \(hint)"
    }
}
