import ProductiveFormat

extension Document {
    /// The document with every inline run passed through `transform` (text in paragraphs,
    /// headings and table cells, at any depth).
    func rewritingInlines(_ transform: (Inline) -> Inline) -> Document {
        withoutActuallyEscaping(transform) { transform in
            var rewriter = InlineRewriter(transform: transform)
            return Document(blocks: rewriter.rewrite(blocks))
        }
    }
}

/// The rewrite of `Document.rewritingInlines(_:)`: each run through `transform`, every block kept.
private struct InlineRewriter: BlockRewriter {
    let transform: (Inline) -> Inline

    mutating func rewriteInlines(_ inlines: [Inline]) -> [Inline] {
        inlines.map(transform)
    }
}
