import Foundation
import ProductiveAPI
import ProductiveFormat
import SourceReading

extension Puller {
    /// What merging a page into its unchanged file gave: the new bytes, and the conflicts marked in them.
    struct FileMerge {
        var bytes: [UInt8]
        var conflicts: [SourceMerge.Conflict]
    }

    /// The remote edits of `remote` merged into the file of `source`, which is unchanged since the
    /// last publish: its model as published is the base (`SourceMerge`), the title goes where the
    /// file says it (front matter `title`, or the title heading). Nil when the file's model and its
    /// sources do not line up.
    func merged(_ source: SourcePage, remote: Page, entry: Manifest.Entry, folder: PublishedFolder, report: inout PullReport) -> FileMerge? {
        guard let file = source.file, let mapped = source.mapped,
              let base = folder.renderer.document(source, ids: folder.ids, attachments: entry.attachments) else { return nil }
        let stored = storedDocument(remote, file: file, report: &report)
        var remoteBlocks = stored.blocks
        if Document(blocks: base.blocks).normalized().blocks.isEmpty,
           remoteBlocks == folder.renderer.render(source, ids: folder.ids, attachments: entry.attachments).sent.normalized().blocks {
            // An empty file is published as a placeholder paragraph: that is not an edit.
            remoteBlocks = []
        }
        let written = folder.links.rewrite(Document(blocks: remoteBlocks), in: file).blocks
        let input = SourceMerge.Input(
            file: source.bytes, base: base.blocks, sources: mapped.sources, losses: Self.losses(of: mapped, uploaded: Set(entry.attachments.values.map(\.path))),
            remote: remoteBlocks, remoteWritten: written,
            localLabel: "\(file) (the file)", remoteLabel: "page \(entry.pageID) (edited in Productive)",
            titleEdit: remote.title == entry.title ? nil : SourceFileText.titleEdit(source.bytes, title: remote.title, heading: mapped.titleHeadingLines, fromFrontMatter: mapped.frontMatter.title != nil)
        )
        return SourceMerge.merge(input).map { FileMerge(bytes: $0.bytes, conflicts: $0.conflicts) }
    }

    /// What the page cannot store of `mapped`, less its local images and linked files that are
    /// attachments of the page (`uploaded`: their paths): the page stores those, and they read back
    /// as their local paths (`RelativeLinks`), so a block that shows one merges like any other.
    static func losses(of mapped: MappedDocument, uploaded: Set<String>) -> [SourcePosition] {
        var losses = mapped.losses
        for site in mapped.attachmentSites where uploaded.contains(site.path) {
            if let index = losses.firstIndex(of: site.position) { losses.remove(at: index) }
        }
        return losses
    }

    /// The stored body of `page` as a normalized model, as the page holds it (page links as stored);
    /// the reader's notes go to the report.
    func storedDocument(_ page: Page, file: String, report: inout PullReport) -> Document {
        let result: StoredBodyReader.Result
        do {
            result = try StoredBodyReader.read(page.body)
        } catch {
            report.notes.append("\(file): \(error): the page is pulled empty")
            return Document()
        }
        for note in result.notes {
            let kept = note.kind == .unknownNode || note.kind == .tooDeep ? " (kept as its text)" : ""
            report.notes.append("\(file): \(note)\(kept)")
        }
        return result.document.normalized()
    }

    /// Writes `text` as a new file beside `file`: `NAME.remote.md`, or the first of
    /// `NAME.remote-2.md`, `NAME.remote-3.md`... that does not exist. Never replaces a file (it is
    /// created exclusively, not through a symlink). Returns the name written, relative to `root`.
    func writeConflictCopy(_ text: String, beside file: String, root: URL) throws -> String {
        for attempt in 1...1000 {
            let name = Self.remoteFileName(for: file, attempt: attempt)
            if try OwnFile.create(root.appendingPathComponent(name).path, with: Data(text.utf8), what: "the page's conflict copy") { return name }
        }
        throw SyncError("\(root.appendingPathComponent(file).path): 1000 conflict copies beside it already; remove some")
    }

    /// `guide.md` → `guide.remote.md`, then `guide.remote-2.md`...
    static func remoteFileName(for file: String, attempt: Int = 1) -> String {
        let tag = attempt == 1 ? ".remote" : ".remote-\(attempt)"
        for suffix in [".markdown", ".md"] where file.hasSuffix(suffix) {
            return String(file.dropLast(suffix.count)) + tag + suffix
        }
        return file + tag + ".md"
    }
}
