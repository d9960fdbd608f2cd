import Foundation
import ProductiveAPI
import ProductiveFormat

/// Brings pages from Productive into a docs folder: a whole tree into an empty folder (with its
/// manifest, so that publishing it right away writes nothing), or the remote edits of files
/// already published (a file is overwritten only when it is unchanged since the last publish).
public final class Puller: Sendable {
    /// What is pulled into an empty folder.
    public enum Source: Sendable, Equatable {
        /// This page and every page under it.
        case page(String)
        /// The doc of this project (there must be exactly one).
        case project(String)
    }

    let client: ProductiveClient
    /// The folder's settings: `page_url_template` says which links are links between pages.
    let config: DocsConfig
    let organizationID: String

    public init(client: ProductiveClient, config: DocsConfig, organizationID: String) {
        self.client = client
        self.config = config
        self.organizationID = organizationID
    }

    var template: PageURLTemplate? {
        config.pageURLTemplate.map { PageURLTemplate(template: $0, organizationID: organizationID) }
    }

    // MARK: A tree into an empty folder

    /// Writes the tree of `source` into `directory` (created if needed, else it must be empty) and
    /// its manifest at `manifestPath`. A folder that already holds this very tree (its manifest's
    /// top page) gets the remote edits of its files instead (`pullFiles`). Throws `SyncError` for
    /// any other folder that is not empty, a project without exactly one doc, or a page that does
    /// not exist.
    public func pullTree(_ source: Source, into directory: URL, manifestPath: String) async throws -> PullReport {
        let topID = try await topPageID(of: source)
        if FileManager.default.fileExists(atPath: manifestPath), let existing = try Manifest.load(manifestPath).pages["."]?.pageID {
            guard existing == topID else {
                throw SyncError("\(directory.path) is not empty: it holds the tree of page \(existing), not of page \(topID); pull a tree into an empty folder")
            }
            // The same tree: bring the remote edits into its files, as `pull FILE...` does.
            var report = try await pullFiles([], root: directory, manifestPath: manifestPath)
            report.notes.append("the folder already holds this tree: remote edits were brought into its files (pages added in Productive since are not pulled)")
            return report
        }
        try Self.requireEmpty(directory, manifestPath: manifestPath)
        let tree: RemoteTree
        do {
            tree = try await RemoteTree.fetch(topID, client: client)
        } catch let error as ProductiveAPIError where error.status == 404 {
            throw SyncError("page \(topID) does not exist (or this token cannot see it)")
        }
        guard let top = tree.top else { throw SyncError("page \(topID): nothing to pull") }

        var report = PullReport()
        let saved = try await writeFiles(of: tree, into: directory, report: &report)
        try await record(tree, top: top, source: source, directory: directory, manifestPath: manifestPath, saved: saved, report: &report)
        return report
    }

    /// Writes one file per page of `tree` (and the page URL pattern the links were read with);
    /// returns the images each page shows from its own attachments, saved beside its file, by key.
    private func writeFiles(of tree: RemoteTree, into directory: URL, report: inout PullReport) async throws -> [String: [String: Manifest.Attachment]] {
        let links = RelativeLinks(filesByPageID: Dictionary(tree.nodes.map { ($0.page.id, $0.file) }) { first, _ in first }, template: template)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var saved: [String: [String: Manifest.Attachment]] = [:]
        for node in tree.nodes {
            let document = remoteDocument(node.page, file: node.file, links: links, report: &report)
            let (shown, images) = try await saveImages(of: document, page: node.page, file: node.file, root: directory)
            let text = SourceFileText.make(title: node.page.title, order: node.order, body: MarkdownWriter(style: .source).write(shown))
            try write(text, to: directory.appendingPathComponent(node.file))
            report.items.append(.init(path: node.file, pageID: node.page.id, outcome: .written))
            if !images.records.isEmpty { saved[node.key] = images.records }
            for failure in images.failures {
                report.warnings.append(.init(
                    path: node.file, line: PullReport.Warning.line(of: failure.url, in: text),
                    message: "image \(failure.url) of the page could not be downloaded (\(failure.reason)): the file keeps its URL"
                ))
            }
        }
        if let template = config.pageURLTemplate {
            // Publishing resolves links with the template the pages were read with.
            try write("page_url_template: \(SourceFileText.yamlString(template))\n", to: directory.appendingPathComponent(DocsConfig.fileName))
        }
        return saved
    }

    /// The pulled folder read back as publishing reads it, and its manifest written, so that
    /// publishing it right away writes nothing; nothing is recorded when it reads back as another tree.
    private func record(
        _ tree: RemoteTree, top: RemoteTree.Node, source: Source, directory: URL, manifestPath: String,
        saved: [String: [String: Manifest.Attachment]], report: inout PullReport
    ) async throws {
        var manifest = Manifest()
        if top.page.rootPageID == nil {
            manifest.projectID = top.page.projectID
            if manifest.projectID == nil, case .project(let id) = source { manifest.projectID = id }
        } else {
            manifest.rootPageID = top.page.parentPageID
        }
        let workspace = try Workspace.scan(directory, config: config, ignoring: [URL(fileURLWithPath: manifestPath).lastPathComponent])
        let ids = Dictionary(tree.nodes.map { ($0.key, $0.page.id) }) { first, _ in first }
        let nodes = Dictionary(tree.nodes.map { ($0.key, $0) }) { first, _ in first }
        let renderer = PageRenderer(workspace: workspace, config: config, organizationID: organizationID)
        for page in workspace.pages {
            guard let node = nodes[page.key] else {
                throw SyncError("\(page.key): the pulled folder reads back as another tree (a page the pull did not write); nothing was recorded")
            }
            let attachments = saved[page.key] ?? [:]
            let rendered = renderer.render(page, ids: ids, attachments: attachments)
            var entry = Manifest.Entry(
                pageID: node.page.id, parentID: node.page.parentPageID, title: page.title, hash: rendered.hash, format: rendered.format,
                versionNumber: node.page.versionNumber
            )
            entry.attachments = attachments
            entry.position = node.place
            manifest.pages[page.key] = entry
            checkReadsBack(page, remote: node.page, renderer: renderer, ids: ids, attachments: attachments, report: &report)
        }
        if manifest.pages.count != tree.nodes.count {
            throw SyncError("the pulled folder reads back as \(manifest.pages.count) pages, not \(tree.nodes.count); nothing was recorded")
        }
        try await ManifestStore(manifest, path: manifestPath).replace(manifest)
    }

    /// The id of the page at the top of `source`.
    func topPageID(of source: Source) async throws -> String {
        switch source {
        case .page(let id):
            return id
        case .project(let project):
            let docs = try await client.listPages(.init(projectID: project), fields: ["title", "parent_page_id", "root_page_id"])
                .filter { $0.rootPageID == nil && $0.parentPageID == nil }
            guard docs.count == 1, let doc = docs.first else {
                let list = docs.prefix(20).map { "\($0.id) \"\(Printable.escaped($0.title))\"" }.joined(separator: ", ")
                throw SyncError(docs.isEmpty
                    ? "project \(project) has no doc to pull"
                    : "project \(project) has \(docs.count) docs (\(list)): pull one with --root-page ID")
            }
            return doc.id
        }
    }

    /// A folder is pulled into only when it is missing or empty (hidden files aside, the manifest excepted).
    static func requireEmpty(_ directory: URL, manifestPath: String) throws {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else { return }
        let visible = names.filter { !$0.hasPrefix(".") }
        let hasManifest = FileManager.default.fileExists(atPath: manifestPath)
        guard visible.isEmpty && !hasManifest else {
            let what = hasManifest
                ? "it already holds a published tree (\(URL(fileURLWithPath: manifestPath).lastPathComponent)): `pull FILE...` brings remote edits into its files"
                : "it holds \(visible.count) file\(visible.count == 1 ? "" : "s")"
            throw SyncError("\(directory.path) is not empty: \(what); pull a tree into an empty folder")
        }
    }

    // MARK: Shared

    /// The source-style Markdown of a page's stored body, links between pages made relative to
    /// `file`; the reader's notes go to the report.
    func remoteBody(_ page: Page, file: String, links: RelativeLinks, report: inout PullReport) -> String {
        let document = remoteDocument(page, file: file, links: links, report: &report)
        return MarkdownWriter(style: .source).write(document)
    }

    /// The stored body as a normalized model, links made relative to `file`.
    func remoteDocument(_ page: Page, file: String, links: RelativeLinks, report: inout PullReport) -> Document {
        links.rewrite(storedDocument(page, file: file, report: &report), in: file)
    }

    /// Reports a page whose pulled file does not convert back to what the page stores (its local
    /// images and files pointed at `attachments`, as publishing sends them).
    func checkReadsBack(
        _ page: SourcePage, remote: Page, renderer: PageRenderer, ids: [String: String], attachments: [String: Manifest.Attachment] = [:], report: inout PullReport
    ) {
        guard let file = page.file, let local = renderer.document(page, ids: ids, attachments: attachments),
              let stored = try? StoredBodyReader.read(remote.body).document else { return }
        let storedBlocks = stored.canonicalForm().blocks
        let localBlocks = local.canonicalForm().blocks
        guard let block = Document(blocks: storedBlocks).firstDifferingBlock(comparedTo: Document(blocks: localBlocks)) else { return }
        let difference = LandingDifference(
            blockIndex: block, ofNote: false,
            sent: localBlocks.indices.contains(block) ? localBlocks[block] : nil,
            landed: storedBlocks.indices.contains(block) ? storedBlocks[block] : nil,
            lostWords: [], blockGone: false, landedHash: ""
        )
        report.notes.append("\(file): does not read back exactly as stored (publishing it would send the file's version): \(difference.summary) (- the file, + the page)")
    }

    func write(_ text: String, to url: URL) throws {
        try write(Array(text.utf8), to: url)
    }

    func write(_ bytes: [UInt8], to url: URL) throws {
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: url, options: .atomic)
        } catch {
            throw SyncError("\(url.path): cannot write (\(ErrorText.clean(error)))")
        }
    }
}
