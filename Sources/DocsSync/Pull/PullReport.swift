/// What a pull did, file by file.
public struct PullReport: Sendable, Equatable {
    /// What happened to one file.
    public enum Outcome: String, Sendable, Equatable, Codable {
        /// A new file, written from its page.
        case written
        /// The file was unchanged since the last publish and the page was edited: overwritten.
        case updated
        /// Nothing to bring in.
        case unchanged
        /// Both the file and the page changed: the page went to `NAME.remote.md` beside it.
        case conflict
        /// Not pulled (not a published file, page gone...): see the detail.
        case skipped
    }

    /// One file.
    public struct Item: Sendable, Equatable {
        /// The file, relative to the docs folder.
        public var path: String
        public var pageID: String?
        public var outcome: Outcome
        public var detail: String?
    }

    public var items: [Item] = []
    /// What the body reader noticed (unknown nodes kept as text, comment threads), and content that
    /// did not read back as it is stored: `path: ...` lines.
    public var notes: [String] = []

    /// True when a file was skipped or is in conflict: exit 1.
    public var needsAttention: Bool { items.contains { $0.outcome == .conflict || $0.outcome == .skipped } }

    /// `N written, N updated, ...` for the outcomes present.
    public var summary: String {
        let order: [Outcome] = [.written, .updated, .unchanged, .conflict, .skipped]
        let parts = order.compactMap { outcome -> String? in
            let count = items.filter { $0.outcome == outcome }.count
            return count == 0 ? nil : "\(count) \(outcome.rawValue)"
        }
        return parts.isEmpty ? "nothing pulled" : parts.joined(separator: ", ")
    }
}
