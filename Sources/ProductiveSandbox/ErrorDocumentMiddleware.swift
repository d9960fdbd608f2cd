import HTTPTypes
import Hummingbird

/// An answer given by a stage before the endpoint runs (a fault, 415, 413...): it ends the request.
struct EarlyAnswer: Error {
    let response: Response

    init(_ response: Response) {
        self.response = response
    }

    init(_ error: SandboxError, headers: HTTPFields = [:], extra: [String: Any] = [:]) {
        response = JSONAPIDocuments.error(error, headers: headers, extra: extra)
    }
}

/// Turns what the stages and the endpoint behind it throw into answers: an `EarlyAnswer` as it is,
/// a `SandboxError` as its JSON:API error document. What is thrown passes the stages between
/// untouched: the faults after the change strike only answers the endpoint gave.
struct ErrorDocumentMiddleware: RouterMiddleware {
    typealias Context = SandboxRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let answer as EarlyAnswer {
            return answer.response
        } catch let error as SandboxError {
            return JSONAPIDocuments.error(error)
        }
    }
}
