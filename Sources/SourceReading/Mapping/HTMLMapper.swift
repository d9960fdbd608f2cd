import ProductiveFormat

/// Maps a raw HTML block (parsed by libxml2) onto element-set blocks.
struct HTMLMapper {
    let tree: HTMLTree
    /// Where the HTML block starts in the source file.
    let origin: SourcePosition
    let context: MappingContext

    /// Deeper HTML is flattened to its text (PD014).
    private static let depthLimit = 32

    func blocks() -> [Block] {
        flow(tree.siblings(from: tree.firstRoot), alignment: nil, depth: 0)
    }

    private func position(_ index: Int32) -> SourcePosition {
        let line = Int(tree[index].line)
        return SourcePosition(line: origin.line + line - 1, column: line == 1 ? origin.column : 1)
    }

    /// Flow content: block elements become blocks, runs of inline content become paragraphs.
    private func flow(_ nodes: [Int32], alignment: Alignment?, depth: Int) -> [Block] {
        var blocks: [Block] = []
        var pending = InlineBuilder()
        func flush() {
            let inlines = pending.take()
            if InlineBuilder.hasVisibleContent(inlines) {
                blocks.append(.paragraph(Self.trimmedEdges(inlines), alignment: alignment))
            }
        }
        for index in nodes {
            let node = tree[index]
            switch node.kind {
            case .text:
                pending.text(Self.collapsed(node.text), Marks())
            case .comment:
                context.report(RuleCatalog.htmlComment, at: position(index), "HTML comment removed")
            case .element where HTMLVocabulary.blockElements.contains(node.name):
                flush()
                blocks += block(index, alignment: alignment, depth: depth + 1)
            case .element:
                inline(index, marks: Marks(), depth: depth + 1, into: &pending)
            }
        }
        flush()
        return blocks
    }

    private func children(_ index: Int32) -> [Int32] {
        tree.siblings(from: tree[index].firstChild)
    }

    private func block(_ index: Int32, alignment inherited: Alignment?, depth: Int) -> [Block] {
        let node = tree[index]
        let at = position(index)
        if depth > Self.depthLimit {
            context.reportOnce(RuleCatalog.nestingTooDeep, at: at, "HTML nested deeper than \(Self.depthLimit) levels: the rest is sent as plain text")
            return [.paragraph([.text(Self.collapsed(tree.textContent(of: index)))], alignment: inherited)]
        }
        context.reportUnsafeAttributes(of: node, at: at)
        let own = HTMLVocabulary.alignment(of: node)
        if own != nil {
            context.report(RuleCatalog.htmlMapped, at: at, "<\(node.name)> alignment sent as \(own!.rawValue) alignment")
        }
        let alignment = own ?? inherited
        switch node.name {
        case "p":
            return flow(children(index), alignment: alignment, depth: depth)
        case "div" where node.attribute("data-columns") != nil:
            return columns(index, depth: depth)
        case "div", "html", "body":
            if own == nil && node.name == "div" { reportUnsupported(node, at: at) }
            return flow(children(index), alignment: alignment, depth: depth)
        case "h1", "h2", "h3", "h4", "h5", "h6":
            let level = Int(node.name.dropFirst()) ?? 3
            return [context.heading(level: level, inlines(children(index), depth: depth, cell: false), alignment: alignment, at: at)]
        case "blockquote":
            return [.blockquote(flow(children(index), alignment: alignment, depth: depth))]
        case "pre":
            return [codeBlock(index)]
        case "ul", "ol":
            return [list(index, depth: depth)]
        case "table":
            let table = table(index, depth: depth)
            return table.rows.allSatisfy(\.cells.isEmpty) ? [] : [.table(table)]
        case "hr":
            context.report(RuleCatalog.htmlMapped, at: at, "<hr> sent as a divider")
            return [.divider]
        case "banner":
            let type = node.attribute("type").flatMap(BannerType.init(rawValue:)) ?? .info
            context.report(RuleCatalog.htmlMapped, at: at, "<banner> sent as a \(type.rawValue) banner")
            return [.banner(type, flow(children(index), alignment: alignment, depth: depth))]
        case "head":
            return []
        default:
            reportUnsupported(node, at: at)
            return flow(children(index), alignment: alignment, depth: depth)
        }
    }

    /// Once per element name and HTML block: nested `<div>`s make one finding, not one per level.
    private func reportUnsupported(_ node: HTMLNode, at position: SourcePosition) {
        context.reportOnce(
            RuleCatalog.htmlUnsupported, at: position, "<\(node.name)> has no Productive element: its content is kept, the tag removed",
            key: "\(origin.line):\(origin.column):\(node.name)"
        )
    }

    private func columns(_ index: Int32, depth: Int) -> [Block] {
        let columnNodes = children(index).filter { tree[$0].kind == .element }
        let content = columnNodes.map { flow(children($0), alignment: nil, depth: depth + 1) }
        if let columns = Columns(content) {
            context.report(RuleCatalog.htmlMapped, at: position(index), "<div data-columns> sent as \(content.count) columns")
            return [.columns(columns)]
        }
        context.report(
            RuleCatalog.htmlUnsupported, at: position(index),
            "columns need 2 to 5 columns, found \(content.count): the columns are sent one after the other"
        )
        return content.flatMap { $0 }
    }

    private func codeBlock(_ index: Int32) -> Block {
        var language = tree[index].attribute("codeblock-language")
        if language == nil, let code = children(index).first(where: { tree[$0].name == "code" }),
           let className = tree[code].attribute("class") {
            language = className.split(separator: " ").first { $0.hasPrefix("language-") }.map { String($0.dropFirst(9)) }
        }
        var code = tree.textContent(of: index)
        // As HTML: a line end right after `<pre>` is not content; one after `<pre><code>` is.
        if let first = children(index).first, tree[first].kind == .text, tree[first].text.hasPrefix("\n") { code.removeFirst() }
        return .codeBlock(language: language, code: code)
    }

    private func list(_ index: Int32, depth: Int) -> Block {
        let node = tree[index]
        let items = children(index).filter { tree[$0].kind == .element || !tree[$0].text.trimmingWhitespace().isEmpty }
        let isChecklist = node.attribute("type") == "checklist" || items.contains { tree[$0].attribute("type") == "checklist_item" }
        if isChecklist {
            return .checklist(items: items.map { item in
                ChecklistItem(checked: tree[item].attribute("checked") == "true", blocks: itemBlocks(item, depth: depth))
            })
        }
        let contents = items.map { itemBlocks($0, depth: depth) }
        if node.name == "ol" {
            let start = node.attribute("start").flatMap { Int($0.trimmingWhitespace()) } ?? 1
            return .orderedList(start: max(0, min(start, 999_999_999)), items: contents)
        }
        return .bulletList(items: contents)
    }

    private func itemBlocks(_ index: Int32, depth: Int) -> [Block] {
        tree[index].kind == .element && tree[index].name == "li"
            ? flow(children(index), alignment: nil, depth: depth + 1)
            : flow([index], alignment: nil, depth: depth + 1)
    }

    private func table(_ index: Int32, depth: Int) -> Table {
        var rows: [TableRow] = []
        var pending = children(index)
        var cursor = 0
        while cursor < pending.count {
            let child = pending[cursor]
            cursor += 1
            let node = tree[child]
            guard node.kind == .element else { continue }
            switch node.name {
            case "thead", "tbody", "tfoot":
                pending.insert(contentsOf: children(child), at: cursor)
            case "tr":
                let cells = children(child).filter { ["td", "th"].contains(tree[$0].name) }.map { cell in
                    let cellNode = tree[cell]
                    let style = InlineStyle(cellNode.attribute("style"))
                    return TableCell(
                        isHeader: cellNode.name == "th", content: inlines(children(cell), depth: depth, cell: true),
                        colspan: cellNode.attribute("colspan").flatMap { Int($0) } ?? 1,
                        rowspan: cellNode.attribute("rowspan").flatMap { Int($0) } ?? 1,
                        alignment: HTMLVocabulary.alignment(of: cellNode),
                        backgroundColor: style.backgroundColor ?? cellNode.attribute("bgcolor")
                    )
                }
                rows.append(TableRow(cells: cells))
            case "caption":
                context.report(RuleCatalog.htmlUnsupported, at: position(child), "<caption> has no Productive element: sent as a table row")
                rows.append(TableRow(cells: [TableCell(content: inlines(children(child), depth: depth, cell: true))]))
            default:
                break
            }
        }
        context.report(RuleCatalog.htmlMapped, at: position(index), "<table> sent as a table")
        return Table(rows: rows)
    }

    /// Inline content of a heading or cell; block content inside is flattened with line breaks.
    private func inlines(_ nodes: [Int32], depth: Int, cell: Bool) -> [Inline] {
        var builder = InlineBuilder()
        var reportedBlocks = false
        for index in nodes {
            let node = tree[index]
            switch node.kind {
            case .text:
                builder.text(Self.collapsed(node.text), Marks())
            case .comment:
                context.report(RuleCatalog.htmlComment, at: position(index), "HTML comment removed")
            case .element where HTMLVocabulary.blockElements.contains(node.name) && !["td", "th"].contains(node.name):
                if cell && !reportedBlocks {
                    let what = ["ul", "ol"].contains(node.name)
                        ? "list in a table cell sent as lines that start with its bullets (• or 1.), one per item"
                        : "block content in a table cell flattened to text with line breaks"
                    context.report(RuleCatalog.tableCellBlocks, at: position(index), what)
                    reportedBlocks = true
                }
                let blocks = block(index, alignment: nil, depth: depth + 1)
                for block in blocks {
                    if builder.hasVisibleContent { builder.append(.hardBreak) }
                    builder.append(contentsOf: Self.trimmedEdges(block.flattenedInlines))
                }
            case .element:
                inline(index, marks: Marks(), depth: depth + 1, into: &builder)
            }
        }
        return Self.trimmedEdges(builder.take())
    }

    private func inline(_ index: Int32, marks: Marks, depth: Int, into builder: inout InlineBuilder) {
        let node = tree[index]
        if depth > Self.depthLimit {
            context.reportOnce(RuleCatalog.nestingTooDeep, at: position(index), "HTML nested deeper than \(Self.depthLimit) levels: the rest is sent as plain text")
            builder.text(Self.collapsed(tree.textContent(of: index)), marks)
            return
        }
        var inner = marks
        switch context.inlineAction(for: node, marks: marks, at: position(index)) {
        case .drop:
            return
        case .replaced(let inline):
            builder.append(inline)
            return
        case .marks(let added):
            inner = marks.union(added)
        case .unsupported:
            break
        }
        for child in children(index) {
            let childNode = tree[child]
            switch childNode.kind {
            case .text: builder.text(Self.collapsed(childNode.text), inner)
            case .comment: context.report(RuleCatalog.htmlComment, at: position(child), "HTML comment removed")
            case .element: inline(child, marks: inner, depth: depth + 1, into: &builder)
            }
        }
    }

    /// HTML whitespace: every run of spaces, tabs and newlines is one space.
    static func collapsed(_ text: String) -> String {
        guard text.contains(where: { $0 == "\n" || $0 == "\t" || $0 == "\r" || $0 == "\r\n" }) || text.contains("  ") else {
            return text
        }
        var out = ""
        var lastWasSpace = false
        for character in text {
            if character == " " || character == "\n" || character == "\t" || character == "\r" || character == "\r\n" {
                if !lastWasSpace { out.append(" ") }
                lastWasSpace = true
            } else {
                out.append(character)
                lastWasSpace = false
            }
        }
        return out
    }

    /// HTML whitespace: space, tab, line feed, form feed, carriage return (not U+00A0 and friends).
    static func isHTMLWhitespace(_ character: Character) -> Bool {
        character == " " || character == "\n" || character == "\t" || character == "\r" || character == "\r\n" || character == "\u{0C}"
    }

    /// Without leading and trailing HTML whitespace or line breaks.
    static func trimmedEdges(_ inlines: [Inline]) -> [Inline] {
        var inlines = inlines
        while let first = inlines.first {
            if first == .hardBreak { inlines.removeFirst(); continue }
            if case .text(let text, let marks) = first {
                let trimmed = String(text.drop(while: isHTMLWhitespace))
                if trimmed.isEmpty { inlines.removeFirst(); continue }
                inlines[0] = .text(trimmed, marks)
            }
            break
        }
        while let last = inlines.last {
            if last == .hardBreak { inlines.removeLast(); continue }
            if case .text(let text, let marks) = last {
                var trimmed = Substring(text)
                while let last = trimmed.last, isHTMLWhitespace(last) { trimmed = trimmed.dropLast() }
                if trimmed.isEmpty { inlines.removeLast(); continue }
                inlines[inlines.count - 1] = .text(String(trimmed), marks)
            }
            break
        }
        return inlines
    }
}

extension InlineBuilder {
    /// True when `inlines` hold more than whitespace and line breaks.
    static func hasVisibleContent(_ inlines: [Inline]) -> Bool {
        inlines.contains { inline in
            switch inline {
            case .text(let text, _): text.utf8.contains { $0 != 0x20 && $0 != 0x0A && $0 != 0x09 && $0 != 0x0D }
            case .hardBreak: false
            case .image, .mention, .variable: true
            }
        }
    }
}

extension Block {
    /// The block's text as inline content, for places that only take inlines (table cells).
    var flattenedInlines: [Inline] {
        var flattener = InlineFlattener()
        return flattener.visit(self)
    }
}

/// The fold of `Block.flattenedInlines`: each block's text as inline content, its blocks one per
/// line and list items led by their markers.
private struct InlineFlattener: BlockVisitor {
    func visitParagraph(_ inlines: [Inline], alignment: Alignment?) -> [Inline] { inlines }
    func visitHeading(_ level: HeadingLevel, _ inlines: [Inline], alignment: Alignment?) -> [Inline] { inlines }
    func visitCodeBlock(language: String?, code: String) -> [Inline] { [.text(code.replacingNewlines(), Marks(code: true))] }
    func visitDivider() -> [Inline] { [] }

    func visitTable(_ table: Table) -> [Inline] {
        table.rows.flatMap { row in row.cells.flatMap { $0.content + [.text(" ")] } + [.hardBreak] }
    }

    mutating func visitBlockquote(_ children: [Block]) -> [Inline] { joined(children) }
    mutating func visitBanner(_ type: BannerType, _ children: [Block]) -> [Inline] { joined(children) }
    mutating func visitColumns(_ columns: Columns) -> [Inline] { joined(columns.columns.flatMap { $0 }) }

    mutating func visitOrderedList(start: Int, items: [[Block]]) -> [Inline] {
        joinedItems(items.enumerated().map { ("\(start + $0.offset). ", $0.element) })
    }

    mutating func visitBulletList(items: [[Block]]) -> [Inline] {
        joinedItems(items.map { ("• ", $0) })
    }

    mutating func visitChecklist(items: [ChecklistItem]) -> [Inline] {
        joinedItems(items.map { ($0.checked ? "☑ " : "☐ ", $0.blocks) })
    }

    /// List items, one per line, each led by its marker, so items never run together.
    private mutating func joinedItems(_ items: [(marker: String, blocks: [Block])]) -> [Inline] {
        var result: [Inline] = []
        for item in items {
            if !result.isEmpty { result.append(.hardBreak) }
            result.append(.text(item.marker))
            result += joined(item.blocks)
        }
        return result
    }

    private mutating func joined(_ blocks: [Block]) -> [Inline] {
        var result: [Inline] = []
        for block in blocks {
            if !result.isEmpty { result.append(.hardBreak) }
            result += visit(block)
        }
        return result
    }
}

extension String {
    func replacingNewlines() -> String {
        String(map { $0 == "\n" ? " " : $0 })
    }
}
