import Hummingbird

/// The first stage of every API request (`/api/v2/...`), as Hummingbird router middleware: it
/// counts the request, adds the configured latency and hostile answer, checks the token (401) and
/// its organization (403), the rate limits (429 with `X-RateLimit-Reset` and `Retry-After`) and the
/// random 502s (`SandboxAPI.admit`), then hands the request on with the token and organization in
/// its context. The page view and the file store are not the API: they pass untouched.
struct AdmissionMiddleware: RouterMiddleware {
    typealias Context = SandboxRequestContext

    let api: SandboxAPI

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.uri.path.hasPrefix(SandboxAPI.apiPrefix) else { return try await next(request, context) }
        var context = context
        do throws(EarlyAnswer) {
            context.admitted = try await api.admit(request)
        } catch {
            return error.response
        }
        return try await next(request, context)
    }
}
