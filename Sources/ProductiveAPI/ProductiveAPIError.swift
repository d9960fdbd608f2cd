/// Every failure of the client: which operation, what Productive answered, and what to do about it.
/// The token never appears in it, nor any header value.
public struct ProductiveAPIError: Error, CustomStringConvertible, Sendable {
    /// What kind of failure this is: decide on this (or `status`), never on the text.
    public enum Kind: String, Sendable, Equatable {
        /// Productive answered with an error status (see `status`).
        case refused
        /// Productive could not be reached: connection refused, DNS or TLS failure. Nothing was sent.
        case unreachable
        /// No (complete) answer came in time, or the connection dropped, and retries ran out.
        case noAnswer
        /// The run's overall time budget (`--timeout`) ran out.
        case timedOut
        /// A 429 asked to wait longer than the client is willing to.
        case rateLimitTooLong
        /// A create may or may not have landed and the client could not prove which: nothing was sent
        /// again and nothing was overwritten. Check the parent page.
        case createUnresolved
        /// After a lost answer the page had changed, but not (only) by this write: someone else edited
        /// it meanwhile. Nothing was sent again.
        case changedMeanwhile
        /// Productive answered with a redirect, which the client never follows (the token would go along).
        case redirected
        /// The answer could not be used (far too large, not a page).
        case badAnswer
        /// The file store refused an attachment upload (`title` and `detail`: S3's code and message,
        /// e.g. an expired policy or a bad signature). Nothing is left behind: the attachment record is
        /// deleted again.
        case uploadRefused
        /// The call was given something that cannot be sent (an id that is not a number, a file name
        /// with a line break): nothing was sent.
        case invalidRequest
        /// A setting is missing or wrong (`PRODUCTIVE_API_TOKEN`, a URL): nothing was sent. `cause`
        /// names the variable, never its value.
        case misconfigured
        /// Another run on this machine held the page's lock (`append --once`) for longer than the wait.
        case locked
    }

    /// What kind of failure this is.
    public var kind: Kind
    /// What the client was doing, e.g. `append_markdown to page 42`.
    public var operation: String
    /// The HTTP status, or nil when no answer came (connection error, timeout).
    public var status: Int?
    /// Productive's error title and detail, when the body had them.
    public var title: String?
    public var detail: String?
    /// How many times the request was tried again before giving up.
    public var retries: Int
    /// What went wrong underneath, in words (never a library's raw error text).
    public var cause: String?
    /// The underlying error (e.g. `HTTPClientError`, `NIOConnectionError`), for callers that branch on it.
    public var underlying: (any Error)?

    /// - Parameter kind: defaults to `.refused` with a status, `.noAnswer` without one.
    public init(
        operation: String, status: Int?, title: String? = nil, detail: String? = nil, retries: Int = 0, cause: String? = nil,
        kind: Kind? = nil, underlying: (any Error)? = nil
    ) {
        self.kind = kind ?? (status == nil ? .noAnswer : .refused)
        self.operation = operation
        self.status = status
        self.title = title
        self.detail = detail
        self.retries = retries
        self.cause = cause
        self.underlying = underlying
    }

    /// A setting is missing or wrong: `message` says which and what to do.
    public static func misconfigured(_ message: String) -> ProductiveAPIError {
        ProductiveAPIError(operation: "reading the settings", status: nil, cause: message, kind: .misconfigured)
    }

    /// The page lock of `pageID` could not be taken: `message` says why.
    public static func locked(_ message: String) -> ProductiveAPIError {
        ProductiveAPIError(operation: "taking the page lock", status: nil, cause: message, kind: .locked)
    }

    /// True when the failure is about the environment (settings, network, TLS, DNS), not what
    /// Productive said: the command line exits with 2 for these.
    public var isEnvironmentFailure: Bool { kind == .unreachable || kind == .misconfigured }

    /// A sentence a person can act on.
    public var hint: String {
        switch kind {
        case .unreachable:
            return "could not reach Productive (\(cause ?? "no connection")) after \(retries + 1) attempts; check PRODUCTIVE_BASE_URL and the network"
        case .noAnswer:
            return "no answer from Productive (\(cause ?? "no answer")) after \(retries + 1) attempts; try again later"
        case .timedOut:
            return "gave up: \(cause ?? "the run's time budget ran out") (raise --timeout to wait longer)"
        case .rateLimitTooLong:
            return "rate limited by Productive: \(cause ?? "the wait is too long"): try again later"
        case .createUnresolved:
            return "the answer to the create was lost and the client could not prove whether the page was made; nothing was overwritten and nothing was sent again: check the parent page\(cause.map { " (\($0))" } ?? "")"
        case .changedMeanwhile:
            return "the answer was lost and someone else changed the page meanwhile\(cause.map { " (\($0))" } ?? ""); nothing was sent again: check the page"
        case .redirected:
            return "Productive answered with a redirect\(cause.map { " (\($0))" } ?? ""), which is never followed: check PRODUCTIVE_BASE_URL"
        case .uploadRefused:
            return "the file store refused the upload\(cause.map { "; \($0)" } ?? ""): check PRODUCTIVE_UPLOAD_URL; an expired policy means the upload began too long after the attachment was made (a slow network or long waits): run again"
        case .invalidRequest:
            return "nothing was sent: \(cause ?? "the request cannot be sent")"
        case .misconfigured, .locked:
            return cause ?? operation
        case .badAnswer where status.map({ (200..<300).contains($0) }) ?? false:
            return "Productive's answer is not the document the API sends (a proxy's page, or cut short?), asked \(retries + 1) times; nothing was decided from it: try again later"
        case .badAnswer, .refused:
            break
        }
        switch status {
        case nil:
            return "no answer from Productive"
        case 401:
            return "Productive did not accept the token; check PRODUCTIVE_API_TOKEN (Settings → API integrations)"
        case 403:
            return "not allowed; check PRODUCTIVE_ORGANIZATION_ID and your permissions on the project"
        case 404:
            return "no such page (it may have been deleted in Productive)"
        case 409:
            return "Productive refused a change to a template or published doc"
        case 415, 422:
            return "Productive refused what was sent\(detail.map { ": \($0)" } ?? "")"
        case 429:
            return "rate limited by Productive, still after \(retries) retries; try again later"
        case let status? where status >= 500:
            return "Productive is failing (HTTP \(status)), retried \(retries) times; try again later"
        default:
            return "Productive answered HTTP \(status ?? 0)"
        }
    }

    /// One sentence: `OPERATION failed: HTTP STATUS TITLE (DETAIL); HINT`, the answer's part only
    /// when one came (`list pages failed: could not reach Productive (...) after 3 attempts; check ...`).
    public var description: String {
        // A setting or the lock: the sentence alone, as nothing was asked of Productive.
        if kind == .misconfigured || kind == .locked { return hint }
        var answer = status.map { "HTTP \($0)" } ?? ""
        if let title = title.map(Self.clause), !title.isEmpty { answer += (answer.isEmpty ? "" : " ") + title }
        if let detail = detail.map(Self.clause), !detail.isEmpty, status != 415, status != 422 {
            answer += answer.isEmpty ? detail : " (\(detail))"
        }
        return "\(operation) failed: " + [answer, hint].filter { !$0.isEmpty }.joined(separator: "; ")
    }

    /// `text` as a clause inside a sentence: trimmed, without a final full stop.
    private static func clause(_ text: String) -> String {
        var clause = text.trimmingCharacters(in: .whitespacesAndNewlines)
        while clause.hasSuffix(".") { clause.removeLast() }
        return clause
    }
}
