import ProductiveAPI

/// One published file whose page differs from it: both sides as source-style Markdown, their
/// unified diff, and who edited the page when.
public struct PageDiff: Sendable, Equatable, Encodable {
    /// The file, relative to the docs folder.
    public var path: String
    public var pageID: String
    /// The page's title now.
    public var title: String
    /// The title the file gives, when it is not the page's (renamed in Productive or in the file).
    public var fileTitle: String?
    /// The page's `version_number` now, and after the tool's last write.
    public var remoteVersion: Int?
    public var lastWrittenVersion: Int?
    /// The title the tool last set (the manifest's).
    public var lastWrittenTitle: String?
    /// True when the page was edited since the tool last wrote it (its version moved).
    public var editedRemotely: Bool
    /// True when the file changed since the last publish (its payload hash is not the manifest's).
    public var changedLocally: Bool
    public var edit: PageEdit
    /// `--- a/PATH` (the file) / `+++ b/PATH` (the page) unified diff of the bodies; empty when
    /// only the title differs.
    public var unified: String

    /// True when the page's title was changed in Productive since the tool last set it.
    public var renamedRemotely: Bool { fileTitle != nil && lastWrittenTitle != title }

    public init(
        path: String, pageID: String, title: String, fileTitle: String? = nil, remoteVersion: Int?, lastWrittenVersion: Int?,
        lastWrittenTitle: String? = nil, editedRemotely: Bool, changedLocally: Bool, edit: PageEdit, unified: String
    ) {
        (self.path, self.pageID, self.title, self.fileTitle) = (path, pageID, title, fileTitle)
        (self.remoteVersion, self.lastWrittenVersion, self.lastWrittenTitle) = (remoteVersion, lastWrittenVersion, lastWrittenTitle)
        (self.editedRemotely, self.changedLocally, self.edit, self.unified) = (editedRemotely, changedLocally, edit, unified)
    }

    enum CodingKeys: String, CodingKey {
        case path, pageID = "page_id", title, fileTitle = "file_title", remoteVersion = "remote_version", lastWrittenVersion = "last_written_version"
        case lastWrittenTitle = "last_written_title"
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
