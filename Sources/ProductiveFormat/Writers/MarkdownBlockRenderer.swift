/// The block layer of the Markdown writer: lines, container prefixes and blank lines between
/// blocks, appended as bytes to one buffer.
struct MarkdownBlockRenderer {
    let style: MarkdownWriter.Style
    var out: [UInt8] = []
    /// Where this document's Markdown starts in `out`.
    var start = 0
    /// Prefix of every continuation line in the current container.
    private var prefix: [UInt8] = []
    /// Prefix of the next line when a container (list item, quote) just opened.
    private var pendingFirst: [UInt8]?
    /// What the block before the one being written in the same container was: two lists in a
    /// row differ in their markers, or Markdown would read them as one.
    private var previousIsOrderedList = false
    private var previousIsBulletLike = false

    init(style: MarkdownWriter.Style) {
        self.style = style
    }

    mutating func writeBlocks(_ blocks: [Block]) {
        guard !blocks.isEmpty else {
            if let first = pendingFirst {
                out.append(contentsOf: first.trimmingTrailingSpaces)
                out.append(UInt8(ascii: "\n"))
                pendingFirst = nil
            }
            return
        }
        var previous: Block?
        for block in blocks where !block.isEmptyTable {
            if previous != nil { blankLine() }
            write(block, after: previous)
            previous = block
        }
    }

    /// Starts a line: the pending first-line prefix of a container just opened, else the prefix.
    private mutating func beginLine() {
        out.append(contentsOf: pendingFirst ?? prefix)
    }

    /// Ends a line begun with `beginLine`.
    private mutating func endLine() {
        out.append(UInt8(ascii: "\n"))
        pendingFirst = nil
    }

    private mutating func line(_ text: UnsafeBufferPointer<UInt8>) {
        beginLine()
        out.append(contentsOf: text)
        endLine()
    }

    private mutating func line(_ text: String) {
        withBytes(of: text) { line($0) }
    }

    private mutating func blankLine() {
        out.append(contentsOf: prefix.trimmingTrailingSpaces)
        out.append(UInt8(ascii: "\n"))
    }

    /// Runs `body` inside a container whose first line starts with `first` and the others with `rest`.
    private mutating func inContainer(first: String, rest: String, _ body: (inout MarkdownBlockRenderer) -> Void) {
        // The prefix grows and shrinks in place (a stack): one array per item, the first line's.
        let saved = prefix.count
        var opening = pendingFirst ?? prefix
        opening.append(contentsOf: first.utf8)
        pendingFirst = opening
        prefix.append(contentsOf: rest.utf8)
        body(&self)
        prefix.removeSubrange(saved...)
        pendingFirst = nil
    }

    private mutating func write(_ block: Block, after previous: Block?) {
        if style == .source {
            if case .banner(let type, let children) = block {
                inContainer(first: "> ", rest: "> ") {
                    $0.line("[!\(type.alertName)]")
                    $0.writeBlocks(children)
                }
                return
            }
            if block.needsHTMLOfItsOwn {
                // Raw HTML the converter reads back as the same block.
                var html = HTMLWriter().writeBytes(Document(blocks: [block]))
                if html.endsWithLoneLineFeed { html.removeLast() }
                html.withUnsafeBufferPointer { forEachLine(of: $0) { line($0) } }
                return
            }
        }
        previousIsOrderedList = previous?.isOrderedList == true
        previousIsBulletLike = previous?.isBulletLike == true
        visit(block)
    }
}

/// The blocks as Markdown, one method per kind of block.
extension MarkdownBlockRenderer: BlockVisitor {
    mutating func visitParagraph(_ inlines: [Inline], alignment: Alignment?) {
        MarkdownInlineRenderer.write(inlines, context: .paragraph, firstPrefix: pendingFirst ?? prefix, linePrefix: prefix, to: &out)
        pendingFirst = nil
    }

    mutating func visitHeading(_ level: HeadingLevel, _ inlines: [Inline], alignment: Alignment?) {
        writeHeading(level: level, inlines)
    }

    mutating func visitBlockquote(_ children: [Block]) {
        inContainer(first: "> ", rest: "> ") { $0.writeBlocks(children) }
    }

    mutating func visitBanner(_ type: BannerType, _ children: [Block]) {
        inContainer(first: "> ", rest: "> ") { $0.writeBlocks(children) }
    }

    mutating func visitCodeBlock(language: String?, code: String) {
        writeCode(language: language, code: code)
    }

    mutating func visitOrderedList(start: Int, items: [[Block]]) {
        let delimiter = previousIsOrderedList ? ")" : "."
        for (index, item) in items.enumerated() {
            let marker = "\(start + index)\(delimiter) "
            inContainer(first: marker, rest: String(repeating: " ", count: marker.utf8.count)) { $0.writeBlocks(item) }
        }
    }

    mutating func visitBulletList(items: [[Block]]) {
        let bullet = previousIsBulletLike ? "* " : "- "
        for item in items {
            inContainer(first: bullet, rest: "  ") { $0.writeBlocks(item) }
        }
    }

    mutating func visitChecklist(items: [ChecklistItem]) {
        let bullet = previousIsBulletLike ? "*" : "-"
        for item in items {
            inContainer(first: "\(bullet) [\(item.checked ? "x" : " ")] ", rest: "  ") { $0.writeBlocks(item.blocks) }
        }
    }

    mutating func visitTable(_ table: Table) {
        writeTable(table)
    }

    mutating func visitDivider() {
        // `---` first in a document would read as front matter, and after a list marker as a rule of dashes.
        line(pendingFirst == nil && out.count > start ? "---" : "***")
    }

    mutating func visitColumns(_ columns: Columns) {
        writeBlocks(columns.columns.flatMap { $0 })
    }
}

extension MarkdownBlockRenderer {
    private mutating func writeHeading(level: HeadingLevel, _ inlines: [Inline]) {
        beginLine()
        out.append(UInt8(ascii: "#"), count: level.rawValue)
        out.append(UInt8(ascii: " "))
        let textStart = out.count
        MarkdownInlineRenderer.write(inlines, context: .heading, to: &out)
        if out.count == textStart {
            out.removeLast()
        } else if endsWithHashCharacter(from: textStart) {
            // A closing `#` would be read as the end of the heading.
            out.insert(UInt8(ascii: "\\"), at: out.count - 1)
        }
        endLine()
    }

    /// True when the text from `textStart` ends with the character `#`.
    private func endsWithHashCharacter(from textStart: Int) -> Bool {
        guard out.last == UInt8(ascii: "#") else { return false }
        guard out.count - 1 > textStart, !isASCII(out[out.count - 2]) else { return true }
        return String(decoding: out[textStart...], as: UTF8.self).last == "#"
    }

    /// A fenced code block; control characters, which a fence cannot escape, as their pictures
    /// (`ControlPictures`).
    private mutating func writeCode(language: String?, code: String) {
        withBytes(of: ControlPictures.replacing(code)) { code in
            var longest = 0
            var index = code.index(of: UInt8(ascii: "`"), from: 0)
            while index < code.count {
                var end = index + 1
                while end < code.count, code[end] == UInt8(ascii: "`") { end += 1 }
                longest = max(longest, end - index)
                index = code.index(of: UInt8(ascii: "`"), from: end)
            }
            let fenceLength = max(3, longest + 1)
            beginLine()
            out.append(UInt8(ascii: "`"), count: fenceLength)
            appendInfo(ControlPictures.replacing(language ?? ""))
            endLine()
            if !code.isEmpty {
                let endsWithLineFeed = code[code.count - 1] == UInt8(ascii: "\n") && (code.count < 2 || code[code.count - 2] != UInt8(ascii: "\r"))
                forEachLine(of: code.slice(0..<(endsWithLineFeed ? code.count - 1 : code.count))) { codeLine in
                    if codeLine.isEmpty {
                        blankLine()
                    } else {
                        line(codeLine)
                    }
                }
            }
            beginLine()
            out.append(UInt8(ascii: "`"), count: fenceLength)
            endLine()
        }
    }

    /// Appends the info string of a fence: the language without backticks and whitespace.
    private mutating func appendInfo(_ language: String) {
        let ascii = withBytes(of: language) { bytes in
            guard !bytes.contains(where: { !isASCII($0) }) else { return false }
            // ASCII: every byte is a character (a `\r\n` is whitespace either way).
            for byte in bytes where byte != UInt8(ascii: "`") && !isASCIIWhitespace(byte) { out.append(byte) }
            return true
        }
        if !ascii { out.append(utf8: language.filter { $0 != "`" && !$0.isWhitespace }) }
    }

    private mutating func writeTable(_ table: Table) {
        guard !table.rows.isEmpty else { return }
        let width = table.rows.map { $0.cells.reduce(0) { $0 + $1.colspan } }.max() ?? 0
        guard width > 0 else { return }
        for (index, row) in table.rows.enumerated() {
            beginLine()
            out.append("| ")
            var column = 0
            for cell in row.cells {
                if column > 0 { out.append(" | ") }
                MarkdownInlineRenderer.write(cell.content, context: .tableCell, to: &out)
                column += 1
                for _ in 0..<max(0, cell.colspan - 1) {
                    out.append(" | ")
                    column += 1
                }
            }
            while column < width {
                if column > 0 { out.append(" | ") }
                column += 1
            }
            out.append(" |")
            endLine()
            if index == 0 {
                beginLine()
                out.append(UInt8(ascii: "|"))
                for _ in 0..<width { out.append(" --- |") }
                endLine()
            }
        }
    }
}

/// Calls `body` with each line of `bytes` (without its `\n`), the last one too even when empty.
func forEachLine(of bytes: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
    var start = 0
    while true {
        let end = bytes.indexOfNewline(from: start)
        body(bytes.slice(start..<end))
        guard end < bytes.count else { return }
        start = end + 1
    }
}

extension Array where Element == UInt8 {
    /// The bytes without their trailing spaces.
    fileprivate var trimmingTrailingSpaces: ArraySlice<UInt8> {
        var end = count
        while end > 0, self[end - 1] == UInt8(ascii: " ") { end -= 1 }
        return self[..<end]
    }
}

extension BannerType {
    /// The GitHub alert the converter reads as this banner type.
    var alertName: String {
        switch self {
        case .info: "NOTE"
        case .success: "TIP"
        case .warning: "WARNING"
        case .critical: "CAUTION"
        }
    }
}

extension Block {
    /// True when this block itself (not a block inside it) uses an HTML-only element, so source
    /// Markdown must carry it as raw HTML.
    fileprivate var needsHTMLOfItsOwn: Bool {
        switch self {
        case .paragraph(let inlines, let alignment), .heading(_, let inlines, let alignment):
            return alignment != nil || !Document(blocks: [.paragraph(inlines)]).htmlOnlyFeatures.isEmpty
        case .table(let table):
            return !Document(blocks: [.table(table)]).htmlOnlyFeatures.isEmpty
        case .columns:
            return true
        case .blockquote, .codeBlock, .orderedList, .bulletList, .checklist, .divider, .banner:
            return false
        }
    }

    /// A table without cells: nothing to write.
    fileprivate var isEmptyTable: Bool {
        if case .table(let table) = self { return table.rows.allSatisfy(\.cells.isEmpty) }
        return false
    }

    fileprivate var isOrderedList: Bool {
        if case .orderedList = self { return true }
        return false
    }

    /// Bullet lists and checklists share a marker, so two in a row would merge.
    fileprivate var isBulletLike: Bool {
        switch self {
        case .bulletList, .checklist: true
        default: false
        }
    }
}
