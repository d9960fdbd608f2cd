import Foundation
import ProductiveAPI
import ProductiveFormat

extension Puller {
    /// Brings the remote edits of published files of the docs folder `root` into them (`files`
    /// relative to `root`; empty: every published file). A file unchanged since the last publish
    /// (its payload hash is the manifest's) is overwritten and its manifest entry brought up to
    /// date, so publishing it right away writes nothing; a file changed since is left alone and the
    /// page is written to `NAME.remote.md` beside it (marked `publish: false`): a conflict. Holds the
    /// folder's publish lock while it runs.
    public func pullFiles(_ files: [String], root: URL, manifestPath: String, lockTimeout: Duration = .seconds(60)) async throws -> PullReport {
        let lock = try await PublishLock.acquire(manifestPath: manifestPath, timeout: lockTimeout)
        defer { lock.release() }
        let folder = try PublishedFolder(root: root, manifestPath: manifestPath, config: config, organizationID: organizationID)
        var manifest = folder.manifest
        let (renderer, ids, links, pagesByFile) = (folder.renderer, folder.ids, folder.links, folder.pagesByFile)
        let manifestName = URL(fileURLWithPath: manifestPath).lastPathComponent
        let wanted = folder.files(files)

        var report = PullReport()
        var refreshed: [String: Page] = [:]
        for file in wanted {
            guard let source = pagesByFile[file] else {
                report.items.append(.init(path: file, pageID: nil, outcome: .skipped, detail: "not a published file of this folder"))
                continue
            }
            guard let entry = manifest.pages[source.key] else {
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
            let localText = String(decoding: source.bytes, as: UTF8.self)
            let body = remoteBody(remote, file: file, links: links, report: &report)
            let remoteText = SourceFileText.make(title: remote.title, keeping: SourceFileText.frontMatterLines(of: localText), body: body)
            if remoteText == localText {
                refreshed[source.key] = remote
                report.items.append(.init(path: file, pageID: entry.pageID, outcome: .unchanged, detail: "the page already holds what the file says"))
            } else if renderer.render(source, ids: ids, attachments: entry.attachments).hash == entry.sentHash {
                try write(remoteText, to: root.appendingPathComponent(file))
                refreshed[source.key] = remote
                report.items.append(.init(path: file, pageID: entry.pageID, outcome: .updated, detail: "edited in Productive\(remote.updatedAt.map { " at \($0)" } ?? "")"))
            } else {
                let conflictFile = Self.remoteFileName(for: file)
                let kept = SourceFileText.frontMatterLines(of: localText, dropping: ["title", "publish", "page_id"]) + ["publish: false"]
                try write(SourceFileText.make(title: remote.title, keeping: kept, body: body), to: root.appendingPathComponent(conflictFile))
                report.items.append(.init(path: file, pageID: entry.pageID, outcome: .conflict, detail: "changed here and in Productive: the page is in \(conflictFile); merge it into the file, delete it, then publish"))
            }
        }
        guard !refreshed.isEmpty else { return report }

        // The files as they are now: their payload hashes become the manifest's.
        let updated = try Workspace.scan(root, config: config, ignoring: [manifestName])
        let updatedRenderer = PageRenderer(workspace: updated, config: config, organizationID: organizationID)
        for page in updated.pages {
            guard let remote = refreshed[page.key], var entry = manifest.pages[page.key] else { continue }
            let rendered = updatedRenderer.render(page, ids: ids, attachments: entry.attachments)
            entry.hash = rendered.hash
            entry.format = rendered.format
            entry.title = page.title
            entry.versionNumber = remote.versionNumber
            entry.writeIntent = nil
            manifest.pages[page.key] = entry
        }
        try await ManifestStore(manifest, path: manifestPath).replace(manifest)
        return report
    }

    /// `guide.md` → `guide.remote.md`.
    static func remoteFileName(for file: String) -> String {
        for suffix in [".markdown", ".md"] where file.hasSuffix(suffix) {
            return String(file.dropLast(suffix.count)) + ".remote" + suffix
        }
        return file + ".remote.md"
    }
}
