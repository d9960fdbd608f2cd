import Foundation
import Hummingbird

/// 413 for a POST or PATCH of more than `limit` bytes, told by its `Content-Length` before a byte is
/// read, or found while collecting it; otherwise the bytes go into the context (`body`).
struct BodySizeMiddleware: RouterMiddleware {
    typealias Context = SandboxRequestContext

    /// `SandboxConfiguration.maxRequestBytes`.
    let limit: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .post || request.method == .patch else { return try await next(request, context) }
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > limit {
            throw EarlyAnswer(.tooLarge(limit))
        }
        var request = request
        var context = context
        do {
            context.body = Data(try await request.collectBody(upTo: limit).readableBytesView)
        } catch {
            throw EarlyAnswer(.tooLarge(limit))
        }
        return try await next(request, context)
    }
}
