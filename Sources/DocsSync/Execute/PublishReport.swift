import ProductiveFormat

/// What happened to one page in a publish.
public struct PageResult: Codable, Sendable, Equatable {
    public enum Outcome: String, Codable, Sendable {
        case created, updated, unchanged, skipped, failed, deleted
    }

    /// The manifest key (`.`, `guide.md`, `ops/`).
    public var key: String
    public var title: String
    public var pageID: String?
    public var outcome: Outcome
    public var reason: String?
    /// How the last body write of the run was checked against its own answer (nil: none was made).
    public var verification: Verification? = nil
    /// The page version made as a restore point after the change (`publish --snapshot`).
    public var restorePointID: String? = nil
    /// Why the restore point could not be made (the change itself stands).
    public var restorePointError: String? = nil

    /// What the check of a body write against its answer found (see `WriteVerification`).
    public enum Verification: String, Codable, Sendable {
        case verified
        /// The answer carried no readable body: nothing was checked.
        case notVerified = "not verified"
        /// The page holds something else than what was sent: the page failed.
        case differs = "did not land as sent"
        /// The page holds a form of what was sent that loses no word and that Productive stored
        /// again when it was sent again: accepted, reported as a warning, not sent again.
        case accepted = "landed normalized"
    }

    enum CodingKeys: String, CodingKey {
        case key = "path", title, pageID = "page_id", outcome, reason, verification
        case restorePointID = "restore_point_id", restorePointError = "restore_point_error"
    }
}

/// The outcome of a publish: per page, and the number of requests that changed something.
public struct PublishReport: Codable, Sendable, Equatable {
    public var results: [PageResult]
    public var writes: Int
    /// Of `writes`: local files uploaded as attachments, and attachments deleted.
    public var uploads = 0
    public var attachmentDeletions = 0
    /// Links that could not be rewritten (PD017), as `path:line:col: severity: message [rule]`.
    public var linkFindings: [String] = []
    /// Findings of the files (lint's), and files that cannot be pages: what the CLI prints in
    /// lint's format.
    public var findings: [PlanFinding] = []
    /// Files held back by lint errors, and manifest lines naming pages not in this tree.
    public var heldBack = 0
    /// Why Productive could not be reached (connection refused, DNS, TLS), when a page failed for
    /// it: an environment failure, exit 2.
    public var unreachable: String?
    /// The files of the folder whose current content Productive does not hold after the run: failed,
    /// held back, or skipped (a conflict, a page not in this tree). Drift is not among them (the
    /// file was published as it is; the page was edited since), nor orphans (no file).
    public var notPublished: [PageResult] = []
    /// Of `writes`: memberships added or removed (`sharing:`).
    public var membershipChanges = 0
    /// Membership changes that failed, one line each: the run exits 1.
    public var sharingFailures: [String] = []

    enum CodingKeys: String, CodingKey {
        case results, writes, uploads, attachmentDeletions, linkFindings, heldBack, unreachable, notPublished = "not_published"
        case membershipChanges = "membership_changes", sharingFailures = "sharing_failures"
    }

    /// - Parameter files: the manifest keys of the folder's files, to tell a skipped file from a
    ///   skipped orphan.
    public init(
        results: [PageResult], writes: Int, uploads: Int = 0, attachmentDeletions: Int = 0, linkFindings: [String] = [], findings: [PlanFinding] = [], heldBack: Int = 0,
        unreachable: String? = nil, notPublished files: Set<String> = []
    ) {
        self.results = results
        self.writes = writes
        self.uploads = uploads
        self.attachmentDeletions = attachmentDeletions
        self.linkFindings = linkFindings
        self.findings = findings
        self.heldBack = heldBack
        self.unreachable = unreachable
        self.notPublished = results.filter { $0.outcome == .failed || ($0.outcome == .skipped && files.contains($0.key)) }
    }

    public var failed: Bool { results.contains { $0.outcome == .failed } }

    /// Pages whose body landed in a form Productive insists on (`Verification.accepted`): warnings,
    /// reported once, in the run that accepted them.
    public var normalizedByProductive: [PageResult] { results.filter { $0.verification == .accepted } }

    /// Pages changed whose restore point could not be made (`--snapshot`): reported, not failed.
    public var restorePointFailures: [PageResult] { results.filter { $0.restorePointError != nil } }

    /// True when the run should exit 1: a page failed, or a file of the folder was not published
    /// as it is now (held back, skipped for a conflict).
    public var needsAttention: Bool { failed || heldBack > 0 || !notPublished.isEmpty || !sharingFailures.isEmpty }

    public func count(_ outcome: PageResult.Outcome) -> Int {
        results.filter { $0.outcome == outcome }.count
    }

    public var summary: String {
        let parts = [PageResult.Outcome.created, .updated, .unchanged, .skipped, .failed, .deleted].compactMap { outcome -> String? in
            let count = count(outcome)
            return count > 0 ? "\(count) \(outcome.rawValue)" : nil
        }
        var attachments: [String] = []
        if uploads > 0 { attachments.append("\(uploads) upload\(uploads == 1 ? "" : "s")") }
        if attachmentDeletions > 0 { attachments.append("\(attachmentDeletions) attachment\(attachmentDeletions == 1 ? "" : "s") deleted") }
        if membershipChanges > 0 { attachments.append("\(membershipChanges) membership change\(membershipChanges == 1 ? "" : "s")") }
        return (parts.isEmpty ? "nothing to publish" : parts.joined(separator: ", ")) + "; \(writes) write\(writes == 1 ? "" : "s")"
            + (attachments.isEmpty ? "" : " (\(attachments.joined(separator: ", ")))")
    }
}

/// Progress of a publish, for a progress bar or log lines.
public enum PublishEvent: Sendable {
    case started(pages: Int)
    case finished(PageResult)
    /// Something the run met and went on from (a damaged manifest journal line skipped).
    case warning(String)
}

/// What to do with a page someone edited in Productive since our last write.
public enum ConflictPolicy: String, Sendable, CaseIterable {
    /// Leave it, report it as `skipped` (the default); the run exits 1, as the file is not published.
    case skip
    /// Leave it, and report it as `failed` (exit 1).
    case fail
    /// Overwrite it with the local content.
    case overwrite
}
