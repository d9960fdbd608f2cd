import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1

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
}

/// A successful answer.
struct APIResponse: Sendable {
    var status: Int
    var data: Data

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

/// Sends requests with the three headers, under the shared limiter, with retries.
struct Transport: Sendable {
    let http: HTTPClient
    let configuration: ProductiveConfiguration
    let limiter: RequestLimiter
    let logger: Logger
    /// The first retry waits about this long; each next one twice as long (jittered, at most 30 s).
    let retryBaseDelay: Duration

    private static let retryableStatuses: Set<Int> = [429, 502, 503, 504]

    /// Sends `request`. When a state-changing request's answer is lost, `verify` reads the page back
    /// to learn whether it landed before anything is sent again.
    func send(_ request: APIRequest, operation: String, verify: (@Sendable () async throws -> Landing)? = nil) async throws -> APIResponse {
        var attempt = 0
        var uncertain = false
        var lastError: ProductiveAPIError?
        while true {
            if attempt > configuration.maxRetries {
                throw lastError ?? ProductiveAPIError(operation: operation, status: nil, retries: attempt - 1)
            }
            if uncertain, let verify {
                do {
                    switch try await verify() {
                    case .landed(let response):
                        logger.debug("\(operation): the lost answer had landed")
                        return response
                    case .notLanded:
                        uncertain = false
                    }
                } catch {
                    lastError = (error as? ProductiveAPIError) ?? ProductiveAPIError(operation: operation, status: nil, retries: attempt, cause: "\(error)")
                    attempt += 1
                    try await backoff(attempt)
                    continue
                }
            }
            let outcome: Outcome
            await limiter.acquire()
            do {
                outcome = try await execute(request)
                await limiter.release()
            } catch {
                await limiter.release()
                lastError = ProductiveAPIError(operation: operation, status: nil, retries: attempt, cause: Self.describe(error))
                if request.changesState && verify != nil && Self.mayHaveBeenSent(error) { uncertain = true }
                attempt += 1
                try await backoff(attempt)
                continue
            }
            if let refusal = outcome.refusal {
                throw ProductiveAPIError(operation: operation, status: outcome.status, title: "Response refused", detail: refusal, retries: attempt)
            }
            if (200..<300).contains(outcome.status) {
                return APIResponse(status: outcome.status, data: outcome.data)
            }
            let error = ProductiveAPIError(operation: operation, status: outcome.status, title: outcome.errorTitle, detail: outcome.errorDetail, retries: attempt)
            guard Self.retryableStatuses.contains(outcome.status) else { throw error }
            lastError = error
            attempt += 1
            if outcome.status == 429 {
                let wait = outcome.resetAfter ?? .seconds(10)
                logger.info("rate limited: waiting \(wait)")
                await limiter.pause(for: wait)
            } else {
                try await backoff(attempt)
            }
        }
    }

    private struct Outcome {
        var status: Int
        var data = Data()
        var errorTitle: String?
        var errorDetail: String?
        var resetAfter: Duration?
        /// Set when the answer must not be used nor asked for again (e.g. far too large).
        var refusal: String?
    }

    private func execute(_ request: APIRequest) async throws -> Outcome {
        var components = URLComponents()
        components.queryItems = request.query.isEmpty ? nil : request.query.map { URLQueryItem(name: $0.0, value: $0.1) }
        let query = components.percentEncodedQuery.map { "?" + $0.replacingOccurrences(of: "[", with: "%5B").replacingOccurrences(of: "]", with: "%5D") } ?? ""
        var http = HTTPClientRequest(url: configuration.baseURL + request.path + query)
        http.method = HTTPMethod(rawValue: request.method.rawValue)
        http.headers.add(name: "X-Auth-Token", value: configuration.token)
        http.headers.add(name: "X-Organization-Id", value: configuration.organizationID)
        http.headers.add(name: "Accept", value: "application/vnd.api+json")
        if let body = request.body {
            http.headers.add(name: "Content-Type", value: "application/vnd.api+json")
            http.body = .bytes(ByteBuffer(bytes: body))
        }
        let timeout = TimeAmount.nanoseconds(Int64(configuration.readTimeout.components.seconds) * 1_000_000_000)
        let response = try await self.http.execute(http, timeout: timeout)
        let buffer: ByteBuffer
        do {
            buffer = try await response.body.collect(upTo: configuration.maxResponseBytes)
        } catch is NIOTooManyBytesError {
            var outcome = Outcome(status: Int(response.status.code))
            outcome.refusal = "the answer was larger than \(configuration.maxResponseBytes >> 20) MB and was not read"
            return outcome
        }
        let status = Int(response.status.code)
        var outcome = Outcome(status: status, data: Data(buffer.readableBytesView))
        if !(200..<300).contains(status) {
            // Error bodies may be empty, HTML or plain text (429, 502): branch on the status, read what is there.
            let json = (try? JSONSerialization.jsonObject(with: outcome.data)) as? [String: Any]
            let first = (json?["errors"] as? [[String: Any]])?.first
            outcome.errorTitle = first?["title"] as? String
            outcome.errorDetail = first?["detail"] as? String
            let reset = response.headers.first(name: "X-RateLimit-Reset") ?? response.headers.first(name: "Retry-After")
            if let reset, let seconds = Double(reset.trimmingCharacters(in: .whitespaces)), seconds >= 0 {
                outcome.resetAfter = .milliseconds(Int64(min(seconds, 3600) * 1000))
            }
        }
        return outcome
    }

    private func backoff(_ attempt: Int) async throws {
        let base = Double(retryBaseDelay.components.seconds) + Double(retryBaseDelay.components.attoseconds) / 1e18
        let delay = min(30, base * pow(2, Double(max(0, attempt - 1))))
        let jittered = delay * Double.random(in: 0.5...1.0)
        try await Task.sleep(for: .milliseconds(Int64(jittered * 1000)))
    }

    /// Connection refused means nothing was sent; a reset, a closed connection or a timeout may mean it was.
    private static func mayHaveBeenSent(_ error: any Error) -> Bool {
        let text = String(describing: error).lowercased()
        return !(text.contains("connectionrefused") || text.contains("connection refused") || text.contains("connecttimeout"))
    }

    private static func describe(_ error: any Error) -> String {
        let text = String(describing: error)
        if text.contains("connectTimeout") { return "connection timed out" }
        if text.lowercased().contains("refused") { return "connection refused" }
        if text.contains("readTimeout") || text.contains("deadlineExceeded") { return "no answer in time" }
        if text.contains("remoteConnectionClosed") || text.contains("ioOnClosedChannel") { return "the connection was closed before an answer came" }
        return text.count > 200 ? String(text.prefix(200)) : text
    }
}
