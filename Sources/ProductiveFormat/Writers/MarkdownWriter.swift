/// Writes a document as normalized Productive Markdown: ATX headings, `-`
/// bullets, `1.` lists with the list's start, backtick fences with the
/// language, `---` dividers, two-space hard breaks, and escaping that
/// round-trips through cmark-gfm.
///
/// The writer is total: HTML-only elements are degraded (banners become
/// quotes, columns are written one after the other, alignment, underline,
/// colours and widths are dropped, mentions become their label), never refused.
///
/// The Markdown is built as UTF-8 bytes in one buffer; `write(_:into:)` appends to a buffer of
/// the caller's, which can go to a file or standard output as it is.
public struct MarkdownWriter: DocumentWriter {
    /// What the Markdown is for.
    public enum Style: Sendable, Equatable {
        /// The payload sent to Productive: HTML-only elements are degraded.
        case payload
        /// A source file for a docs folder (what `pull` writes): HTML-only elements are kept, banners
        /// as GitHub alerts and the rest as the raw HTML the converter itself reads, so converting
        /// the file gives the same document back.
        case source
    }

    public var style: Style

    public init(style: Style = .payload) {
        self.style = style
    }

    /// Appends the Markdown for `document` to `out` (empty, or ending with one newline).
    public func write(_ document: Document, into out: inout [UInt8]) {
        var renderer = MarkdownBlockRenderer(style: style)
        swap(&renderer.out, &out)
        renderer.start = renderer.out.count
        renderer.writeBlocks(document.blocks)
        swap(&renderer.out, &out)
    }
}
