import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL
import ProductiveWire

/// Single GET requests that report what came back, for `productive-docs doctor`: the status, the
/// rate-limit headers and Productive's error, with no retry and no rate limiter, so that each
/// failure can be told apart. Sends the same three headers as the client; never a write.
public final class ConnectionProbe: Sendable {
    /// One answer.
    public struct Answer: Sendable {
        public var status: Int
        /// How long the answer took.
        public var elapsed: Duration
        /// `X-RateLimit-*` and `Retry-After` headers, names lowercased.
        public var rateHeaders: [String: String]
        /// Productive's first error title and detail, when the body is a JSON:API error.
        public var errorTitle: String?
        public var errorDetail: String?
        /// `data.attributes` of a single resource answer.
        public var attributes: [String: String]

        /// A JSON:API error as one phrase, e.g. `HTTP 404 Not found: no such page`.
        public var errorSummary: String {
            var text = "HTTP \(status)"
            if let errorTitle, !errorTitle.isEmpty { text += " \(errorTitle)" }
            if let errorDetail, !errorDetail.isEmpty { text += ": \(errorDetail)" }
            return text
        }
    }

    private let configuration: ProductiveConfiguration
    private let http: HTTPClient
    private let timeout: Duration

    /// - Parameter timeout: for connecting and for the answer, each.
    public init(configuration: ProductiveConfiguration, timeout: Duration = .seconds(10)) {
        self.configuration = configuration
        self.timeout = timeout
        var settings = HTTPClient.Configuration()
        let amount = TimeAmount.milliseconds(timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000)
        settings.timeout = HTTPClient.Configuration.Timeout(connect: amount, read: amount)
        http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: settings)
    }

    /// Closes the connections. Call once, when done.
    public func shutdown() async {
        try? await http.shutdown()
    }

    /// `GET baseURL + path` with the query; throws `ProductiveAPIError` (`.unreachable`) when no answer came.
    public func get(_ path: String, query: [(String, String)] = []) async throws -> Answer {
        var request = HTTPClientRequest(url: configuration.baseURL + path + WireNames.encodedQuery(query))
        request.method = .GET
        HeaderMiddleware.addCredentials(to: &request.headers, token: configuration.token, organizationID: configuration.organizationID)
        let clock = ContinuousClock()
        let start = clock.now
        let response: HTTPClientResponse
        let body: ByteBuffer
        do {
            response = try await http.execute(request, timeout: TimeAmount.seconds(timeout.components.seconds + 1))
            body = try await response.body.collect(upTo: 8 << 20)
        } catch {
            throw ProductiveAPIError(operation: "GET \(path)", status: nil, cause: Self.describe(error), kind: .unreachable, underlying: error)
        }
        var rateHeaders: [String: String] = [:]
        for header in response.headers {
            let name = header.name.lowercased()
            if name.hasPrefix("x-ratelimit") || name == WireNames.retryAfter.lowercased() { rateHeaders[name] = header.value }
        }
        let data = Data(body.readableBytesView)
        let error = (try? JSONDecoder().decode(ErrorDocument.self, from: data))?.errors.first
        let attributes = (try? JSONDecoder().decode(ScalarAttributes.self, from: data))?.values ?? [:]
        return Answer(
            status: Int(response.status.code), elapsed: clock.now - start, rateHeaders: rateHeaders,
            errorTitle: error?.title, errorDetail: error?.detail, attributes: attributes
        )
    }

    /// `HEAD url` with no header of the client's (never the token nor the organization id): proves
    /// that a host outside the API, such as the file store uploads go to, answers at all. Any HTTP
    /// status is an answer (an S3 bucket refuses an anonymous HEAD with 403 or 405); throws
    /// `ProductiveAPIError` (`.unreachable`, the reason in `cause`) when none came (refused, DNS, TLS, timeout).
    public func reach(_ url: String) async throws -> (status: Int, elapsed: Duration) {
        var request = HTTPClientRequest(url: url)
        request.method = .HEAD
        let clock = ContinuousClock()
        let start = clock.now
        do {
            let response = try await http.execute(request, timeout: TimeAmount.seconds(timeout.components.seconds + 1))
            _ = try await response.body.collect(upTo: 1 << 20)
            return (Int(response.status.code), clock.now - start)
        } catch {
            throw ProductiveAPIError(operation: "HEAD \(url)", status: nil, cause: Self.describe(error), kind: .unreachable, underlying: error)
        }
    }

    /// The reason no answer came, decided from the error's type (`TransportFailure`), never its text.
    static func describe(_ error: any Error) -> String {
        let failure = TransportFailure.classify(error)
        if error is NIOSSLError || error is NIOSSLCloseTimedOutError {
            return "\(failure.reason): are the system's CA certificates installed (Debian: ca-certificates)?"
        }
        return failure.reason
    }
}

/// `data.attributes` of a single resource answer: the text and number values, as text.
private struct ScalarAttributes: Decodable {
    var values: [String: String]

    init(from decoder: any Decoder) throws {
        struct Scalar: Decodable {
            var text: String?

            init(from decoder: any Decoder) throws {
                let container = try decoder.singleValueContainer()
                if let string = try? container.decode(String.self) {
                    text = string
                } else if let integer = try? container.decode(Int.self) {
                    text = String(integer)
                } else if let number = try? container.decode(Double.self) {
                    text = NSNumber(value: number).stringValue
                } else if let flag = try? container.decode(Bool.self) {
                    text = NSNumber(value: flag).stringValue
                }
            }
        }
        struct Resource: Decodable { var attributes: [String: Lenient<Scalar>]? }
        struct Document: Decodable { var data: Lenient<Resource>? }
        let document = try Document(from: decoder)
        values = (document.data?.value?.attributes ?? [:]).compactMapValues { $0.value?.text }
    }
}
