import ProductiveFormat
import SourceReading

extension PageRenderer {
    /// The document publishing sends for `page` (links resolved as `render` resolves them, local
    /// images and files as their `attachments`), or nil for a folder without an index file or a
    /// file that is not text.
    func document(_ page: SourcePage, ids: [String: String], attachments: [String: Manifest.Attachment] = [:]) -> Document? {
        guard let file = page.file, let mapped = page.mapped else { return nil }
        let links = linkResolver(from: file, links: LinkTargets(ids: ids), pending: PendingLinks())
        return checked(page, mapped, links: links, attachments: attachmentResolver(attachments), format: nil).document
    }
}
