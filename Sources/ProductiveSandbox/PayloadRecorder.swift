import Synchronization

/// The raw payloads the sandbox received, per page: the Markdown of a create, the Markdown or
/// HTML of the last body write. For tests that check byte for byte what a client sent.
public final class PayloadRecorder: Sendable {
    private let payloads = Mutex<[String: String]>([:])

    func record(_ payload: String, for pageID: Int) {
        payloads.withLock { $0[String(pageID)] = payload }
    }

    /// The last payload received for `pageID` (create or body write), if any.
    public func last(for pageID: String) -> String? {
        payloads.withLock { $0[pageID] }
    }
}
