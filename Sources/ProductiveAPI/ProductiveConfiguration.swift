import Foundation
import ProductiveWire

/// How to reach Productive: credentials, base URL, timeouts, limits.
public struct ProductiveConfiguration: Sendable {
    /// The default base URL of Productive's API.
    public static let defaultBaseURL = "https://api.productive.io/api/v2"
    /// Where attachment files go (step 2 of an upload): Productive's S3 bucket (observed, not documented).
    public static let defaultUploadURL = "https://productive-files-production.s3.eu-west-1.amazonaws.com"

    /// The personal API token (`X-Auth-Token`). Never printed, logged or written anywhere.
    public var token: String
    /// The numeric organization id (`X-Organization-Id`).
    public var organizationID: String
    /// Base URL without a trailing slash.
    public var baseURL: String
    /// The file store attachment uploads are posted to (`PRODUCTIVE_UPLOAD_URL`), without a trailing
    /// slash. It never receives the token nor the organization id.
    public var uploadURL: String
    public var connectTimeout: Duration
    /// The longest silence between two bytes of an answer.
    public var readTimeout: Duration
    /// The longest a whole request may take, answer body included (a body trickled byte by byte
    /// still ends here). A request that hits it is tried once more at most.
    public var requestTimeout: Duration
    /// The budget of the whole run (every request, retry and wait of this client); nil: none.
    public var runTimeout: Duration?
    /// A 429 asking to wait longer than this is not waited for: the request fails (`rateLimitTooLong`).
    public var maxRateLimitWait: Duration
    /// At most this many requests in flight at once.
    public var maxConcurrency: Int
    /// Request budgets shared by all requests of a client (Productive: 100 per 10 s, 4,000 per 30 min).
    public var rateLimits: [RateLimit]
    /// How often a failed request (429, 502, 503, 504, connection error) is tried again.
    public var maxRetries: Int
    /// The largest response body accepted.
    public var maxResponseBytes: Int

    public init(
        token: String, organizationID: String, baseURL: String = ProductiveConfiguration.defaultBaseURL,
        connectTimeout: Duration = .seconds(10), readTimeout: Duration = .seconds(60), maxConcurrency: Int = 4,
        rateLimits: [RateLimit] = RateLimit.productiveDefaults, maxRetries: Int = 6, maxResponseBytes: Int = 32 << 20,
        requestTimeout: Duration = .seconds(30), runTimeout: Duration? = nil, maxRateLimitWait: Duration = .seconds(120),
        uploadURL: String = ProductiveConfiguration.defaultUploadURL
    ) {
        self.token = token
        self.organizationID = organizationID
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.uploadURL = uploadURL.hasSuffix("/") ? String(uploadURL.dropLast()) : uploadURL
        self.connectTimeout = connectTimeout
        self.readTimeout = readTimeout
        self.maxConcurrency = max(1, maxConcurrency)
        self.rateLimits = rateLimits
        self.maxRetries = max(0, maxRetries)
        self.maxResponseBytes = maxResponseBytes
        self.requestTimeout = requestTimeout
        self.runTimeout = runTimeout
        self.maxRateLimitWait = maxRateLimitWait
    }

    /// Reads `PRODUCTIVE_API_TOKEN`, `PRODUCTIVE_ORGANIZATION_ID`, `PRODUCTIVE_BASE_URL` and `PRODUCTIVE_UPLOAD_URL`. Surrounding
    /// whitespace (a trailing CR/LF from a secrets file) is trimmed. Errors name the variable, never its value.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws -> ProductiveConfiguration {
        let token = (environment["PRODUCTIVE_API_TOKEN"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !token.isEmpty else {
            throw ProductiveAPIError.misconfigured("PRODUCTIVE_API_TOKEN is not set: create a token in Productive under Settings → API integrations (or run `productive-docs sandbox`)")
        }
        let organization = (environment["PRODUCTIVE_ORGANIZATION_ID"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !organization.isEmpty else {
            throw ProductiveAPIError.misconfigured("PRODUCTIVE_ORGANIZATION_ID is not set: it is the number in your Productive URLs (app.productive.io/<id>-...)")
        }
        let baseURL = (environment["PRODUCTIVE_BASE_URL"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let uploadURL = (environment["PRODUCTIVE_UPLOAD_URL"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let configuration = ProductiveConfiguration(
            token: token, organizationID: organization, baseURL: baseURL.isEmpty ? defaultBaseURL : baseURL,
            uploadURL: uploadURL.isEmpty ? defaultUploadURL : uploadURL
        )
        try configuration.validate()
        return configuration
    }

    /// Refuses malformed settings, and plain HTTP anywhere but loopback (the token would travel in clear).
    /// The messages name the setting, never its value (a token pasted into the wrong variable stays secret).
    public func validate() throws {
        guard !token.isEmpty, token.unicodeScalars.allSatisfy({ (0x21...0x7E).contains($0.value) }) else {
            throw ProductiveAPIError.misconfigured("PRODUCTIVE_API_TOKEN holds a space, line break or other character a token cannot have: copy it again from Settings → API integrations")
        }
        guard !organizationID.isEmpty, organizationID.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) }) else {
            throw ProductiveAPIError.misconfigured("PRODUCTIVE_ORGANIZATION_ID must be a number (the one in your Productive URLs)")
        }
        try Self.validateURL(baseURL, variable: "PRODUCTIVE_BASE_URL", example: Self.defaultBaseURL)
        try Self.validateURL(uploadURL, variable: "PRODUCTIVE_UPLOAD_URL", example: Self.defaultUploadURL)
        guard let upload = URLComponents(string: uploadURL), upload.query == nil, upload.fragment == nil, !holdsToken(uploadURL) else {
            throw ProductiveAPIError.misconfigured("PRODUCTIVE_UPLOAD_URL must be the file store's address alone, without a query string or the token (expected e.g. \(Self.defaultUploadURL))")
        }
    }

    /// True when `text` holds the token. Tokens shorter than 12 characters (never a real one: test
    /// values like `t`) are not looked for, or every URL would hold them.
    public func holdsToken(_ text: String) -> Bool {
        token.count >= 12 && text.contains(token)
    }

    /// An http(s) URL without credentials; plain HTTP only to loopback.
    private static func validateURL(_ text: String, variable: String, example: String) throws {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), let host = url.host, !host.isEmpty else {
            throw ProductiveAPIError.misconfigured("\(variable) is not a URL (expected e.g. \(example))")
        }
        guard url.user == nil, url.password == nil else {
            throw ProductiveAPIError.misconfigured("\(variable) must not hold a user name or password: the token goes in PRODUCTIVE_API_TOKEN")
        }
        switch scheme {
        case "https":
            break
        case "http":
            guard isLoopback(host) else {
                throw ProductiveAPIError.misconfigured("\(variable): refusing plain HTTP to a host that is not loopback: use https (plain http is allowed only to loopback, e.g. the sandbox)")
            }
        default:
            throw ProductiveAPIError.misconfigured("\(variable) must be an http(s) URL")
        }
    }

    static func isLoopback(_ host: String) -> Bool {
        let host = host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        return host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }
}

/// One request budget (the wire's type: the sandbox enforces the same ones).
public typealias RateLimit = ProductiveWire.RateLimit
