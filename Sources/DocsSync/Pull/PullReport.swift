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

    /// Something a pulled file holds that needs a look, at its line (an image of the page that
    /// could not be downloaded and kept its URL).
    public struct Warning: Sendable, Equatable, CustomStringConvertible {
        /// The file, relative to the docs folder.
        public var path: String
        /// 1-based.
        public var line: Int
        public var message: String

        /// `guide.md:12: warning: ...`.
        public var description: String { "\(path):\(line): warning: \(message)" }

        /// The first line of `text` that holds `needle` (1 when none does).
        static func line(of needle: String, in text: String) -> Int {
            var number = 1
            for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                if line.contains(needle) { return number }
                number += 1
            }
            return 1
        }
    }

    public var items: [Item] = []
    /// Warnings about what was written (the command prints them; they do not change the exit code).
    public var warnings: [Warning] = []
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
