import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import ProductiveWire

/// The first stage of every API request (`/api/v2/...`), as Hummingbird router middleware: it
/// counts the request, adds the configured latency and hostile answer, checks the token (401) and
/// its organization (403), the rate limits (429 with `X-RateLimit-Reset` and `Retry-After`) and the
/// random 502s, then hands the request on with the token and organization in its context. The page
/// view and the file store are not the API: they pass untouched.
struct AdmissionMiddleware: RouterMiddleware {
    typealias Context = SandboxRequestContext

    let api: SandboxAPI

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.uri.path.hasPrefix(SandboxAPI.apiPrefix) else { return try await next(request, context) }
        var context = context
        do throws(EarlyAnswer) {
            context.admitted = try await admit(request)
        } catch {
            return error.response
        }
        return try await next(request, context)
    }

    private func admit(_ request: Request) async throws(EarlyAnswer) -> (token: String, organization: String) {
        let configuration = api.configuration
        api.counter.count(request.method == .get ? .read : .write)
        if configuration.latency > .zero { try? await Task.sleep(for: configuration.latency) }
        if let hostile = configuration.hostileResponse { throw EarlyAnswer(Self.hostile(hostile)) }
        guard let token = request.headers[SandboxHeaders.authToken], let organization = configuration.credentials[token] else {
            throw EarlyAnswer(SandboxError(status: 401, title: "Unauthorized", detail: "missing or unknown X-Auth-Token"))
        }
        guard request.headers[SandboxHeaders.organizationID] == organization else {
            throw EarlyAnswer(SandboxError(status: 403, title: "Forbidden", detail: "this token does not belong to that organization"))
        }
        if let refusal = api.limiter.admit(token: token, organization: organization) {
            let seconds = Double(refusal.reset.components.seconds) + Double(refusal.reset.components.attoseconds) / 1e18
            var headers = HTTPFields()
            headers[SandboxHeaders.rateLimitReset] = String(Int(seconds.rounded(FloatingPointRoundingRule.up)))
            headers[SandboxHeaders.retryAfter] = headers[SandboxHeaders.rateLimitReset]
            let window = Int(refusal.limit.window.components.seconds)
            throw EarlyAnswer(
                SandboxError(status: 429, title: "Too many requests", detail: "at most \(refusal.limit.count) requests per \(window) s"),
                headers: headers, extra: ["limit": refusal.limit.count, "period": window]
            )
        }
        if api.dice.roll(configuration.errorRate) {
            throw EarlyAnswer(Response(status: .badGateway, headers: [.contentType: "text/html"], body: .init(byteBuffer: ByteBuffer(string: "<html><body><h1>502 Bad Gateway</h1></body></html>"))))
        }
        return (token, organization)
    }

    /// The configured hostile answer (`SandboxConfiguration.hostileResponse`), to every API request.
    private static func hostile(_ hostile: SandboxConfiguration.HostileResponse) -> Response {
        switch hostile {
        case .htmlBadGateway:
            return Response(status: .badGateway, headers: [.contentType: "text/html"], body: .init(byteBuffer: ByteBuffer(string: "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>")))
        case .plainTextError:
            return Response(status: .internalServerError, headers: [.contentType: "text/plain"], body: .init(byteBuffer: ByteBuffer(string: "Internal Server Error: something broke")))
        case .hugeBody(let bytes):
            return Response(status: .ok, headers: [.contentType: JSONAPI.mediaType], body: .init(byteBuffer: ByteBuffer(repeating: UInt8(ascii: " "), count: bytes)))
        }
    }
}
