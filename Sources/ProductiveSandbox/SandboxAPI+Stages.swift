import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import ProductiveWire

/// An answer given before the endpoint runs (401, 429, a fault, 415...): it ends the request.
struct EarlyAnswer: Error {
    let response: Response

    init(_ response: Response) {
        self.response = response
    }

    init(_ error: SandboxError, headers: HTTPFields = [:], extra: [String: Any] = [:]) {
        response = JSONAPIDocuments.error(error, headers: headers, extra: extra)
    }
}

/// The stages every API request passes before and after its endpoint (see `respond`).
extension SandboxAPI {
    /// Counts the request, then: the configured latency and hostile answer, the token (401), its
    /// organization (403), the rate limits (429 with `X-RateLimit-Reset` and `Retry-After`), the random 502s.
    func admit(_ request: Request) async throws(EarlyAnswer) -> (token: String, organization: String) {
        counter.count(request.method == .get ? .read : .write)
        if configuration.latency > .zero { try? await Task.sleep(for: configuration.latency) }
        if let hostile = configuration.hostileResponse { throw EarlyAnswer(Self.hostile(hostile)) }
        guard let token = request.headers[SandboxHeaders.authToken], let organization = configuration.credentials[token] else {
            throw EarlyAnswer(SandboxError(status: 401, title: "Unauthorized", detail: "missing or unknown X-Auth-Token"))
        }
        guard request.headers[SandboxHeaders.organizationID] == organization else {
            throw EarlyAnswer(SandboxError(status: 403, title: "Forbidden", detail: "this token does not belong to that organization"))
        }
        if let refusal = limiter.admit(token: token, organization: organization) {
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
        if dice.roll(configuration.errorRate) {
            throw EarlyAnswer(Response(status: .badGateway, headers: [.contentType: "text/html"], body: .init(byteBuffer: ByteBuffer(string: "<html><body><h1>502 Bad Gateway</h1></body></html>"))))
        }
        return (token, organization)
    }

    /// The faults that strike before anything is done: hang, redirect, 503.
    func strikeBefore(_ fault: SandboxFault.Action?, _ request: Request) async throws(EarlyAnswer) {
        switch fault {
        case .hang:
            // Never answers: the connection stays open until the client gives up or the server stops.
            try? await Task.sleep(for: .seconds(86_400))
            throw EarlyAnswer(Response(status: .serviceUnavailable))
        case .redirect(let base):
            throw EarlyAnswer(Response(status: .temporaryRedirect, headers: [.location: base + request.uri.path]))
        case .unavailable:
            throw EarlyAnswer(Response(status: .serviceUnavailable, headers: [.contentType: "text/plain"], body: .init(byteBuffer: ByteBuffer(string: "Service Unavailable"))))
        default:
            break
        }
    }

    /// The JSON object a POST or PATCH carries (empty for other methods): 415 for another media
    /// type, 413 for too many bytes or too many lines and tags, 422 for anything but a JSON object.
    func body(of request: Request) async throws(EarlyAnswer) -> [String: Any] {
        guard request.method == .post || request.method == .patch else { return [:] }
        guard request.headers[.contentType]?.lowercased().hasPrefix(JSONAPI.mediaType) == true else {
            throw EarlyAnswer(SandboxError(status: 415, title: "Unsupported media type", detail: "send Content-Type: \(JSONAPI.mediaType)"))
        }
        let limit = configuration.maxRequestBytes
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > limit {
            throw EarlyAnswer(.tooLarge(limit))
        }
        var request = request
        let body: Data
        do {
            body = Data(try await request.collectBody(upTo: limit).readableBytesView)
        } catch {
            throw EarlyAnswer(.tooLarge(limit))
        }
        // Nesting is checked before parsing: a parser that recurses must never meet 100,000 brackets.
        let parsed = Self.nestingDepth(body) > 64 ? nil : (try? JSONSerialization.jsonObject(with: body)) as? [String: Any]
        guard let parsed else { throw EarlyAnswer(.invalid("the body is not a JSON object")) }
        let attributes = (parsed["data"] as? [String: Any])?["attributes"] as? [String: Any] ?? [:]
        for case let content as String in [parsed["markdown"], parsed["html"], attributes["markdown"]] where Self.lineCount(content) > configuration.maxContentLines {
            throw EarlyAnswer(SandboxError(status: 413, title: "Payload too large", detail: "the content has more than \(configuration.maxContentLines) lines and tags"))
        }
        return parsed
    }

    /// The faults that strike after the change (504, 500, reset, trickle) and the random drops.
    func strikeAfter(
        _ fault: SandboxFault.Action?, _ response: Response, _ request: Request, _ context: SandboxRequestContext, route: Route, organization: String
    ) async -> Response {
        let changes = request.method != .get && (200..<300).contains(response.status.code)
        switch fault {
        case .gatewayTimeoutAfterCommit where changes:
            return Response(status: .gatewayTimeout, headers: [.contentType: "text/html"], body: .init(byteBuffer: ByteBuffer(string: "<html><body><h1>504 Gateway Time-out</h1></body></html>")))
        case .serverErrorAfterCommit where changes:
            return JSONAPIDocuments.error(SandboxError(status: 500, title: "Internal server error", detail: "something failed after the change"))
        case .resetAfterCommit(let colleague) where changes:
            if let colleague, !route.isAttachment, let id = context.parameters.get("id").flatMap({ Int($0) }) {
                colleagueEdit(colleague, page: id, organization: organization)
            }
            try? await context.channel.close(mode: .all)
            return response
        case .trickle(let interval):
            return await Self.trickled(response, interval: interval)
        default:
            break
        }
        if request.method != .get, dice.roll(configuration.dropRate) {
            // Applied, but the answer never comes.
            try? await context.channel.close()
        }
        return response
    }
}
