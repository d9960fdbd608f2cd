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

    /// No answer came: the reason, in words.
    public struct Unreachable: Error, CustomStringConvertible, Sendable {
        public let description: String
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

    /// `GET baseURL + path` with the query; throws `Unreachable` when no answer came.
    public func get(_ path: String, query: [(String, String)] = []) async throws -> Answer {
        var components = URLComponents()
        components.queryItems = query.isEmpty ? nil : query.map { URLQueryItem(name: $0.0, value: $0.1) }
        let encoded = components.percentEncodedQuery.map {
            "?" + $0.replacingOccurrences(of: "[", with: "%5B").replacingOccurrences(of: "]", with: "%5D")
        } ?? ""
        var request = HTTPClientRequest(url: configuration.baseURL + path + encoded)
        request.method = .GET
        request.headers.add(name: WireHeader.authToken, value: configuration.token)
        request.headers.add(name: WireHeader.organizationID, value: configuration.organizationID)
        request.headers.add(name: WireHeader.accept, value: JSONAPI.mediaType)
        let clock = ContinuousClock()
        let start = clock.now
        let response: HTTPClientResponse
        let body: ByteBuffer
        do {
            response = try await http.execute(request, timeout: TimeAmount.seconds(timeout.components.seconds + 1))
            body = try await response.body.collect(upTo: 8 << 20)
        } catch {
            throw Unreachable(description: Self.describe(error))
        }
        var rateHeaders: [String: String] = [:]
        for header in response.headers {
            let name = header.name.lowercased()
            if name.hasPrefix("x-ratelimit") || name == "retry-after" { rateHeaders[name] = header.value }
        }
        let json = (try? JSONSerialization.jsonObject(with: Data(body.readableBytesView))) as? [String: Any]
        let error = (json?["errors"] as? [[String: Any]])?.first
        var attributes: [String: String] = [:]
        if let data = json?["data"] as? [String: Any], let values = data["attributes"] as? [String: Any] {
            for (key, value) in values {
                switch value {
                case let string as String: attributes[key] = string
                case let number as NSNumber: attributes[key] = number.stringValue
                default: break
                }
            }
        }
        return Answer(
            status: Int(response.status.code), elapsed: clock.now - start, rateHeaders: rateHeaders,
            errorTitle: error?["title"] as? String, errorDetail: error?["detail"] as? String, attributes: attributes
        )
    }

    /// `HEAD url` with no header of the client's (never the token nor the organization id): proves
    /// that a host outside the API, such as the file store uploads go to, answers at all. Any HTTP
    /// status is an answer (an S3 bucket refuses an anonymous HEAD with 403 or 405); throws
    /// `Unreachable` when none came (refused, DNS, TLS, timeout).
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
            throw Unreachable(description: Self.describe(error))
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
