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
struct SyntaxTree: Sendable {
    /// Node 0 is the document.
    var nodes: [SyntaxNode] = []
    /// The UTF-8 bytes of every node's literal, URL and title, one after the other, except the
    /// literals found as written in `source`.
    var strings: [UInt8] = []
    /// The parsed bytes (valid UTF-8). Most literals are ranges of them (`SyntaxNode.StringRange.inSource`).
    let source: ArraySlice<UInt8>

    init(source: ArraySlice<UInt8> = []) {
        self.source = source
    }

    /// The index used for "no node".
    static let none: Int32 = -1

    subscript(index: Int32) -> SyntaxNode {
        nodes[Int(index)]
    }

    /// The literal text of a node: text, code, HTML, code block content.
    func literal(of index: Int32) -> String {
        let node = self[index]
        return node.kind == .link || node.kind == .image || node.kind == .table ? "" : string(node.literal)
    }
    /// The destination of a link or image.
    func url(of index: Int32) -> String {
        let node = self[index]
        return node.kind == .link || node.kind == .image ? string(node.literal) : ""
    }
    /// The title of a link or image; the info string of a code block.
    func title(of index: Int32) -> String {
        let node = self[index]
        return node.kind == .link || node.kind == .image || node.kind == .codeBlock ? string(node.second) : ""
    }

    /// The first word of a code block's info string (its language), or nil when it has none.
    func firstWordOfInfo(of index: Int32) -> String? {
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
    func alignments(of index: Int32) -> [UInt8] {
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
    func children(of index: Int32) -> SyntaxChildren {
        SyntaxChildren(tree: self, cursor: self[index].firstChild)
    }
}

/// A sequence over the children of one node.
struct SyntaxChildren: Sequence, IteratorProtocol {
    let tree: SyntaxTree
    var cursor: Int32

    mutating func next() -> Int32? {
        guard cursor != SyntaxTree.none else { return nil }
        defer { cursor = tree[cursor].nextSibling }
        return cursor
    }
}
