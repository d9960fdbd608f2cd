import Foundation
import Hummingbird
import HTTPTypes
import NIOCore

/// The request context of the sandbox: Hummingbird's basic context plus the connection, which the
/// drop fault closes without answering, and what the stages in front of an endpoint found out.
struct SandboxRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let channel: any Channel
    /// The token and its organization, set by `AdmissionMiddleware` for every API request.
    var admitted: (token: String, organization: String)?
    /// The endpoint, set by `RouteMiddleware` (the scripted faults match routes).
    var route: SandboxAPI.Route?
    /// The scripted fault hitting this request, taken by `FaultsBeforeMiddleware`; the endpoint
    /// applies `noop-write`, `bodyless-answer` and the stored forms, `FaultsAfterMiddleware` the rest.
    var fault: SandboxFault.Action?
    /// The bytes of a POST or PATCH, a JSON object within the limits (`BodySizeMiddleware`,
    /// `JSONBodyMiddleware`); empty for other methods.
    var body = Data()

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }
}

/// Collects a response body in memory (to send it again slowly, for the trickle fault).
final class BodyCollector: ResponseBodyWriter {
    private(set) var bytes: [UInt8] = []

    func write(_ buffer: ByteBuffer) async throws {
        bytes += buffer.readableBytesView
    }

    func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
