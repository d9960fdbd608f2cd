import Foundation
import ProductiveFormat
import ProductiveWire
import SourceReading

/// The render stage: each page's payload finished from the file's one mapping, once per set of
/// inputs (the targets its links resolve to, its attachments, the format): a page rendered again
/// with the same inputs is the payload already rendered (`RenderCache`).
struct PageRenderer: Sendable {
    let workspace: Workspace
    let config: DocsConfig
    let organizationID: String
    /// The payloads rendered so far in this run.
    let cache = RenderCache()
    /// The users this run mentions, by address (`mentions: true`).
    let mentions = MentionTable()

    init(workspace: Workspace, config: DocsConfig, organizationID: String) {
        self.workspace = workspace
        self.config = config
        self.organizationID = organizationID
    }

    /// The page's payload with links resolved through these ids only (pages without one are pending).
    func render(_ page: SourcePage, ids: [String: String], attachments: [String: Manifest.Attachment] = [:], format override: OutputFormat? = nil) -> RenderedPage {
        render(page, links: LinkTargets(ids: ids), attachments: attachments, format: override)
    }

    /// The page's payload, finished from the file's one mapping (`SourcePage.mapped`): links to other
    /// files rewritten with the targets known so far, local images and files pointed at the page's
    /// `attachments` (by content hash), the format decided (`override` forces one).
    func render(_ page: SourcePage, links: LinkTargets, attachments: [String: Manifest.Attachment] = [:], format override: OutputFormat? = nil) -> RenderedPage {
        let key = RenderCache.Key(page: page.key, format: override, attachments: attachments.mapValues(\.url), targets: targets(of: page, in: links))
        return cache.rendered(key) { finish(page, links: links, attachments: attachments, format: override) }
    }

    /// The findings `render` gives the page (links resolved through `links`), without writing its
    /// payload: what `lint` reports. None for a folder without an index file.
    func findings(of page: SourcePage, links: LinkTargets, attachments: [String: Manifest.Attachment] = [:]) -> [Finding] {
        guard let file = page.file, let mapped = page.mapped else { return [] }
        let resolver = linkResolver(from: file, links: links, pending: PendingLinks())
        return Converter.check(mapped, links: resolver, attachments: attachmentResolver(attachments)).findings
    }

    /// The local files `page` shows or links to (known without rendering it).
    func localFiles(of page: SourcePage) -> [LocalAttachment] {
        (page.mapped?.attachmentSites ?? []).compactMap { workspace.attachmentFiles[$0.path] }
    }

    /// What each page `page` links to stands as in `links`: all of `links` its payload depends on.
    private func targets(of page: SourcePage, in links: LinkTargets) -> [String: RenderCache.Target] {
        let keys = cache.linkedKeys(of: page.key) {
            guard let file = page.file, let mapped = page.mapped else { return [] }
            return Set(mapped.linkSites.compactMap { site in
                let path = String(site.target.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
                return workspace.key(forLink: path.removingPercentEncoding ?? path, from: file)
            })
        }
        var targets: [String: RenderCache.Target] = [:]
        for key in keys {
            targets[key] = links.ids[key].map(RenderCache.Target.id) ?? links.heldBack[key].map(RenderCache.Target.heldBack)
                ?? links.coming[key].map(RenderCache.Target.coming) ?? .pending
        }
        return targets
    }

    private func finish(_ page: SourcePage, links: LinkTargets, attachments: [String: Manifest.Attachment], format override: OutputFormat?) -> RenderedPage {
        guard let file = page.file, let mapped = page.mapped else {
            // A folder without an index file: its body lists its pages.
            var blocks: [Block] = [.paragraph([.text("Pages in this section:")])]
            blocks.append(.bulletList(items: page.childTitles.map { [.paragraph([.text($0)])] }))
            let document = Document(blocks: blocks)
            return RenderedPage(payload: Payload(bytes: MarkdownWriter().writeBytes(document)), format: .markdown, findings: [], pendingLinks: [], comingLinks: [:], sent: document)
        }
        let pending = PendingLinks()
        let files = localFiles(of: page)
        let checked = self.checked(page, mapped, links: linkResolver(from: file, links: links, pending: pending), attachments: attachmentResolver(attachments), format: override)
        var payload = Converter.write(checked)
        let format = checked.format
        var sent = WriteVerification.sentModel(of: checked.document ?? Document(), format: format, payload: payload, htmlOnlyFeatures: checked.htmlOnlyFeatures)
        // A printable ASCII byte is never white space: most payloads decide at their first byte
        // (NSString's trimming of the whole payload was a fifth of a plan of 7,000 pages).
        if !payload.bytes.contains(where: { $0 > 0x20 && $0 < 0x7F }), payload.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            // Productive refuses an empty body.
            payload = format == .html ? "<p><em>(empty page)</em></p>\n" : "*(empty page)*\n"
            sent = Document(blocks: [.paragraph([.text("(empty page)", Marks(emphasis: true))])])
        }
        let waiting = pending.all
        var uploads: [LocalAttachment] = []
        for file in files where attachments[file.hash] == nil && !uploads.contains(where: { $0.hash == file.hash }) { uploads.append(file) }
        return RenderedPage(
            payload: payload, format: format, findings: checked.findings, pendingLinks: waiting,
            comingLinks: links.coming.filter { waiting.contains($0.key) }, sent: sent, uploads: uploads, attachmentHashes: Set(files.map(\.hash))
        )
    }

    /// Local images and files pointed at the page's `attachments` (by content hash).
    func attachmentResolver(_ attachments: [String: Manifest.Attachment]) -> AttachmentResolver {
        AttachmentResolver { [workspace] site in
            workspace.attachmentFiles[site.path].flatMap { attachments[$0.hash]?.url }
        }
    }

    /// True when the page needs a body write: its payload changes the one recorded, or it still
    /// shows files that have no attachment yet.
    static func needsWrite(_ rendered: RenderedPage, entry: Manifest.Entry) -> Bool {
        rendered.changes(from: entry.sentHash) || !rendered.uploads.isEmpty
    }

    /// How the relative links of `file` become page links: a URL from `page_url_template`, else a
    /// page mention; a link to a page without an id yet is pending (noted in `pending`); a link to a
    /// page that is not published is text, and one whose anchor cannot be kept is weakened (PD905).
    func linkResolver(from file: String, links: LinkTargets, pending: PendingLinks) -> LinkResolver {
        LinkResolver { [workspace, config, organizationID] url in
            let parts = url.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
            let path = String(parts[0]).removingPercentEncoding ?? String(parts[0])
            var fragment = parts.count > 1 ? String(parts[1]) : ""
            guard let key = workspace.key(forLink: path, from: file) else {
                return .unpublished(reason: workspace.unpublishedReason(forLink: path, from: file))
            }
            if links.ids[key] == nil, let reason = links.heldBack[key] {
                return .unpublished(reason: "\(Self.name(of: key, in: workspace)) is not published in this run: \(reason)")
            }
            let anchorProblem = Self.anchorProblem(fragment, of: key, in: workspace, template: config.pageURLTemplate != nil)
            if anchorProblem != nil { fragment = "" }
            var target = LinkTarget.pending
            if let id = links.ids[key] {
                if let template = config.pageURLTemplate {
                    target = .url(PageURLTemplate(template: template, organizationID: organizationID).url(pageID: id, fragment: fragment.isEmpty ? "" : "#" + fragment))
                } else {
                    target = .pageMention(id: id)
                }
            } else {
                pending.add(key)
            }
            return anchorProblem.map { .weakened(target, rule: SyncRules.droppedAnchor, message: $0) } ?? target
        }
    }

    /// Why the anchor `fragment` of a link to the page `key` cannot be kept, or nil when it can (or
    /// there is none): the page has no such heading, or a page mention (no `page_url_template`)
    /// cannot carry one.
    static func anchorProblem(_ fragment: String, of key: String, in workspace: Workspace, template: Bool) -> String? {
        guard !fragment.isEmpty else { return nil }
        if let page = workspace.page(key), !page.hasAnchor(fragment) {
            return "\(name(of: key, in: workspace)) has no heading with the anchor `#\(fragment)`: the link goes to the top of the page"
        }
        guard template else {
            return "a page mention cannot point at a heading: the anchor `#\(fragment)` is dropped (set `page_url_template` to keep anchors)"
        }
        return nil
    }

    /// How a page is named in a finding: its file, else its folder key.
    static func name(of key: String, in workspace: Workspace) -> String {
        workspace.page(key)?.file ?? key
    }
}

