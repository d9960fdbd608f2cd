import Foundation
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
    var body: [UInt8]?

    init(_ method: Method, _ path: String, query: [(String, String)] = []) {
        self.method = method
        self.path = path
        self.query = query
    }

    /// A request with a JSON body (`WireJSON`: keys sorted).
    init(_ method: Method, _ path: String, json: some Encodable) {
        self.init(method, path)
        body = WireJSON.encode(json).map(Array.init)
    }

    /// A request with a JSON body that carries a payload, written as bytes (`JSONBody`).
    init(_ method: Method, _ path: String, body: JSONBody) {
        self.init(method, path)
        self.body = body.bytes
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
    /// The `Location` header, when the answer had one (a redirect, the file store's upload answer).
    var location: String?

    /// The body decoded as `type`; nil when it is not one (not JSON, or of another shape).
    func decoded<T: Decodable>(_ type: T.Type) -> T? {
        try? JSONDecoder().decode(type, from: data)
    }

    /// The resource in `data` of a one-resource document; nil when there is none.
    func resource<Attributes>(_ attributes: Attributes.Type) -> Resource<Attributes>? {
        decoded(ResourceDocument<Attributes>.self)?.data
    }

    /// A 201 answer carrying `resource`: what a verification that found the change hands back.
    static func created<Attributes>(_ resource: Resource<Attributes>) -> APIResponse {
        APIResponse(status: 201, data: WireJSON.encode(ResourceDocument(resource)) ?? Data())
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
