import Foundation
import ProductiveAPI
import ProductiveFormat

/// Compares published files with their pages. Both sides go through the same path: the file as
/// publishing would send it (links resolved to pages) and the stored body read back
/// (`StoredBodyReader`), both in canonical form (`Document.canonicalForm()`), page links made relative to the file again, and both
/// written as source-style Markdown; a page differs when the two models differ, or when its title
/// is not the file's (a rename in Productive or in the file). Reads only: one list request for the
/// manifest's pages, then one read per page edited remotely, renamed or changed locally (plus its
/// history and editor, best effort).
public final class Differ: Sendable {
    let client: ProductiveClient
    let config: DocsConfig
    let organizationID: String

    public init(client: ProductiveClient, config: DocsConfig, organizationID: String) {
        self.client = client
        self.config = config
        self.organizationID = organizationID
    }

    /// Diffs `files` (relative to `root`; empty: every published file).
    public func diff(_ files: [String], root: URL, manifestPath: String) async throws -> DiffReport {
        let folder = try PublishedFolder(root: root, manifestPath: manifestPath, config: config, organizationID: organizationID)
        var report = DiffReport()
        var candidates: [Candidate] = []
        for file in folder.files(files) {
            guard let page = folder.pagesByFile[file] else {
                report.skipped.append((file, "not a published file of this folder"))
                continue
            }
            guard let entry = folder.manifest.pages[page.key] else {
                report.skipped.append((file, "not published yet"))
                continue
            }
            candidates.append(Candidate(file: file, page: page, entry: entry))
        }
        // Versions first (one list request per 200 pages): only pages that moved, or files that
        // changed, are read in full.
        let versions = try await client.listPages(ids: candidates.map(\.entry.pageID), fields: ["title", "version_number", "updated_at"])
        for candidate in candidates {
            guard let listed = versions[candidate.entry.pageID] else {
                report.skipped.append((candidate.file, "page \(candidate.entry.pageID) is gone"))
                continue
            }
            try await compare(candidate, listed: listed, folder: folder, into: &report)
        }
        return report
    }

    /// A published file of the folder, its page and its manifest entry.
    private struct Candidate {
        var file: String
        var page: SourcePage
        var entry: Manifest.Entry
    }

    /// Reads the page of `candidate` when it moved or the file changed, and adds its diff (or counts
    /// it the same) to `report`.
    private func compare(_ candidate: Candidate, listed: Page, folder: PublishedFolder, into report: inout DiffReport) async throws {
        let (file, page, entry) = (candidate.file, candidate.page, candidate.entry)
        let rendered = folder.renderer.render(page, ids: folder.ids, attachments: entry.attachments)
        let changedLocally = PageRenderer.needsWrite(rendered, entry: entry)
        let editedRemotely = listed.versionNumber != entry.versionNumber
        // A rename (in Productive or in the file) does not move the version: the listed title shows it.
        guard changedLocally || editedRemotely || listed.title != page.title else {
            report.same += 1
            return
        }
        let (remote, edit) = try await client.pageWithEdit(entry.pageID)
        let stored: Document
        do {
            let result = try StoredBodyReader.read(remote.body)
            stored = result.document.canonicalForm()
            report.notes += result.notes.map { "\(file): \($0)" }
        } catch {
            report.skipped.append((file, "page \(entry.pageID): \(error)"))
            return
        }
        let local = (folder.renderer.document(page, ids: folder.ids, attachments: entry.attachments) ?? Document()).canonicalForm()
        let block = stored.firstDifferingBlock(comparedTo: local)
        let fileTitle = remote.title == page.title ? nil : page.title
        guard block != nil || fileTitle != nil else {
            report.same += 1
            return
        }
        var unified = ""
        if let block {
            let writer = MarkdownWriter(style: .source)
            let localText = writer.write(folder.links.rewrite(local, in: file))
            let remoteText = writer.write(folder.links.rewrite(stored, in: file))
            unified = LineDiff.unified(localText, remoteText, oldLabel: "a/\(file) (file)", newLabel: "b/\(file) (page \(entry.pageID), \(edit.description))")
            if unified.isEmpty { unified = "block \(block + 1) differs in what the Markdown does not show (e.g. how text is split into runs)\n" }
        }
        report.diffs.append(PageDiff(
            path: file, pageID: entry.pageID, title: remote.title, fileTitle: fileTitle, remoteVersion: remote.versionNumber,
            lastWrittenVersion: entry.versionNumber, lastWrittenTitle: entry.title, editedRemotely: editedRemotely, changedLocally: changedLocally,
            edit: edit, unified: unified
        ))
    }
}
