import ProductiveFormat

/// Where one block of the model was read from in its file: what `pull` needs to merge remote edits
/// into the source block by block, keeping the lines of every block that did not change.
/// `MappedDocument.sources[i]` is where `document.blocks[i]` came from; blocks made from one source
/// node (an HTML block that maps to several blocks) share the same source.
public struct BlockSource: Sendable, Equatable {
    /// The first and last file line (1-based, front matter counted) of the source. Nil for blocks
    /// the mapper made with no source of their own: the footnotes gathered at the end.
    public var lines: ClosedRange<Int>?
    /// The byte column (1-based) where the block starts on its first line: the bytes before it are
    /// the prefix of its containers (`> `, a list item's indent).
    public var column: Int
    /// The parts a merge may take one by one, in the model's order: a list's items (each with its
    /// blocks as parts), a table's rows, the blocks of a quote or banner. Empty when the block is
    /// merged whole.
    public var parts: [BlockSource]

    public init(lines: ClosedRange<Int>?, column: Int, parts: [BlockSource] = []) {
        self.lines = lines
        self.column = column
        self.parts = parts
    }

    /// Ids of the rules whose fallback loses nothing of the source: how something is written
    /// (`*` bullets), an alert read as a banner, a nesting Productive does not document, the title
    /// heading (not a block). Every other fallback stands for something the page cannot hold.
    static let rulesThatLoseNothing: Set<String> = [
        RuleCatalog.nonCanonicalSyntax.id, RuleCatalog.githubAlert.id, RuleCatalog.undocumentedNesting.id, RuleCatalog.titleHeading.id,
    ]
}
