import ProductiveFormat

/// What a run does (or would do) to one page.
public enum PlanAction: String, Codable, Sendable, CaseIterable {
    case create, adopt, update, rename, move, unchanged, conflict
    /// The page's children are not in the order of their files: some are moved (`PlanOperation.reorder`).
    case reorder
    /// The local file is unchanged but the page was edited in Productive (shown, nothing written).
    case drift
    case missingRemotely = "missing-remotely"
    case orphan
    /// The file has lint errors: not sent (`--allow-errors` sends it with its fallbacks).
    case blocked
    /// The manifest names a page this tree cannot prove is its own: never written or deleted.
    case foreign
}

/// One row of the plan: a file or folder, what it needs, and why.
public struct PlanItem: Encodable, Sendable, Equatable {
    /// The manifest key (`.`, `guide.md`, `ops/`).
    public var key: String
    public var title: String
    public var pageID: String?
    public var actions: [PlanAction]
    /// Why, when it is not obvious (a conflict's versions, an orphan's page).
    public var detail: String?
    /// The page version the executor expects to find before writing (nil: none written yet).
    public var expectedVersion: Int?
    /// Local files uploaded as attachments of the page before its body is written.
    public var uploads: [PlannedUpload] = []
    /// Attachments of the page no body of it refers to any more: deleted once the body has landed.
    public var deletions: [PlannedDeletion] = []
    /// What `publish` will report for this file when every request succeeds (`publish --json`'s
    /// `outcome`): what the plan promises.
    public var outcome: PageResult.Outcome?
    /// What the executor does for this page, in order (`publish` runs exactly these).
    public var operations: [PlanOperation] = []
    /// The page is created with its final body (`Decision.createdBodyIsFinal`): its `replace-body`
    /// writes only when the created body did not land as sent.
    public var createdBodyIsFinal = false
    /// The operations a person reads in the text plan: a created page's conditional `replace-body`
    /// left out when the create sends the final body.
    var shownOperations: [PlanOperation] {
        guard createdBodyIsFinal else { return operations }
        return operations.filter { if case .replaceBody = $0 { false } else { true } }
    }
    /// The payload the plan compared, rendered with the page ids known when planning: the
    /// executor sends it as is unless a link waited for a page created during the run.
    var rendered: RenderedPage?
    /// The positions the manifest records for this page's children (by key) once the run has placed
    /// them (`SiblingOrder`); nil: nothing to record.
    var childPositions: [String: Int]?

    public init(key: String, title: String, pageID: String?, actions: [PlanAction], detail: String? = nil, expectedVersion: Int? = nil) {
        self.key = key
        self.title = title
        self.pageID = pageID
        self.actions = actions
        self.detail = detail
        self.expectedVersion = expectedVersion
    }

    init(key: String, title: String, pageID: String?, actions: [PlanAction], detail: String?, expectedVersion: Int?, rendered: RenderedPage?) {
        self.init(key: key, title: title, pageID: pageID, actions: actions, detail: detail, expectedVersion: expectedVersion)
        self.rendered = rendered
    }

    enum CodingKeys: String, CodingKey {
        case key = "path", title, pageID = "page_id", actions, detail, expectedVersion = "expected_version", outcome, uploads, deletions, operations
        case createdBodyIsFinal = "created_body_is_final"
    }

    /// Nothing to write, upload or delete.
    var isUnchanged: Bool { actions == [.unchanged] && uploads.isEmpty && deletions.isEmpty }

    /// `upload a.png, b.pdf; delete attachment 12 (old.png)`, for the text and Markdown plans.
    var attachmentDetail: String? {
        var parts: [String] = []
        if !uploads.isEmpty { parts.append("upload " + uploads.map(\.path).joined(separator: ", ")) }
        if !deletions.isEmpty { parts.append("delete attachment " + deletions.map { "\($0.attachmentID) (\($0.path))" }.joined(separator: ", ")) }
        return parts.isEmpty ? nil : parts.joined(separator: "; ")
    }
}

/// A local file a page's plan uploads as an attachment.
public struct PlannedUpload: Codable, Sendable, Equatable {
    /// Relative to the docs folder.
    public var path: String
    public var size: Int
    /// SHA-256 of the bytes.
    public var hash: String
}

/// An attachment a page's plan deletes after its body has landed.
public struct PlannedDeletion: Codable, Sendable, Equatable {
    public var attachmentID: String
    /// The file it was uploaded from.
    public var path: String

    enum CodingKeys: String, CodingKey {
        case attachmentID = "attachment_id", path
    }
}

/// A finding of one file of the plan, for lint-style reports.
public struct PlanFinding: Sendable, Equatable {
    /// The file, relative to the docs folder.
    public var path: String
    public var finding: Finding
}

