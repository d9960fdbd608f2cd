import Hummingbird

/// The first stage of an endpoint after admission: it names the endpoint (`SandboxAPI.Route`) in
/// the context, for the scripted faults (they match routes) and for handlers that serve several.
/// A path the router matched but the API has no endpoint for (`PATCH /pages/{id}/nonsense`) is a
/// 404 here, before any other stage.
struct RouteMiddleware: RouterMiddleware {
    typealias Context = SandboxRequestContext

    /// The endpoint of a request the router matched, or nil for none.
    let name: @Sendable (Context) -> SandboxAPI.Route?

    /// An endpoint that is one route.
    static func named(_ route: SandboxAPI.Route) -> RouteMiddleware {
        RouteMiddleware { _ in route }
    }

    /// An endpoint whose route its path's parameters name.
    static func naming(_ name: @escaping @Sendable (Context) -> SandboxAPI.Route?) -> RouteMiddleware {
        RouteMiddleware(name: name)
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let route = name(context) else {
            return JSONAPIDocuments.error(SandboxError(status: 404, title: "Not found", detail: "no such endpoint"))
        }
        var context = context
        context.route = route
        return try await next(request, context)
    }
}
