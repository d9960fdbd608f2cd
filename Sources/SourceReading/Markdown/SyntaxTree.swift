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
    /// The UTF-8 bytes of every node's literal, URL and title, one after the other, except the
    /// literals found as written in `source`.
    var strings: [UInt8] = []
    /// The parsed bytes (valid UTF-8). Most literals are ranges of them (`SyntaxNode.StringRange.inSource`).
    let source: ArraySlice<UInt8>

    init(source: ArraySlice<UInt8> = []) {
        self.source = source
    }

    /// The index used for "no node".
    public static let none: Int32 = -1

    public subscript(index: Int32) -> SyntaxNode {
        nodes[Int(index)]
    }

    /// The literal text of a node: text, code, HTML, code block content.
    public func literal(of index: Int32) -> String {
        let node = self[index]
        return node.kind == .link || node.kind == .image || node.kind == .table ? "" : string(node.literal)
    }
    /// The destination of a link or image.
    public func url(of index: Int32) -> String {
        let node = self[index]
        return node.kind == .link || node.kind == .image ? string(node.literal) : ""
    }
    /// The title of a link or image; the info string of a code block.
    public func title(of index: Int32) -> String {
        let node = self[index]
        return node.kind == .link || node.kind == .image || node.kind == .codeBlock ? string(node.second) : ""
    }

    /// The first word of a code block's info string (its language), or nil when it has none.
    public func firstWordOfInfo(of index: Int32) -> String? {
        let node = self[index]
        guard node.kind == .codeBlock else { return nil }
        let ascii: String?? = withBytes(node.second) { info in
            // ASCII, the usual case: the word ends at the first blank, read on bytes.
            guard !info.contains(where: { $0 >= 0x80 }) else { return nil }
            let start = info.firstIndex { !Self.isASCIIWhitespace($0) } ?? info.endIndex
            guard start < info.endIndex else { return .some(nil) }
            let end = info[start...].firstIndex(where: Self.isASCIIWhitespace) ?? info.endIndex
            return .some(String(decoding: UnsafeBufferPointer(rebasing: info[start..<end]), as: UTF8.self))
        }
        return ascii ?? title(of: index).split(whereSeparator: \.isWhitespace).first.map(String.init)
    }

    /// Tab, line feed, vertical tab, form feed, carriage return and space: `Character.isWhitespace` in ASCII.
    private static func isASCIIWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
    }

    /// Table column alignments: `l`, `c`, `r` or 0, one per column.
    public func alignments(of index: Int32) -> [UInt8] {
        let node = self[index]
        return node.kind == .table ? bytes(node.literal) : []
    }

    /// Calls `body` with the UTF-8 bytes of a node's literal, without making a String.
    func withLiteralBytes<Result>(of index: Int32, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        withBytes(self[index].literal, body)
    }

    func withBytes<Result>(_ range: SyntaxNode.StringRange, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        let count = Int(range.count)
        guard range.start < 0 else {
            return strings.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[Int(range.start)..<Int(range.start) + count])) }
        }
        let start = Int(~range.start)
        return source.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[start..<start + count])) }
    }

    func bytes(_ range: SyntaxNode.StringRange) -> [UInt8] {
        withBytes(range) { Array($0) }
    }

    func string(_ range: SyntaxNode.StringRange) -> String {
        guard range.count > 0 else { return "" }
        return withBytes(range) { String(decoding: $0, as: UTF8.self) }
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
    /// Ordered list (true) or bullet list; fenced code block; header table row.
    public var flag: Bool = false
    /// Task list item: nil for a plain item, else its checked state.
    public var taskChecked: Bool?
    /// Fence character of a fenced code block, or list delimiter `.`/`)`.
    public var marker: UInt8 = 0
    /// Where the node starts in the source file (1-based, after front matter offsets are applied).
    public var line: Int32
    public var column: Int32
    /// The last source line of the node.
    public var endLine: Int32 = 0
    /// Heading level; list start; table column count; for a link, image or code block, the byte
    /// count of its second string (title or info string), stored right after `literal`.
    public var number: Int32 = 0
    public var firstChild: Int32 = SyntaxTree.none
    public var nextSibling: Int32 = SyntaxTree.none

    /// Where a string of the node sits: in the tree's string storage from `start`, or, when
    /// `start` is negative, in the parsed text from `~start`.
    public struct StringRange: Sendable {
        var start: Int32 = 0
        var count: Int32 = 0

        init(start: Int32 = 0, count: Int32 = 0) {
            self.start = start
            self.count = count
        }

        /// `count` bytes of the parsed text from its byte `offset`.
        init(inSource offset: Int, count: Int) {
            self.start = ~Int32(offset)
            self.count = Int32(count)
        }
    }

    /// The node's first string, read through the tree: the literal text of text, code, HTML and
    /// code blocks (`SyntaxTree.literal(of:)`), a link's or image's destination (`url(of:)`), a
    /// table's column alignments (`alignments(of:)`). One range per node keeps nodes small: the
    /// second string of a link, image or code block follows it in the storage (`second`).
    public var literal = StringRange()

    /// A link's or image's title, a code block's info string: `number` bytes right after `literal`.
    var second: StringRange { StringRange(start: literal.start + literal.count, count: number) }

    public var position: (line: Int, column: Int) { (Int(line), Int(column)) }
}
