#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The Markdown syntax tree as Swift values: cmark-gfm's tree copied into a
/// flat array (an arena), children linked by index.
///
/// A flat array keeps the copy linear, and freeing it never recurses, however
/// deep the document nests.
public struct SyntaxTree: Sendable {
    /// Node 0 is the document.
    public internal(set) var nodes: [SyntaxNode] = []
    /// The UTF-8 bytes of every node's literal, URL and title, one after the other.
    var strings: [UInt8] = []

    /// The index used for "no node".
    public static let none: Int32 = -1

    public subscript(index: Int32) -> SyntaxNode {
        nodes[Int(index)]
    }

    /// The literal text of a node: text, code, HTML, code block content.
    public func literal(of index: Int32) -> String { string(self[index].literal) }
    /// The destination of a link or image.
    public func url(of index: Int32) -> String { string(self[index].url) }
    /// The title of a link or image; the info string of a code block.
    public func title(of index: Int32) -> String { string(self[index].title) }

    /// Table column alignments: `l`, `c`, `r` or 0, one per column.
    public func alignments(of index: Int32) -> [UInt8] { Array(bytes(self[index].alignments)) }

    /// The UTF-8 bytes of a node's literal, without making a String.
    func literalBytes(of index: Int32) -> ArraySlice<UInt8> {
        bytes(self[index].literal)
    }

    func bytes(_ range: SyntaxNode.StringRange) -> ArraySlice<UInt8> {
        strings[Int(range.start)..<Int(range.start + range.count)]
    }

    func string(_ range: SyntaxNode.StringRange) -> String {
        guard range.count > 0 else { return "" }
        return String(decoding: strings[Int(range.start)..<Int(range.start + range.count)], as: UTF8.self)
    }

    /// Stores `bytes` and returns where they are.
    mutating func store(_ bytes: UnsafeBufferPointer<UInt8>) -> SyntaxNode.StringRange {
        let start = strings.count
        strings.append(contentsOf: bytes)
        return SyntaxNode.StringRange(start: Int32(start), count: Int32(bytes.count))
    }

    /// Stores the bytes of a C string and returns where they are.
    mutating func store(_ pointer: UnsafePointer<CChar>?) -> SyntaxNode.StringRange {
        guard let pointer else { return SyntaxNode.StringRange() }
        let start = strings.count
        let count = strlen(pointer)
        pointer.withMemoryRebound(to: UInt8.self, capacity: count) { bytes in
            strings.append(contentsOf: UnsafeBufferPointer(start: bytes, count: count))
        }
        return SyntaxNode.StringRange(start: Int32(start), count: Int32(strings.count - start))
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
        case unknown
    }

    public var kind: Kind
    /// Where the node starts in the source file (1-based, after front matter offsets are applied).
    public var line: Int32
    public var column: Int32
    /// The last source line of the node.
    public var endLine: Int32 = 0
    /// Where a string of the node sits in the tree's string storage.
    public struct StringRange: Sendable {
        var start: Int32 = 0
        var count: Int32 = 0
    }

    /// Literal text: text, code, HTML, code block content (read with `SyntaxTree.literal(of:)`).
    public var literal = StringRange()
    /// Link or image destination (`SyntaxTree.url(of:)`).
    public var url = StringRange()
    /// Link or image title; code block info string (`SyntaxTree.title(of:)`).
    public var title = StringRange()
    /// Heading level; list start; table column count.
    public var number: Int32 = 0
    /// Ordered list (true) or bullet list; fenced code block; header table row.
    public var flag: Bool = false
    /// Task list item: nil for a plain item, else its checked state.
    public var taskChecked: Bool?
    /// Fence character of a fenced code block, or list delimiter `.`/`)`.
    public var marker: UInt8 = 0
    /// Table column alignments (`SyntaxTree.alignments(of:)`). Kept in the tree's storage, so a node
    /// holds no reference and copying one costs no reference counting.
    public var alignments = StringRange()
    public var firstChild: Int32 = SyntaxTree.none
    public var nextSibling: Int32 = SyntaxTree.none

    public var position: (line: Int, column: Int) { (Int(line), Int(column)) }
}
