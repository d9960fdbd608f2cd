import Hummingbird
import ProductiveWire

/// 415 for a POST or PATCH whose `Content-Type` is not JSON:API's (`application/vnd.api+json`,
/// parameters allowed). Other methods carry no body and pass.
struct MediaTypeMiddleware: RouterMiddleware {
    typealias Context = SandboxRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let carriesBody = request.method == .post || request.method == .patch
        if carriesBody, request.headers[.contentType]?.lowercased().hasPrefix(JSONAPI.mediaType) != true {
            throw EarlyAnswer(SandboxError(status: 415, title: "Unsupported media type", detail: "send Content-Type: \(JSONAPI.mediaType)"))
        }
        return try await next(request, context)
    }
}
