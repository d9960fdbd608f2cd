import Foundation
import ProductiveAPI

/// What plan and publish both do before deciding, and the reads it is made of: the manifest loaded
/// and checked against the target, interrupted creates and uploads resolved by proof, the remote
/// pages fetched, moved files rekeyed and write intents reconciled.
extension Publisher {
    /// The manifest, its journal replayed; a damaged journal line is reported as a warning. The
    /// one decoded while the folder was scanned when the files hold the same bytes (`RemotePrefetch`).
    func loadManifest() async throws -> Manifest {
        let files = try Manifest.Files(settings.manifestPath)
        var warnings: [String] = []
        let manifest: Manifest
        if let read = await prefetch?.manifest(matching: files) {
            (manifest, warnings) = read
        } else {
            manifest = try Manifest.decode(files, warnings: &warnings)
        }
        warnings.forEach { report(.warning($0)) }
        return manifest
    }

    /// `--root-page` must name a page that exists.
    func checkRootPageExists() async throws {
        guard let root = settings.config.rootPageID else { return }
        do {
            _ = try await client.page(root)
        } catch let error as ProductiveAPIError where error.status == 404 {
            throw SyncError("root page \(root) does not exist (or this token cannot see it)")
        }
    }

    /// The run's first facts: the pages of `manifest` and those front matter names. The listing
    /// made while the folder was scanned stands for the ids it asked for (`RemotePrefetch`).
    func fetchRemote(_ manifest: Manifest) async throws -> RemoteFacts {
        var wanted = Set(manifest.pages.values.map(\.pageID))
        for page in workspace.pages { if let id = page.pageID { wanted.insert(id) } }
        return try await fetchRemote(ids: wanted, listed: prefetch?.takeListing())
    }

    /// The pages with these ids that exist, 200 per list request (`listed`: a listing made already,
    /// the ids it asked for and what it gave). A page the lists leave out counts as gone only when
    /// its own `GET` answers 404: a list that comes back short (a proxy, a bad answer) never makes a
    /// page look deleted, which would create it again.
    func fetchRemote<IDs: Sequence<String>>(ids wanted: IDs, listed: (ids: Set<String>, pages: [String: Page])? = nil) async throws -> RemoteFacts {
        let wanted = Set(wanted)
        let ids = wanted.sorted()
        var pages: [String: Page]
        if let listed {
            pages = listed.pages.filter { wanted.contains($0.key) }
            let rest = ids.filter { !listed.ids.contains($0) }
            if !rest.isEmpty { pages.merge(try await client.listPages(ids: rest, fields: RemoteFacts.listedFields)) { $1 } }
        } else {
            pages = try await client.listPages(ids: ids, fields: RemoteFacts.listedFields)
        }
        for id in ids where pages[id] == nil {
            do {
                var page = try await client.page(id)
                page.body = nil
                pages[id] = page
            } catch let error as ProductiveAPIError where error.status == 404 {
                continue
            }
        }
        return RemoteFacts(pages: pages)
    }

    /// A file renamed or moved keeps its page. A new path takes over the entry of a file that is
    /// gone when its front matter names that entry's page id, or its payload hash equals the
    /// entry's (content unchanged), or its file name matches exactly one such entry.
    func rekeyMovedFiles(_ manifest: inout Manifest, remote: RemoteFacts?) {
        let keys = Set(workspace.pages.map(\.key))
        var gone = manifest.pages.filter { !keys.contains($0.key) }
        guard !gone.isEmpty else { return }
        let ids = knownIDs(manifest, remote: remote)
        for page in workspace.pages where manifest.pages[page.key] == nil && !gone.isEmpty {
            let byID = page.pageID.flatMap { id in gone.first { $0.value.pageID == id }?.key }
            var byContent: String?
            if byID == nil, page.file != nil {
                let hash = renderer.render(page, ids: ids).hash
                let same = gone.filter { $0.value.sentHash == hash }.map(\.key)
                if same.count == 1 { byContent = same.first }
            }
            let name = Self.name(of: page.key)
            let sameName = gone.keys.filter { Self.name(of: $0) == name && page.isFolder == $0.hasSuffix("/") }
            guard let old = byID ?? byContent ?? (sameName.count == 1 ? sameName.first : nil), let entry = gone[old] else { continue }
            manifest.pages[page.key] = entry
            manifest.pages[old] = nil
            gone[old] = nil
        }
    }

    /// A body write recorded but not confirmed (killed run, unwritable manifest, garbled answer):
    /// when the page is exactly one version past the version it was sent against, the write is
    /// taken as ours; when the page has not moved, it never landed. Anything else stays a conflict.
    func reconcileWriteIntents(_ manifest: inout Manifest, remote: RemoteFacts) {
        for (key, entry) in manifest.pages {
            guard let intent = entry.writeIntent else { continue }
            var updated = entry
            updated.writeIntent = nil
            if let current = remote.pages[entry.pageID]?.versionNumber, current == (intent.fromVersion ?? 0) + 1 {
                updated.hash = intent.hash
                updated.versionNumber = current
            }
            manifest.pages[key] = updated
        }
    }

    /// Resets the target to the flags' and forgets the old tree (its pages are left as they are).
    func retargeted(_ manifest: Manifest) -> Manifest {
        guard targetDiffers(manifest) else { return manifest }
        var fresh = Manifest()
        fresh.projectID = settings.config.projectID
        fresh.rootPageID = settings.config.rootPageID
        return fresh
    }

    static func name(of key: String) -> String {
        String((key.hasSuffix("/") ? key.dropLast() : Substring(key)).split(separator: "/").last ?? "")
    }

    /// The parent page id `page` should have, given the ids known.
    func expectedParent(of page: SourcePage, ids: [String: String]) -> String? {
        decision.expectedParent(of: page, ids: ids)
    }

    func knownIDs(_ manifest: Manifest, remote: RemoteFacts?) -> [String: String] {
        var ids: [String: String] = [:]
        for page in workspace.pages {
            if let entry = manifest.pages[page.key], remote.map({ $0.pages[entry.pageID] != nil }) ?? true {
                ids[page.key] = entry.pageID
            }
        }
        return ids
    }

    /// The target must be given, and must match the manifest's unless `--retarget`.
    func checkTarget(_ manifest: Manifest) throws {
        let config = settings.config
        guard config.projectID != nil || config.rootPageID != nil || manifest.pages["."] != nil || manifest.projectID != nil || manifest.rootPageID != nil else {
            throw SyncError("say where the tree goes: --project ID (a new doc) or --root-page ID (under an existing page), or set it in \(DocsConfig.fileName)")
        }
        if targetDiffers(manifest) && !settings.retarget {
            let recorded = manifest.rootPageID.map { "root page \($0)" } ?? manifest.projectID.map { "project \($0)" } ?? "?"
            let asked = config.rootPageID.map { "root page \($0)" } ?? config.projectID.map { "project \($0)" } ?? "?"
            throw SyncError("the manifest publishes this folder to \(recorded), but \(asked) was given: pass --retarget to start a new tree there (the old pages are left as they are)")
        }
    }

    func targetDiffers(_ manifest: Manifest) -> Bool {
        let config = settings.config
        guard manifest.projectID != nil || manifest.rootPageID != nil else { return false }
        guard config.projectID != nil || config.rootPageID != nil else { return false }
        return config.projectID != manifest.projectID || config.rootPageID != manifest.rootPageID
    }
}
