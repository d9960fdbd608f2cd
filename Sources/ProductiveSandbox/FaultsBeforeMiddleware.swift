import Hummingbird
import NIOCore

/// The scripted faults that strike before anything is done: it takes the fault hitting this
/// request (into the context, for the endpoint and `FaultsAfterMiddleware`), then hangs, redirects
/// (307) or answers 503 if that is the fault.
struct FaultsBeforeMiddleware: RouterMiddleware {
    typealias Context = SandboxRequestContext

    let faults: FaultInjector

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        if let route = context.route { context.fault = faults.take(for: route) }
        switch context.fault {
        case .hang:
            // Never answers: the connection stays open until the client gives up or the server stops.
            try? await Task.sleep(for: .seconds(86_400))
            return Response(status: .serviceUnavailable)
        case .redirect(let base):
            return Response(status: .temporaryRedirect, headers: [.location: base + request.uri.path])
        case .unavailable:
            return Response(status: .serviceUnavailable, headers: [.contentType: "text/plain"], body: .init(byteBuffer: ByteBuffer(string: "Service Unavailable")))
        default:
            return try await next(request, context)
        }
    }
}
