/// The Markdown syntax tree as Swift values: cmark-gfm's tree copied into a
/// flat array (an arena), children linked by index.
///
/// A flat array keeps the copy linear, and freeing it never recurses, however
/// deep the document nests.
public struct SyntaxTree: Sendable {
    /// Node 0 is the document.
    public internal(set) var nodes: [SyntaxNode] = []

    /// The index used for "no node".
    public static let none: Int32 = -1

    public subscript(index: Int32) -> SyntaxNode {
        nodes[Int(index)]
    }

    /// The children of `index`, in order.
    public func children(of index: Int32) -> SyntaxChildren {
        SyntaxChildren(tree: self, cursor: self[index].firstChild)
    }
}

/// A sequence over the children of one node.
public struct SyntaxChildren: Sequence, IteratorProtocol {
    let tree: SyntaxTree
    var cursor: Int32

    public mutating func next() -> Int32? {
        guard cursor != SyntaxTree.none else { return nil }
        defer { cursor = tree[cursor].nextSibling }
        return cursor
    }
}

/// One node of the syntax tree.
public struct SyntaxNode: Sendable {
    /// The kinds of node cmark-gfm produces with our extensions.
    public enum Kind: Sendable, Equatable {
        case document, blockQuote, list, item, codeBlock, htmlBlock, paragraph, heading, thematicBreak
        case footnoteDefinition, table, tableRow, tableCell
        case text, softBreak, lineBreak, code, htmlInline, emphasis, strong, strikethrough, link, image
        case footnoteReference
        /// A node type this reader does not know (a future extension).
        case unknown(String)
    }

    public var kind: Kind
    /// Where the node starts in the source file (1-based, after front matter offsets are applied).
    public var line: Int32
    public var column: Int32
    /// The last source line of the node.
    public var endLine: Int32 = 0
    /// Literal text: text, code, HTML, code block content, footnote labels.
    public var literal: String = ""
    /// Link or image destination.
    public var url: String = ""
    /// Link or image title; code block info string.
    public var title: String = ""
    /// Heading level; list start; table column count.
    public var number: Int32 = 0
    /// Ordered list (true) or bullet list; fenced code block; header table row.
    public var flag: Bool = false
    /// Task list item: nil for a plain item, else its checked state.
    public var taskChecked: Bool?
    /// Fence character of a fenced code block, or list delimiter `.`/`)`.
    public var marker: UInt8 = 0
    /// Table column alignments: `l`, `c`, `r` or 0, one per column.
    public var alignments: [UInt8] = []
    public var firstChild: Int32 = SyntaxTree.none
    public var nextSibling: Int32 = SyntaxTree.none

    public var position: (line: Int, column: Int) { (Int(line), Int(column)) }
}
