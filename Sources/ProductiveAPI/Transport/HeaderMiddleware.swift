import AsyncHTTPClient
import NIOHTTP1

/// The API's headers on every request: the token, the organization, the media type accepted, and
/// the media type of a body. Never on an upload to the file store (that chain has no such layer).
struct HeaderMiddleware: TransportMiddleware {
    let token: String
    let organizationID: String

    func intercept(_ request: HTTPClientRequest, _ attempt: Attempt, next: NextStep) async throws -> Exchange {
        var request = request
        Self.addCredentials(to: &request.headers, token: token, organizationID: organizationID)
        if request.body != nil { request.headers.replaceOrAdd(name: WireNames.contentType, value: WireNames.mediaType) }
        return try await next(request, attempt)
    }

    /// The token, the organization and `Accept` (also what `ConnectionProbe` sends).
    static func addCredentials(to headers: inout HTTPHeaders, token: String, organizationID: String) {
        headers.add(name: WireNames.authToken, value: token)
        headers.add(name: WireNames.organizationID, value: organizationID)
        headers.add(name: WireNames.accept, value: WireNames.mediaType)
    }
}

/// One `ClientEvent.request` line per exchange (answered or not): method, path, status and the time
/// from the start of the attempt (waits in the limiter included). An attempt stopped before it was
/// sent (the budget) reports none.
struct RequestLogMiddleware: TransportMiddleware {
    let reporter: ClientReporter

    func intercept(_ request: HTTPClientRequest, _ attempt: Attempt, next: NextStep) async throws -> Exchange {
        let start = ContinuousClock.now
        let exchange = try await next(request, attempt)
        reporter(.request(method: attempt.name.method, path: attempt.name.path, status: exchange.status, duration: ContinuousClock.now - start))
        return exchange
    }
}
