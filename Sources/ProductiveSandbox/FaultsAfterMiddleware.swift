import Hummingbird
import NIOCore

/// The scripted faults that strike after the change, on an answer the endpoint gave (not on one it
/// refused): 504 or 500 instead of a 2xx, the connection reset (after a colleague's edit, if
/// scripted), the answer trickled; then the random drops (`dropRate`): a write applied, and its
/// answer never sent.
struct FaultsAfterMiddleware: RouterMiddleware {
    typealias Context = SandboxRequestContext

    let api: SandboxAPI

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let response = try await next(request, context)
        let changes = request.method != .get && (200..<300).contains(response.status.code)
        switch context.fault {
        case .gatewayTimeoutAfterCommit where changes:
            return Response(status: .gatewayTimeout, headers: [.contentType: "text/html"], body: .init(byteBuffer: ByteBuffer(string: "<html><body><h1>504 Gateway Time-out</h1></body></html>")))
        case .serverErrorAfterCommit where changes:
            return JSONAPIDocuments.error(SandboxError(status: 500, title: "Internal server error", detail: "something failed after the change"))
        case .resetAfterCommit(let colleague) where changes:
            if let colleague, context.route?.isAttachment == false, let id = context.parameters.get("id").flatMap({ Int($0) }), let organization = context.admitted?.organization {
                api.colleagueEdit(colleague, page: id, organization: organization)
            }
            try? await context.channel.close(mode: .all)
            return response
        case .trickle(let interval):
            return await Self.trickled(response, interval: interval)
        default:
            break
        }
        if request.method != .get, api.dice.roll(api.configuration.dropRate) {
            // Applied, but the answer never comes.
            try? await context.channel.close()
        }
        return response
    }

    /// The same answer, one byte every `interval`.
    static func trickled(_ response: Response, interval: Duration) async -> Response {
        let collector = BodyCollector()
        try? await response.body.write(collector)
        let bytes = collector.bytes
        var headers = response.headers
        headers[.contentLength] = String(bytes.count)
        return Response(status: response.status, headers: headers, body: ResponseBody(contentLength: bytes.count) { writer in
            for byte in bytes {
                try await writer.write(ByteBuffer(bytes: [byte]))
                try await Task.sleep(for: interval)
            }
            try await writer.finish(nil)
        })
    }
}
