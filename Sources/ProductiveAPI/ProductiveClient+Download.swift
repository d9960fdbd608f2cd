import AsyncHTTPClient
import Foundation
import NIOCore

extension ProductiveClient {
    /// The bytes of `attachment` (`GET` its url), for `pull`: under the shared limiter's concurrency
    /// (outside its budgets, like an upload to the file store), within the request timeout and the
    /// run's time budget, one more try after a dropped connection or a 5xx, redirects never followed.
    ///
    /// Only an http(s) url is fetched (plain http only to loopback, as for the API). The token goes
    /// along, as a header and never in the url, only to the API's own host or a sibling of it
    /// (`files.productive.io` beside `api.productive.io`); elsewhere the url is fetched without it.
    /// Throws `ProductiveAPIError` when no file came: the status, a body over `maxBytes`, no answer.
    public func download(_ attachment: Attachment, maxBytes: Int) async throws -> [UInt8] {
        let operation = "download attachment \(attachment.id)"
        guard let url = attachment.url, let components = URLComponents(string: url), let host = components.host?.lowercased(), !host.isEmpty,
              let scheme = components.scheme?.lowercased(), scheme == "https" || (scheme == "http" && Self.isLoopback(host)) else {
            throw ProductiveAPIError(operation: operation, status: nil, cause: "its url is not an https address (plain http only to loopback)", kind: .invalidRequest)
        }
        let name = RequestName(method: "GET", path: AttachmentWire.withoutQuery(url))
        var attempt = 0
        while true {
            attempt += 1
            let remaining = transport.budget.remaining() ?? .seconds(86_400)
            guard remaining > .milliseconds(10) else {
                throw ProductiveAPIError(operation: operation, status: nil, retries: attempt - 1, cause: "the run's time budget ran out on \(name.summary)", kind: .timedOut)
            }
            let limit = min(configuration.requestTimeout + .seconds(maxBytes / (512 << 10)), remaining)
            let sentAt = ContinuousClock.now
            try await transport.limiter.acquire(counted: false)
            let result: Result<(status: Int, bytes: [UInt8]?), any Error>
            do {
                let exchange = try await HTTPExchange.within(limit) { [self] in try await fetch(url, host: host, limit: limit, maxBytes: maxBytes) }
                result = .success(exchange)
            } catch {
                result = .failure(error)
            }
            await transport.limiter.release()
            switch result {
            case .success(let answer):
                transport.reporter(.request(method: name.method, path: name.path, status: answer.status, duration: ContinuousClock.now - sentAt))
                if (200..<300).contains(answer.status) {
                    guard let bytes = answer.bytes else {
                        throw ProductiveAPIError(operation: operation, status: answer.status, cause: "the file is larger than \(maxBytes >> 20) MB", kind: .badAnswer)
                    }
                    return bytes
                }
                if (300..<400).contains(answer.status) {
                    throw ProductiveAPIError(operation: operation, status: answer.status, cause: "a redirect, which is never followed", kind: .redirected)
                }
                guard answer.status >= 500, attempt < 2 else {
                    throw ProductiveAPIError(operation: operation, status: answer.status, cause: "the file was not served", kind: .badAnswer)
                }
            case .failure(let error):
                transport.reporter(.request(method: name.method, path: name.path, status: nil, duration: ContinuousClock.now - sentAt))
                let failure = TransportFailure.classify(error)
                guard attempt < 2, failure.kind != .unreachable else {
                    throw ProductiveAPIError(operation: operation, status: nil, retries: attempt - 1, cause: "\(failure.reason) on \(name.summary)", kind: .noAnswer, underlying: error)
                }
            }
            try await Task.sleep(for: transport.retryBaseDelay)
        }
    }

    /// One exchange; `bytes` nil when the body is larger than `maxBytes`.
    private func fetch(_ url: String, host: String, limit: Duration, maxBytes: Int) async throws -> (status: Int, bytes: [UInt8]?) {
        var request = HTTPClientRequest(url: url)
        request.method = .GET
        if Self.mayCarryToken(host, apiHost: URL(string: configuration.baseURL)?.host?.lowercased() ?? "") {
            request.headers.add(name: "X-Auth-Token", value: configuration.token)
            request.headers.add(name: "X-Organization-Id", value: configuration.organizationID)
        }
        let response = try await transport.http.execute(request, timeout: .nanoseconds(Int64(Seconds.value(limit) * 1e9)))
        let status = Int(response.status.code)
        guard (200..<300).contains(status) else { return (status, nil) }
        do {
            let buffer = try await response.body.collect(upTo: maxBytes)
            return (status, Array(buffer.readableBytesView))
        } catch is NIOTooManyBytesError {
            return (status, nil)
        }
    }

    /// The API's host itself, or a host under the same parent domain (`files.productive.io` for
    /// `api.productive.io`); never a host of another domain.
    static func mayCarryToken(_ host: String, apiHost: String) -> Bool {
        if host == apiHost { return true }
        let labels = apiHost.split(separator: ".")
        guard labels.count >= 3, !labels.allSatisfy({ $0.allSatisfy(\.isNumber) }) else { return false }
        return host.hasSuffix("." + labels.dropFirst().joined(separator: "."))
    }

    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127.")
    }
}
