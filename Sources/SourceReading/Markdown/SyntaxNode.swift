/// One node of the syntax tree: its kind, what that kind carries (`payload`), where it was
/// written, and its links to its first child and next sibling.
///
/// The stored fields are ordered so that the node stays 36 bytes: the tree holds one per
/// Markdown element, and the mapper reads them all.
struct SyntaxNode: Sendable {
    /// The kinds of node cmark-gfm produces with our extensions.
    enum Kind: Sendable, Equatable {
        case document, blockQuote, list, item, codeBlock, htmlBlock, paragraph, heading, thematicBreak
        case footnoteDefinition, table, tableRow, tableCell
        case text, softBreak, lineBreak, code, htmlInline, emphasis, strong, strikethrough, link, image
        case footnoteReference
        /// A node type this reader does not know (a future extension).
        case unknown
    }

    /// What a node of one kind carries beyond its kind and position, one case per kind that
    /// carries anything (cmark-gfm's `get_heading_level`, `get_list_start`...).
    enum Payload: Sendable, Equatable {
        case none
        /// A heading's level as written (1 to 6).
        case heading(level: Int32)
        case list(ListAttributes)
        /// A list item: nil for a plain item, else a task item's checked state.
        case item(taskChecked: Bool?)
        case codeBlock(CodeBlockAttributes)
        /// A link or image: the byte count of its title, stored right after its destination (`literal`).
        case linkOrImage(titleByteCount: Int32)
        /// A table: its column count (its alignments are its `literal`, one byte per column).
        case table(columnCount: Int32)
        case tableRow(isHeader: Bool)
    }

    /// What a list says about itself.
    struct ListAttributes: Sendable, Equatable {
        /// The number of the first item (1 for a bullet list).
        var start: Int32
        /// True for a numbered list, false for a bullet list.
        var isOrdered: Bool
        /// The delimiter after an ordered list's numbers: `.` or `)`.
        var delimiter: UInt8
    }

    /// What a code block says about itself.
    struct CodeBlockAttributes: Sendable, Equatable {
        /// The byte count of its info string, stored right after its content (`literal`).
        var infoByteCount: Int32
        /// True for a fenced block, false for an indented one.
        var isFenced: Bool
        /// The fence character (`` ` `` or `~`), 0 for an indented block.
        var fence: UInt8
    }

    /// Where the node starts in the source file (1-based, after front matter offsets are applied).
    var line: Int32
    var column: Int32
    /// The last source line of the node.
    var endLine: Int32 = 0
    var firstChild: Int32 = SyntaxTree.none
    var nextSibling: Int32 = SyntaxTree.none

    /// Where a string of the node sits: in the tree's string storage from `start`, or, when
    /// `start` is negative, in the parsed text from `~start`.
    struct StringRange: Sendable {
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
    var literal = StringRange()
    var payload = Payload.none
    var kind: Kind

    init(kind: Kind, line: Int32, column: Int32) {
        self.kind = kind
        self.line = line
        self.column = column
    }

    /// A heading's level as written, 0 for any other node.
    var headingLevel: Int {
        if case .heading(let level) = payload { Int(level) } else { 0 }
    }

    /// A list's start, kind and delimiter; nil for any other node.
    var list: ListAttributes? {
        if case .list(let attributes) = payload { attributes } else { nil }
    }

    /// A task list item's checked state; nil for a plain item or any other node.
    var taskChecked: Bool? {
        if case .item(let checked) = payload { checked } else { nil }
    }

    /// A code block's fence and info string length; nil for any other node.
    var codeBlock: CodeBlockAttributes? {
        if case .codeBlock(let attributes) = payload { attributes } else { nil }
    }

    /// True for a table's header row.
    var isHeaderRow: Bool {
        if case .tableRow(let isHeader) = payload { isHeader } else { false }
    }

    /// A table's column count, 0 for any other node.
    var columnCount: Int {
        if case .table(let count) = payload { Int(count) } else { 0 }
    }

    /// A link's or image's title, a code block's info string: the bytes right after `literal`.
    var second: StringRange {
        let count: Int32
        switch payload {
        case .linkOrImage(let titleByteCount): count = titleByteCount
        case .codeBlock(let attributes): count = attributes.infoByteCount
        default: count = 0
        }
        return StringRange(start: literal.start + literal.count, count: count)
    }

    var position: (line: Int, column: Int) { (Int(line), Int(column)) }
}
