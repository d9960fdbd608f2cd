import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import ProductiveWire

/// One request to the pages API.
struct APIRequest: Sendable {
    enum Method: String, Sendable {
        case get = "GET", post = "POST", patch = "PATCH", delete = "DELETE"
    }

    var method: Method
    /// Path under the base URL, e.g. `/pages/42/append_markdown`.
    var path: String
    var query: [(String, String)] = []
    /// A JSON body, for POST and PATCH.
    var body: Data?

    init(_ method: Method, _ path: String, query: [(String, String)] = [], json: [String: Any]? = nil) {
        self.method = method
        self.path = path
        self.query = query
        body = json.flatMap { try? JSONSerialization.data(withJSONObject: $0, options: [.sortedKeys]) }
    }

    /// True for requests that change state: their lost answers are verified, never blindly re-sent.
    var changesState: Bool { method != .get }

    /// `PATCH /pages/42/append_markdown`: how messages name the request (no query, no header).
    var summary: String { name.summary }

    var name: RequestName { RequestName(method: method.rawValue, path: path) }
}

/// How events and messages name a request: method and path, never a query or a header.
struct RequestName: Sendable {
    var method: String
    var path: String

    var summary: String { "\(method) \(path)" }
}

/// A successful answer.
struct APIResponse: Sendable {
    var status: Int
    var data: Data
    /// The server's `Date` header (second precision), when it sent one.
    var serverDate: Date?
    /// When the answer arrived, on this machine's monotonic clock.
    var receivedAt: ContinuousClock.Instant = .now

    /// The body as a JSON object, if it is one.
    var object: [String: Any]? {
        (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
    }
}

/// What a verification learned after an answer was lost.
enum Landing: Sendable {
    /// The change is there: take this result.
    case landed(APIResponse)
    /// It is not there: sending again is safe.
    case notLanded
}

/// What a verification knows about the lost attempts.
struct VerificationContext: Sendable {
    /// When the first attempt that may have landed was sent (monotonic clock of this machine).
    var firstSentAt: ContinuousClock.Instant
}

/// Sends requests with the three headers, under the shared limiter and the run's time budget, with
/// retries decided from typed errors and statuses. A state-changing request whose answer is lost
/// (timeout, reset, 502/503/504) is verified before anything is sent again.
struct Transport: Sendable {
    let http: HTTPClient
    let configuration: ProductiveConfiguration
    let limiter: RequestLimiter
    let reporter: ClientReporter
    /// The first retry waits about this long; each next one twice as long (jittered, at most 30 s).
    let retryBaseDelay: Duration
    /// When the run's budget ends (nil: no budget).
    let deadline: ContinuousClock.Instant?

    /// Statuses worth another try; for a change, 502/503/504 may also mean it landed.
    private static let retryableStatuses: Set<Int> = [429, 502, 503, 504]
    private static let ambiguousStatuses: Set<Int> = [502, 503, 504]

    /// Sends `request`. When a state-changing request's answer is lost, `verify` reads the page back
    /// to learn whether it landed before anything is sent again. A 2xx answer that is not of `shape`
    /// counts as lost too: a read is asked again, a change is verified first; when the retries run
    /// out, the call fails with `.badAnswer`.
    func send(
        _ request: APIRequest, operation: String, expecting shape: AnswerShape,
        verify: (@Sendable (VerificationContext) async throws -> Landing)? = nil
    ) async throws -> APIResponse {
        var retries = 0
        var unreachableTries = 0
        var timeouts = 0
        var uncertainSince: ContinuousClock.Instant?
        /// Set for a 500 after a change: verified once, then reported (a server error is not retried).
        var failIfNotLanded: ProductiveAPIError?
        var uncertainReason = ""
        while true {
            if let since = uncertainSince, let verify {
                reporter(.verifying(reason: uncertainReason, method: request.method.rawValue, path: request.path))
                let landing: Landing
                do {
                    landing = try await verify(VerificationContext(firstSentAt: since))
                } catch var error as ProductiveAPIError {
                    if [.refused, .noAnswer, .badAnswer].contains(error.kind) {
                        let inner = error.kind == .noAnswer ? (error.cause ?? "no answer") : error.description
                        error.cause = "\(uncertainReason) on \(request.summary), and reading it back failed: \(inner)"
                        error.operation = operation
                        error.kind = .noAnswer
                        error.status = nil
                        error.title = nil
                        error.detail = nil
                    }
                    throw error
                }
                switch landing {
                case .landed(let response): return response
                case .notLanded:
                    if let failIfNotLanded { throw failIfNotLanded }
                    uncertainSince = nil
                }
            }
            let remaining = try remainingBudget(before: request.name, operation: operation, retries: retries)
            let limit = min(configuration.requestTimeout, remaining)
            let sentAt = ContinuousClock.now
            await limiter.acquire()
            let outcome: Outcome
            do {
                outcome = try await within(limit) { try await execute(request, limit: limit) }
                await limiter.release()
            } catch {
                await limiter.release()
                reporter(.request(method: request.method.rawValue, path: request.path, status: nil, duration: ContinuousClock.now - sentAt))
                var failure = TransportFailure.classify(error)
                if failure.kind == .timedOut { failure.reason = "no complete answer within \(Seconds.text(limit))" }
                let underlying = error
                switch failure.kind {
                case .unreachable:
                    unreachableTries += 1
                    guard unreachableTries < 2 else {
                        throw ProductiveAPIError(operation: operation, status: nil, retries: unreachableTries - 1, cause: "\(failure.reason) on \(request.summary)", kind: .unreachable, underlying: underlying)
                    }
                case .timedOut:
                    if limit < configuration.requestTimeout {
                        throw budgetError(request.name, operation: operation, retries: retries)
                    }
                    timeouts += 1
                    if request.changesState && verify != nil, uncertainSince == nil { uncertainSince = sentAt; uncertainReason = failure.reason }
                    guard timeouts < 2 else {
                        throw ProductiveAPIError(operation: operation, status: nil, retries: retries + timeouts - 1, cause: "\(failure.reason) on \(request.summary), twice", kind: .noAnswer, underlying: underlying)
                    }
                case .mayHaveLanded:
                    if request.changesState && verify != nil, uncertainSince == nil { uncertainSince = sentAt; uncertainReason = failure.reason }
                    guard retries < configuration.maxRetries else {
                        throw ProductiveAPIError(operation: operation, status: nil, retries: retries, cause: "\(failure.reason) on \(request.summary)", kind: .noAnswer, underlying: underlying)
                    }
                }
                retries += 1
                try await backoff(retries, reason: failure.reason, request.name, operation: operation)
                continue
            }
            reporter(.request(method: request.method.rawValue, path: request.path, status: outcome.status, duration: ContinuousClock.now - sentAt))
            if let refusal = outcome.refusal {
                throw ProductiveAPIError(operation: operation, status: outcome.status, title: "Response refused", detail: refusal, retries: retries, kind: .badAnswer)
            }
            if (200..<300).contains(outcome.status) {
                let response = APIResponse(status: outcome.status, data: outcome.data, serverDate: outcome.serverDate)
                guard let problem = shape.problem(response) else { return response }
                let reason = "an unusable answer (\(problem))"
                let error = ProductiveAPIError(operation: operation, status: outcome.status, title: "Unexpected answer", detail: problem, retries: retries, kind: .badAnswer)
                if request.changesState {
                    // The change may have been made: look before sending it again, or before giving up.
                    guard verify != nil else { throw error }
                    if uncertainSince == nil {
                        uncertainSince = sentAt
                        uncertainReason = reason
                    }
                    if retries >= configuration.maxRetries {
                        failIfNotLanded = error
                        continue
                    }
                } else if retries >= configuration.maxRetries {
                    throw error
                }
                retries += 1
                try await backoff(retries, reason: reason, request.name, operation: operation)
                continue
            }
            if (300..<400).contains(outcome.status) {
                throw ProductiveAPIError(
                    operation: operation, status: outcome.status, retries: retries,
                    cause: outcome.redirectHost.map { "to \($0)" } ?? "without a target", kind: .redirected
                )
            }
            let error = ProductiveAPIError(operation: operation, status: outcome.status, title: redact(outcome.errorTitle), detail: redact(outcome.errorDetail), retries: retries)
            if outcome.status == 500, request.changesState, verify != nil, failIfNotLanded == nil {
                // A server error may come after the change was made: look before reporting it.
                failIfNotLanded = error
                uncertainSince = uncertainSince ?? sentAt
                uncertainReason = "HTTP 500"
                continue
            }
            guard Self.retryableStatuses.contains(outcome.status), retries < configuration.maxRetries else { throw error }
            retries += 1
            if outcome.status == 429 {
                let wait = outcome.resetAfter ?? .seconds(10)
                if wait > configuration.maxRateLimitWait {
                    var refusal = error
                    refusal.kind = .rateLimitTooLong
                    refusal.cause = "Productive asks to wait \(Seconds.text(wait)), longer than the \(Seconds.text(configuration.maxRateLimitWait)) this run waits"
                    throw refusal
                }
                if let deadline, ContinuousClock.now + wait > deadline {
                    var refusal = error
                    refusal.kind = .rateLimitTooLong
                    refusal.cause = "Productive asks to wait \(Seconds.text(wait)), longer than what is left of the run's time budget"
                    throw refusal
                }
                reporter(.waitingForRateLimit(delay: wait, method: request.method.rawValue, path: request.path))
                await limiter.pause(for: wait)
            } else {
                if request.changesState && verify != nil && Self.ambiguousStatuses.contains(outcome.status), uncertainSince == nil {
                    uncertainSince = sentAt
                    uncertainReason = "HTTP \(outcome.status)"
                }
                try await backoff(retries, reason: "\(outcome.status)", request.name, operation: operation)
            }
        }
    }

    // MARK: One exchange

    private struct Outcome: Sendable {
        var status: Int
        var data = Data()
        var errorTitle: String?
        var errorDetail: String?
        var resetAfter: Duration?
        var serverDate: Date?
        var redirectHost: String?
        /// Set when the answer must not be used nor asked for again (e.g. far too large).
        var refusal: String?
    }

    /// One exchange, head and body, within `limit` (a body trickled byte by byte ends here too).
    func within<T: Sendable>(_ limit: Duration, _ exchange: @escaping @Sendable () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: T.self) { group in
            group.addTask { try await exchange() }
            group.addTask {
                try await Task.sleep(for: limit)
                throw RequestTimeout(limit: limit)
            }
            defer { group.cancelAll() }
            guard let first = try await group.next() else { throw RequestTimeout(limit: limit) }
            return first
        }
    }

    private func execute(_ request: APIRequest, limit: Duration) async throws -> Outcome {
        let query = request.query.isEmpty ? "" : "?" + QueryString.encode(request.query)
        var http = HTTPClientRequest(url: configuration.baseURL + request.path + query)
        http.method = HTTPMethod(rawValue: request.method.rawValue)
        http.headers.add(name: WireHeader.authToken, value: configuration.token)
        http.headers.add(name: WireHeader.organizationID, value: configuration.organizationID)
        http.headers.add(name: WireHeader.accept, value: JSONAPI.mediaType)
        if let body = request.body {
            http.headers.add(name: WireHeader.contentType, value: JSONAPI.mediaType)
            http.body = .bytes(ByteBuffer(bytes: body))
        }
        let response = try await self.http.execute(http, timeout: .nanoseconds(Int64(Seconds.value(limit) * 1e9)))
        let status = Int(response.status.code)
        let serverDate = response.headers.first(name: "Date").flatMap(HTTPDate.parse)
        if (300..<400).contains(status) {
            // Never followed: the token would go along. Say where it pointed (the host only).
            let host = response.headers.first(name: "Location").flatMap { URL(string: $0)?.host }
            return Outcome(status: status, serverDate: serverDate, redirectHost: host)
        }
        let buffer: ByteBuffer
        do {
            buffer = try await response.body.collect(upTo: configuration.maxResponseBytes)
        } catch is NIOTooManyBytesError {
            var outcome = Outcome(status: status)
            outcome.refusal = "the answer was larger than \(configuration.maxResponseBytes >> 20) MB and was not read"
            return outcome
        }
        var outcome = Outcome(status: status, data: Data(buffer.readableBytesView), serverDate: serverDate)
        if !(200..<300).contains(status) {
            // Error bodies may be empty, HTML or plain text (429, 502): branch on the status, read what is there.
            let json = (try? JSONSerialization.jsonObject(with: outcome.data)) as? [String: Any]
            let first = (json?["errors"] as? [[String: Any]])?.first
            outcome.errorTitle = first?["title"] as? String
            outcome.errorDetail = first?["detail"] as? String
            let reset = response.headers.first(name: WireHeader.rateLimitReset) ?? response.headers.first(name: WireHeader.retryAfter)
            outcome.resetAfter = reset.flatMap { RetryAfter.parse($0, serverDate: serverDate) }
        }
        return outcome
    }

    // MARK: Time

    /// What is left of the run's budget; throws when nothing is.
    func remainingBudget(before request: RequestName, operation: String, retries: Int) throws -> Duration {
        guard let deadline else { return .seconds(86_400) }
        let remaining = deadline - .now
        guard remaining > .milliseconds(10) else { throw budgetError(request, operation: operation, retries: retries) }
        return remaining
    }

    func budgetError(_ request: RequestName, operation: String, retries: Int) -> ProductiveAPIError {
        let budget = configuration.runTimeout.map { "of \(Seconds.text($0)) " } ?? ""
        return ProductiveAPIError(operation: operation, status: nil, retries: retries, cause: "the run's time budget \(budget)ran out on \(request.summary)", kind: .timedOut)
    }

    func backoff(_ attempt: Int, reason: String, _ request: RequestName, operation: String) async throws {
        let base = Seconds.value(retryBaseDelay)
        let delay = min(30, base * pow(2, Double(max(0, attempt - 1))))
        let jittered = Duration.milliseconds(Int64(delay * Double.random(in: 0.5...1.0) * 1000))
        if let deadline, ContinuousClock.now + jittered > deadline {
            throw budgetError(request, operation: operation, retries: attempt - 1)
        }
        reporter(.retrying(delay: jittered, reason: reason, method: request.method, path: request.path))
        try await Task.sleep(for: jittered)
    }

    /// Removes the token from text that came from elsewhere (an error detail could echo a header).
    private func redact(_ text: String?) -> String? {
        guard let text, !configuration.token.isEmpty else { return text }
        return text.replacingOccurrences(of: configuration.token, with: "[redacted]")
    }
}

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
