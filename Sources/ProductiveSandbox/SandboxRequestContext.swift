import Hummingbird
import NIOCore

/// The request context of the sandbox: Hummingbird's basic context plus the connection, which the
/// drop fault closes without answering.
struct SandboxRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }
}
