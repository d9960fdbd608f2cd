import Foundation
import ProductiveFormat
import ProductiveWire

/// The payload of one page, ready to send.
struct RenderedPage: Sendable, Equatable {
    let payload: Payload
    let format: OutputFormat
    /// SHA-256 of format and payload: what the manifest compares. Computed once, with the payload
    /// (a plan of 7,000 pages asked for it several times a page, on one core).
    let hash: String
    var findings: [Finding]
    /// Keys of the pages without an id yet that its links name: the page needs a second pass.
    var pendingLinks: Set<String>
    /// Of those, the pages that get their id in this run, with what happens to them: the links
    /// become page links, so the page changes (`links: faq.md is now published`).
    var comingLinks: [String: String]
    /// What the payload says, as a model: what the page must hold once it lands
    /// (`WriteVerification.sentModel`). Not part of the hash.
    var sent: Document
    /// Local files the page shows or links to that have no attachment of the page yet: uploaded
    /// before the body is written (until then the payload holds their alt text).
    var uploads: [LocalAttachment]
    /// The content hashes of the local files the page refers to: any other attachment the manifest
    /// records for the page is deleted once this body has landed.
    var attachmentHashes: Set<String>

    init(
        payload: Payload, format: OutputFormat, findings: [Finding], pendingLinks: Set<String>, comingLinks: [String: String], sent: Document,
        uploads: [LocalAttachment] = [], attachmentHashes: Set<String> = []
    ) {
        self.payload = payload
        self.format = format
        hash = ContentHash.hex(bytes: Array((format.rawValue + "\n").utf8) + payload.bytes)
        self.findings = findings
        self.pendingLinks = pendingLinks
        self.comingLinks = comingLinks
        self.sent = sent
        self.uploads = uploads
        self.attachmentHashes = attachmentHashes
    }

    /// True when a link waits for a page that has no id yet.
    var hasPendingLinks: Bool { !pendingLinks.isEmpty }

    /// True when sending this changes a page last written with `hash`: the payload differs, or a
    /// link will point at a page the run creates (an id no earlier payload had).
    func changes(from hash: String?) -> Bool {
        self.hash != hash || !comingLinks.isEmpty
    }

    /// `links: faq.md is now published`, when links change because pages get their ids in this run.
    var linkReason: String? {
        guard !comingLinks.isEmpty else { return nil }
        return "links: " + comingLinks.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
    }
}

extension RenderedPage {
    /// The rules a link's resolution reports (a link to a file that is not published, an anchor
    /// that cannot be kept): found only once the folder's pages are known.
    static let linkRuleIDs: Set<String> = [RuleCatalog.unpublishedLink.id, SyncRules.droppedAnchor.id]

    /// The findings of this payload's links.
    var linkFindings: [Finding] {
        findings.filter { Self.linkRuleIDs.contains($0.ruleID) }
    }
}
