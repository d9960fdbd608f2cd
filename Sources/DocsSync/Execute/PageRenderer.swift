import Foundation
import ProductiveFormat
import SourceReading

/// The payload of one page, ready to send.
struct RenderedPage: Sendable, Equatable {
    var payload: String
    var format: OutputFormat
    var findings: [Finding]
    /// Links to pages that have no id yet: the page needs a second pass.
    var hasPendingLinks: Bool
    /// What the payload says, as a model: what the page must hold once it lands
    /// (`WriteVerification.sentModel`). Not part of the hash.
    var sent: Document
    /// Local files the page shows or links to that have no attachment of the page yet: uploaded
    /// before the body is written (until then the payload holds their alt text).
    var uploads: [LocalAttachment] = []
    /// The content hashes of the local files the page refers to: any other attachment the manifest
    /// records for the page is deleted once this body has landed.
    var attachmentHashes: Set<String> = []

    /// SHA-256 of format and payload: what the manifest compares.
    var hash: String {
        ContentHash.hex(format.rawValue + "\n" + payload)
    }
}

/// Renders pages with their links resolved against the ids known so far.
struct PageRenderer: Sendable {
    let workspace: Workspace
    let config: DocsConfig
    let organizationID: String

    /// The page's payload, finished from the file's one mapping (`SourcePage.mapped`): links to other
    /// files rewritten with the ids known so far, local images and files pointed at the page's
    /// `attachments` (by content hash), the format decided (`override` forces one).
    func render(_ page: SourcePage, ids: [String: String], attachments: [String: Manifest.Attachment] = [:], format override: OutputFormat? = nil) -> RenderedPage {
        guard let file = page.file, let mapped = page.mapped else {
            // A folder without an index file: its body lists its pages.
            var blocks: [Block] = [.paragraph([.text("Pages in this section:")])]
            blocks.append(.bulletList(items: page.childTitles.map { [.paragraph([.text($0)])] }))
            let document = Document(blocks: blocks)
            return RenderedPage(payload: MarkdownWriter().write(document), format: .markdown, findings: [], hasPendingLinks: false, sent: document)
        }
        let pending = PendingFlag()
        let files = mapped.attachmentSites.compactMap { workspace.attachmentFiles[$0.path] }
        let resolver = AttachmentResolver { [workspace] site in
            workspace.attachmentFiles[site.path].flatMap { attachments[$0.hash]?.url }
        }
        let checked = Converter.check(mapped, links: linkResolver(from: file, ids: ids, pending: pending), attachments: resolver, format: override)
        var payload = Converter.write(checked)
        let format = checked.format
        var sent = WriteVerification.sentModel(of: checked.document ?? Document(), format: format, payload: payload)
        if payload.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            // Productive refuses an empty body.
            payload = format == .html ? "<p><em>(empty page)</em></p>\n" : "*(empty page)*\n"
            sent = Document(blocks: [.paragraph([.text("(empty page)", Marks(emphasis: true))])])
        }
        var uploads: [LocalAttachment] = []
        for file in files where attachments[file.hash] == nil && !uploads.contains(where: { $0.hash == file.hash }) { uploads.append(file) }
        return RenderedPage(
            payload: payload, format: format, findings: checked.findings, hasPendingLinks: pending.isSet, sent: sent,
            uploads: uploads, attachmentHashes: Set(files.map(\.hash))
        )
    }

    /// True when the page needs a body write: its payload differs from the one recorded, or it
    /// still shows files that have no attachment yet.
    static func needsWrite(_ rendered: RenderedPage, entry: Manifest.Entry) -> Bool {
        rendered.hash != entry.sentHash || !rendered.uploads.isEmpty
    }

    /// How the relative links of `file` become page links: a URL from `page_url_template`, else a
    /// page mention; a link to a page without an id yet raises `pending`.
    func linkResolver(from file: String, ids: [String: String], pending: PendingFlag) -> LinkResolver {
        LinkResolver { [workspace, config, organizationID] url in
            let parts = url.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
            let path = String(parts[0]).removingPercentEncoding ?? String(parts[0])
            let fragment = parts.count > 1 ? "#" + parts[1] : ""
            guard let key = workspace.key(forLink: path, from: file) else {
                return .unpublished(reason: "not a published file of this folder")
            }
            guard let id = ids[key] else {
                pending.set()
                return .pending
            }
            if let template = config.pageURLTemplate {
                return .url(PageURLTemplate(template: template, organizationID: organizationID).url(pageID: id, fragment: fragment))
            }
            return .pageMention(id: id)
        }
    }
}

/// A flag a resolver closure can raise from any thread.
final class PendingFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false

    func set() {
        lock.lock()
        value = true
        lock.unlock()
    }

    var isSet: Bool {
        lock.lock()
        defer { lock.unlock() }
        return value
    }
}
