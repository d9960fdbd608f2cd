import ProductiveAPI

/// One published file whose page differs from it: both sides as source-style Markdown, their
/// unified diff, and who edited the page when.
public struct PageDiff: Sendable, Equatable, Encodable {
    /// The file, relative to the docs folder.
    public var path: String
    public var pageID: String
    public var title: String
    /// The page's `version_number` now, and after the tool's last write.
    public var remoteVersion: Int?
    public var lastWrittenVersion: Int?
    /// True when the page was edited since the tool last wrote it (its version moved).
    public var editedRemotely: Bool
    /// True when the file changed since the last publish (its payload hash is not the manifest's).
    public var changedLocally: Bool
    public var edit: PageEdit
    /// `--- a/PATH` (the file) / `+++ b/PATH` (the page) unified diff.
    public var unified: String

    enum CodingKeys: String, CodingKey {
        case path, pageID = "page_id", title, remoteVersion = "remote_version", lastWrittenVersion = "last_written_version"
        case editedRemotely = "edited_remotely", changedLocally = "changed_locally", edit, unified = "diff"
    }
}

/// What `diff` found.
public struct DiffReport: Sendable, Equatable {
    public var diffs: [PageDiff] = []
    /// Files that were not compared, with why.
    public var skipped: [(path: String, reason: String)] = []
    /// Files compared that match their pages.
    public var same = 0
    /// What the body reader noticed on the pages compared.
    public var notes: [String] = []

    public static func == (lhs: DiffReport, rhs: DiffReport) -> Bool {
        lhs.diffs == rhs.diffs && lhs.same == rhs.same && lhs.notes == rhs.notes
            && lhs.skipped.map(\.path) == rhs.skipped.map(\.path) && lhs.skipped.map(\.reason) == rhs.skipped.map(\.reason)
    }

    public var hasDifferences: Bool { !diffs.isEmpty }
}
