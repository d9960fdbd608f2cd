import Hummingbird
import HTTPTypes
import NIOCore

/// The request context of the sandbox: Hummingbird's basic context plus the connection, which the
/// drop fault closes without answering, and who the admission middleware let in.
struct SandboxRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let channel: any Channel
    /// The token and its organization, set by `AdmissionMiddleware` for every API request.
    var admitted: (token: String, organization: String)?

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
