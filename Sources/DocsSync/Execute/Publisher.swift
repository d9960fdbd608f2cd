import Foundation
import ProductiveAPI
import ProductiveFormat

/// Plans and executes a publish of a docs folder: parents before children, every change recorded
/// in the manifest as it happens, edits made in Productive never silently overwritten, and only
/// pages this tree can prove are its own ever written or deleted.
public final class Publisher: Sendable {
    public struct Settings: Sendable {
        public var config: DocsConfig
        public var manifestPath: String
        public var organizationID: String
        public var onConflict: ConflictPolicy
        public var prune: Bool
        /// Send files with lint errors too (with their fallbacks).
        public var allowErrors: Bool
        /// Start a new tree when the target differs from the manifest's.
        public var retarget: Bool
        /// How long a publish waits for another publish of the same folder.
        public var lockTimeout: Duration
        /// Make a named page version (a restore point) of every page the run changed.
        public var snapshot: String?
        /// Create a page even where one of the same title that the manifest does not own already is
        /// (another team's page, not a lost manifest). Off: such a create stops the run (`SyncError.Kind.existingTree`).
        public var allowDuplicateTitles = false
        /// Remove the memberships someone added in Productive to the pages `sharing:` manages
        /// (off: they are drift, reported and kept).
        public var pruneSharing = false
        /// Send `[@Name](mailto:..)` links as mentions (`mentions: true`), which notify their users;
        /// off (`--no-notify`): as plain links.
        public var notify = true

        public init(
            config: DocsConfig, manifestPath: String, organizationID: String, onConflict: ConflictPolicy = .skip, prune: Bool = false,
            allowErrors: Bool = false, retarget: Bool = false, lockTimeout: Duration = .seconds(60), snapshot: String? = nil
        ) {
            self.snapshot = snapshot
            self.config = config
            self.manifestPath = manifestPath
            self.organizationID = organizationID
            self.onConflict = onConflict
            self.prune = prune
            self.allowErrors = allowErrors
            self.retarget = retarget
            self.lockTimeout = lockTimeout
        }
    }

    let settings: Settings
    let workspace: Workspace
    let client: ProductiveClient
    let renderer: PageRenderer
    let report: @Sendable (PublishEvent) -> Void
    /// The manifest and its pages' listing, read while the folder was scanned (nil: read when needed).
    let prefetch: RemotePrefetch?
    /// Who the token belongs to, asked at most once (see `RemoteFacts.editor`).
    let tokenOwner = TokenOwner()

    /// The settings the decision reads.
    var decision: Decision {
        Decision(onConflict: settings.onConflict, prune: settings.prune, rootPageID: settings.config.rootPageID)
    }

    public init(
        settings: Settings, workspace: Workspace, client: ProductiveClient, prefetch: RemotePrefetch? = nil,
        report: @escaping @Sendable (PublishEvent) -> Void = { _ in }
    ) {
        self.settings = settings
        self.workspace = workspace
        self.client = client
        self.prefetch = prefetch
        self.renderer = PageRenderer(workspace: workspace, config: settings.config, organizationID: settings.organizationID)
        self.report = report
    }
}
