import Foundation
import ProductiveAPI
import ProductiveFormat

extension Puller {
    /// Brings the remote edits of published files of the docs folder `root` into them (`files`
    /// relative to `root`; empty: every published file). Into a file unchanged since the last
    /// publish (its payload hash is the manifest's) the page's changes are merged block by block
    /// (`SourceMerge`: what did not change keeps its lines) and its manifest entry is brought up to
    /// date, so publishing it right away writes nothing; a change to a block that holds what the
    /// page cannot store gets conflict markers instead (a conflict). A file changed since is left
    /// alone and the page is written to a new `NAME.remote.md` beside it (marked `publish: false`):
    /// a conflict. Holds the folder's publish lock while it runs.
    public func pullFiles(_ files: [String], root: URL, manifestPath: String, lockTimeout: Duration = .seconds(60)) async throws -> PullReport {
        let lock = try await PublishLock.acquire(manifestPath: manifestPath, timeout: lockTimeout)
        defer { lock.release() }
        let folder = try PublishedFolder(root: root, manifestPath: manifestPath, config: config, organizationID: organizationID)
        var report = PullReport()
        var refreshed: [String: Page] = [:]
        for file in folder.files(files) {
            guard let source = folder.pagesByFile[file] else {
                report.items.append(.init(path: file, pageID: nil, outcome: .skipped, detail: "not a published file of this folder"))
                continue
            }
            guard let entry = folder.manifest.pages[source.key] else {
                report.items.append(.init(path: file, pageID: nil, outcome: .skipped, detail: "not published yet: nothing to pull"))
                continue
            }
            let remote: Page
            do {
                remote = try await client.page(entry.pageID)
            } catch let error as ProductiveAPIError where error.status == 404 {
                report.items.append(.init(path: file, pageID: entry.pageID, outcome: .skipped, detail: "page \(entry.pageID) is gone"))
                continue
            }
            if remote.versionNumber == entry.versionNumber && remote.title == entry.title {
                report.items.append(.init(path: file, pageID: entry.pageID, outcome: .unchanged, detail: "not edited in Productive since the last publish"))
                continue
            }
            if try bringIn(remote, to: file, source: source, entry: entry, folder: folder, root: root, report: &report) {
                refreshed[source.key] = remote
            }
        }
        guard !refreshed.isEmpty else { return report }
        try await record(refreshed, root: root, folder: folder, manifestPath: manifestPath, report: &report)
        return report
    }

    /// Brings the edited page `remote` into `file`: merged when the file is unchanged since the last
    /// publish, else written beside it as a conflict copy. True when the file now says what the page
    /// does (its manifest entry is to be brought up to date).
    private func bringIn(
        _ remote: Page, to file: String, source: SourcePage, entry: Manifest.Entry, folder: PublishedFolder, root: URL, report: inout PullReport
    ) throws -> Bool {
        let edited = "edited in Productive\(remote.updatedAt.map { " at \($0)" } ?? "")"
        guard folder.renderer.render(source, ids: folder.ids, attachments: entry.attachments).hash == entry.sentHash,
              let merge = merged(source, remote: remote, entry: entry, folder: folder, report: &report) else {
            let localText = String(decoding: source.bytes, as: UTF8.self)
            let body = remoteBody(remote, file: file, links: folder.links, report: &report)
            let kept = SourceFileText.frontMatterLines(of: localText, dropping: ["title", "publish", "page_id"]) + ["publish: false"]
            let conflictFile = try writeConflictCopy(SourceFileText.make(title: remote.title, keeping: kept, body: body), beside: file, root: root)
            report.items.append(.init(path: file, pageID: entry.pageID, outcome: .conflict, detail: "changed here and in Productive: the page is in \(conflictFile); merge it into the file, delete it, then publish with --on-conflict overwrite"))
            return false
        }
        if merge.bytes == source.bytes {
            report.items.append(.init(path: file, pageID: entry.pageID, outcome: .unchanged, detail: "the page already holds what the file says"))
            return true
        }
        try write(merge.bytes, to: root.appendingPathComponent(file))
        guard merge.conflicts.isEmpty else {
            let places = merge.conflicts.map { "\(file):\($0.line): \($0.reason)" }.joined(separator: "; ")
            report.items.append(.init(path: file, pageID: entry.pageID, outcome: .conflict, detail: "\(edited); the rest is merged, conflict markers at \(places); resolve them, then publish with --on-conflict overwrite"))
            return false
        }
        report.items.append(.init(path: file, pageID: entry.pageID, outcome: .updated, detail: "\(edited): merged"))
        return true
    }

    /// The files as they are now: their payload hashes, titles and the pages' versions become the
    /// manifest's, so that publishing right away writes nothing.
    private func record(_ refreshed: [String: Page], root: URL, folder: PublishedFolder, manifestPath: String, report: inout PullReport) async throws {
        var manifest = folder.manifest
        let manifestName = URL(fileURLWithPath: manifestPath).lastPathComponent
        let updated = try Workspace.scan(root, config: config, ignoring: [manifestName])
        // Rendered as publish renders them: a mention pulled back as its link is made through the
        // manifest's records, so the hash recorded is the one publish computes.
        let updatedRenderer = PageRenderer(workspace: updated, config: config, organizationID: organizationID, recorded: manifest)
        for page in updated.pages {
            guard let remote = refreshed[page.key], var entry = manifest.pages[page.key] else { continue }
            let rendered = updatedRenderer.render(page, ids: folder.ids, attachments: entry.attachments)
            entry.hash = rendered.hash
            entry.format = rendered.format
            if updatedRenderer.mentionsEnabled(page) { entry.mentions = Self.mentions(of: page, stored: remote, renderer: updatedRenderer) }
            entry.title = page.title
            entry.versionNumber = remote.versionNumber
            entry.writeIntent = nil
            manifest.pages[page.key] = entry
            checkReadsBack(page, remote: remote, renderer: updatedRenderer, ids: folder.ids, attachments: entry.attachments, report: &report)
        }
        try await ManifestStore(manifest, path: manifestPath).replace(manifest)
    }

    /// Who the page's body mentions now that it is the pulled one: the users the file mentions (as
    /// `renderer` makes them) that the stored page mentions too. They are not notified again.
    private static func mentions(of page: SourcePage, stored remote: Page, renderer: PageRenderer) -> [String: String] {
        let stored = (try? StoredBodyReader.read(remote.body).document.mentionedUserIDs) ?? []
        return renderer.mentioned(in: page).filter { stored.contains($0.value) }
    }
}
