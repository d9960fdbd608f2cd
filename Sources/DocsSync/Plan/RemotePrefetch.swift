import Foundation
import ProductiveAPI

/// The reads a run can make before its folder is scanned, started at once so that they overlap the
/// scan: the manifest read and decoded, then the pages it names listed (200 a request). On a folder
/// of thousands of files the scan takes every core for most of a second, and the listing waits on
/// the network, so doing them side by side takes the listing off the run's time.
///
/// The run takes what was read only when the manifest it reads itself (for `publish`, under the
/// folder's lock) has the same bytes (`manifest(matching:)`), and the listing only once
/// (`takeListing`): the pages are its first facts, as if listed at that moment; every later read
/// (a page changed while the run went on) asks Productive again. When the manifest changed in
/// between (another publish held the lock) or could not be read, the run reads and lists as it
/// would have without.
public final class RemotePrefetch: @unchecked Sendable {
    /// What was read before the scan.
    struct Read: Sendable {
        var files: Manifest.Files
        var manifest: Manifest
        var warnings: [String]
        /// The page ids the listing asked for (the manifest's), and the pages that exist among
        /// them; nil when the listing failed (the run then lists as it would have without).
        var ids: Set<String>
        var pages: [String: Page]?
    }

    private let task: Task<Read?, Never>
    private let lock = NSLock()
    /// Where the listing stands: not asked for yet, its manifest taken by the run (the listing to
    /// take next), or taken (a later run of the same publisher lists again).
    private enum Listing {
        case waiting
        case accepted(Read)
        case taken
    }
    private var listing = Listing.waiting

    /// Starts reading the manifest at `manifestPath` and listing its pages with `client`.
    public init(manifestPath: String, client: ProductiveClient) {
        task = Task.detached {
            guard let files = try? Manifest.Files(manifestPath) else { return nil }
            var warnings: [String] = []
            guard let manifest = try? Manifest.decode(files, warnings: &warnings) else { return nil }
            let ids = Set(manifest.pages.values.map(\.pageID))
            let pages = try? await client.listPages(ids: ids.sorted(), fields: RemoteFacts.listedFields)
            return Read(files: files, manifest: manifest, warnings: warnings, ids: ids, pages: pages)
        }
    }

    /// Returns once the reads are done (or given up), whether the run takes them or not.
    public func finish() async {
        _ = await task.value
    }

    /// The manifest read before the scan, with its journal's warnings, when it has the bytes of
    /// `files` (what the run reads now): the run then takes its listing too (`takeListing`).
    func manifest(matching files: Manifest.Files) async -> (manifest: Manifest, warnings: [String])? {
        guard let read = await task.value, read.files == files else { return nil }
        lock.withLock { if case .waiting = listing { listing = .accepted(read) } }
        return (read.manifest, read.warnings)
    }

    /// The listing of the manifest taken by `manifest(matching:)`, once: the ids it asked for and
    /// the pages that exist among them. Nil when it failed: the run's own listing then retries
    /// within its budget and reports what fails, as without the prefetch.
    func takeListing() -> (ids: Set<String>, pages: [String: Page])? {
        guard let read = lock.withLock({ () -> Read? in
            guard case .accepted(let read) = listing else { return nil }
            listing = .taken
            return read
        }), let pages = read.pages else { return nil }
        return (read.ids, pages)
    }
}
