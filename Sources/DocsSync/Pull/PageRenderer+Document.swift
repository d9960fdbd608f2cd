import ProductiveFormat
import SourceReading

extension PageRenderer {
    /// The document publishing sends for `page` (links resolved as `render` resolves them), or nil
    /// for a folder without an index file or a file that is not text.
    func document(_ page: SourcePage, ids: [String: String]) -> Document? {
        guard let file = page.file else { return nil }
        let options = config.conversionOptions(linkResolver: linkResolver(from: file, ids: ids, pending: PendingFlag()))
        return Converter.check(page.bytes, name: file, options: options).document
    }
}
