/// Writes a document as normalized Productive Markdown: ATX headings, `-`
/// bullets, `1.` lists with the list's start, backtick fences with the
/// language, `---` dividers, two-space hard breaks, and escaping that
/// round-trips through cmark-gfm.
///
/// The writer is total: HTML-only elements are degraded (banners become
/// quotes, columns are written one after the other, alignment, underline,
/// colours and widths are dropped, mentions become their label), never refused.
public struct MarkdownWriter: Sendable {
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

    /// The Markdown for `document`; empty or ending with one newline.
    public func write(_ document: Document) -> String {
        var renderer = MarkdownBlockRenderer(style: style)
        renderer.writeBlocks(document.blocks)
        return renderer.out
    }
}

/// The block layer: lines, container prefixes and blank lines between blocks.
struct MarkdownBlockRenderer {
    let style: MarkdownWriter.Style
    private(set) var out = ""
    /// Prefix of every continuation line in the current container.
    private var prefix = ""
    /// Prefix of the next line when a container (list item, quote) just opened.
    private var pendingFirst: String?

    init(style: MarkdownWriter.Style) {
        self.style = style
        out.reserveCapacity(4096)
    }

    mutating func writeBlocks(_ blocks: [Block]) {
        guard !blocks.isEmpty else {
            if let first = pendingFirst {
                out += trimmedTrailingSpaces(first) + "\n"
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

    private mutating func line(_ text: String) {
        if let first = pendingFirst {
            out += first
            pendingFirst = nil
        } else {
            out += prefix
        }
        out += text
        out += "\n"
    }

    private mutating func blankLine() {
        out += trimmedTrailingSpaces(prefix)
        out += "\n"
    }

    /// Runs `body` inside a container whose first line starts with `first` and the others with `rest`.
    private mutating func inContainer(first: String, rest: String, _ body: (inout MarkdownBlockRenderer) -> Void) {
        let saved = prefix
        pendingFirst = (pendingFirst ?? prefix) + first
        prefix = saved + rest
        body(&self)
        prefix = saved
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
                var html = Substring(HTMLWriter().write(Document(blocks: [block])))
                if html.hasSuffix("\n") { html = html.dropLast() }
                html.forEachLine { line(String($0)) }
                return
            }
        }
        switch block {
        case .paragraph(let inlines, _):
            let lines = MarkdownInlineRenderer.lines(inlines, context: .paragraph)
            for text in lines { line(text) }
        case .heading(let level, let inlines, _):
            var text = MarkdownInlineRenderer.lines(inlines, context: .heading).joined(separator: " ")
            if text.hasSuffix("#") { text.insert("\\", at: text.index(before: text.endIndex)) }
            line(String(repeating: "#", count: level.rawValue) + (text.isEmpty ? "" : " " + text))
        case .blockquote(let children), .banner(_, let children):
            inContainer(first: "> ", rest: "> ") { $0.writeBlocks(children) }
        case .codeBlock(let language, let code):
            writeCode(language: language, code: code)
        case .orderedList(let start, let items):
            let delimiter = previous.map(\.isOrderedList) == true ? ")" : "."
            for (index, item) in items.enumerated() {
                let marker = "\(start + index)\(delimiter) "
                inContainer(first: marker, rest: String(repeating: " ", count: marker.count)) { $0.writeBlocks(item) }
            }
        case .bulletList(let items):
            let bullet = previous.map(\.isBulletLike) == true ? "* " : "- "
            for item in items {
                inContainer(first: bullet, rest: "  ") { $0.writeBlocks(item) }
            }
        case .checklist(let items):
            let bullet = previous.map(\.isBulletLike) == true ? "*" : "-"
            for item in items {
                inContainer(first: "\(bullet) [\(item.checked ? "x" : " ")] ", rest: "  ") { $0.writeBlocks(item.blocks) }
            }
        case .table(let table):
            writeTable(table)
        case .divider:
            // `---` first in a document would read as front matter, and after a list marker as a rule of dashes.
            line(pendingFirst == nil && !out.isEmpty ? "---" : "***")
        case .columns(let columns):
            writeBlocks(columns.columns.flatMap { $0 })
        }
    }

    private mutating func writeCode(language: String?, code: String) {
        var longest = 0
        var run = 0
        for byte in code.utf8 {
            if byte == UInt8(ascii: "`") {
                run += 1
                longest = max(longest, run)
            } else {
                run = 0
            }
        }
        let fence = String(repeating: "`", count: max(3, longest + 1))
        let info = (language ?? "").filter { $0 != "`" && !$0.isWhitespace }
        line(fence + info)
        var body = Substring(code)
        if body.hasSuffix("\n") { body = body.dropLast() }
        if !code.isEmpty {
            body.forEachLine { codeLine in
                if codeLine.isEmpty {
                    blankLine()
                } else {
                    line(String(codeLine))
                }
            }
        }
        line(fence)
    }

    private mutating func writeTable(_ table: Table) {
        guard !table.rows.isEmpty else { return }
        let width = table.rows.map { $0.cells.reduce(0) { $0 + $1.colspan } }.max() ?? 0
        guard width > 0 else { return }
        for (index, row) in table.rows.enumerated() {
            var cells: [String] = []
            for cell in row.cells {
                cells.append(MarkdownInlineRenderer.lines(cell.content, context: .tableCell).joined(separator: " "))
                cells.append(contentsOf: repeatElement("", count: cell.colspan - 1))
            }
            cells.append(contentsOf: repeatElement("", count: width - cells.count))
            line("| " + cells.joined(separator: " | ") + " |")
            if index == 0 {
                line("|" + Array(repeating: " --- ", count: width).joined(separator: "|") + "|")
            }
        }
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

func trimmedTrailingSpaces(_ text: String) -> String {
    var text = Substring(text)
    while text.last == " " { text = text.dropLast() }
    return String(text)
}
