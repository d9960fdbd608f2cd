/// Where a block of the model was read from, as a tree beside the blocks: what
/// `Document.treeDump(origins:)` prints as `@line:column`. SourceReading's `BlockSource` (the
/// `sources` of a mapped document) is one.
public protocol BlockOrigin {
    /// The first and last source line; nil for a block with no source of its own.
    var lines: ClosedRange<Int>? { get }
    /// The column where the block starts on its first line.
    var column: Int { get }
    /// The origins of the block's parts, in the model's order: a list's items (each with its
    /// blocks as parts), a table's rows, the blocks of a quote or banner. Empty when not known.
    var parts: [Self] { get }
}

extension Document {
    /// The model as an indented tree, one node a line (swift-markdown's `MarkupTreeDumper`):
    /// blocks, list items, table rows and cells, and the inline runs with their marks, strings
    /// quoted as Swift writes them. Meant for test snapshots and failure messages: two documents
    /// differ exactly where their dumps do.
    public func treeDump() -> String {
        treeDump(origins: [NoOrigin]())
    }

    /// `treeDump()` with each block followed by where it was read from (`origins`, parallel to
    /// `blocks`): `@line:column`, and `-line` for the last line of a block of several lines.
    public func treeDump<Origin: BlockOrigin>(origins: [Origin]) -> String {
        var dumper = TreeDumper<Origin>()
        dumper.blocks(blocks, origins: origins)
        return dumper.out
    }
}

/// The origin of a document dumped without one.
private struct NoOrigin: BlockOrigin {
    var lines: ClosedRange<Int>? { nil }
    var column: Int { 1 }
    var parts: [NoOrigin] { [] }
}

/// The visitor of `Document.treeDump(origins:)`.
private struct TreeDumper<Origin: BlockOrigin>: BlockVisitor {
    var out = "Document\n"
    /// The drawing before the branch of the next line: `│  ` or three spaces per open ancestor.
    private var indent = ""
    /// True when the node about to be written is the last child of its parent.
    private var isLast = true
    /// Where the block being visited came from.
    private var origin: Origin?

    /// Writes one node's line, then (in `children`) its children one level deeper.
    private mutating func node(_ label: String, origin: Origin? = nil, children: (inout Self) -> Void = { _ in }) {
        out += indent + (isLast ? "└─ " : "├─ ") + label + Self.place(origin) + "\n"
        let saved = (indent, isLast)
        indent += isLast ? "   " : "│  "
        children(&self)
        (indent, isLast) = saved
    }

    /// Calls `write` for each element, `isLast` set for the last one.
    private mutating func each<Element>(_ elements: [Element], _ write: (inout Self, Element, Int) -> Void) {
        for (index, element) in elements.enumerated() {
            isLast = index == elements.count - 1
            write(&self, element, index)
        }
    }

    mutating func blocks(_ blocks: [Block], origins: [Origin]) {
        each(blocks) { dumper, block, index in
            dumper.origin = Self.part(index, of: origins)
            dumper.visit(block)
        }
    }

    private mutating func items(_ items: [(label: String, blocks: [Block])], origins: [Origin]) {
        each(items) { dumper, item, index in
            let origin = Self.part(index, of: origins)
            dumper.node(item.label, origin: origin) { $0.blocks(item.blocks, origins: origin?.parts ?? []) }
        }
    }

    private mutating func inlines(_ inlines: [Inline]) {
        each(inlines) { dumper, inline, _ in dumper.node(Self.label(inline)) }
    }

    private static func part(_ index: Int, of origins: [Origin]) -> Origin? {
        index < origins.count ? origins[index] : nil
    }

    /// ` @line:column`, with `-line` for a block of several lines; empty without a place.
    private static func place(_ origin: Origin?) -> String {
        guard let origin, let lines = origin.lines else { return "" }
        let end = lines.upperBound > lines.lowerBound ? "-\(lines.upperBound)" : ""
        return " @\(lines.lowerBound):\(origin.column)\(end)"
    }

    // MARK: Blocks

    mutating func visitParagraph(_ inlines: [Inline], alignment: Alignment?) {
        node("Paragraph" + Self.attribute("alignment", alignment?.rawValue), origin: origin) { $0.inlines(inlines) }
    }

    mutating func visitHeading(_ level: HeadingLevel, _ inlines: [Inline], alignment: Alignment?) {
        node("Heading level: \(level.rawValue)" + Self.attribute("alignment", alignment?.rawValue), origin: origin) { $0.inlines(inlines) }
    }

    mutating func visitBlockquote(_ children: [Block]) {
        let parts = origin?.parts ?? []
        node("Blockquote", origin: origin) { $0.blocks(children, origins: parts) }
    }

    mutating func visitCodeBlock(language: String?, code: String) {
        node("CodeBlock" + Self.attribute("language", language?.debugDescription) + " code: " + code.debugDescription, origin: origin)
    }

    mutating func visitOrderedList(start: Int, items: [[Block]]) {
        let parts = origin?.parts ?? []
        node("OrderedList start: \(start)", origin: origin) { $0.items(items.map { ("Item", $0) }, origins: parts) }
    }

    mutating func visitBulletList(items: [[Block]]) {
        let parts = origin?.parts ?? []
        node("BulletList", origin: origin) { $0.items(items.map { ("Item", $0) }, origins: parts) }
    }

    mutating func visitChecklist(items: [ChecklistItem]) {
        let parts = origin?.parts ?? []
        node("Checklist", origin: origin) { $0.items(items.map { ($0.checked ? "Item checked" : "Item unchecked", $0.blocks) }, origins: parts) }
    }

    mutating func visitTable(_ table: Table) {
        let parts = origin?.parts ?? []
        node("Table", origin: origin) {
            $0.each(table.rows) { dumper, row, index in
                dumper.node("Row", origin: Self.part(index, of: parts)) {
                    $0.each(row.cells) { dumper, cell, _ in dumper.node(Self.label(cell)) { $0.inlines(cell.content) } }
                }
            }
        }
    }

    mutating func visitDivider() {
        node("Divider", origin: origin)
    }

    mutating func visitBanner(_ type: BannerType, _ children: [Block]) {
        let parts = origin?.parts ?? []
        node("Banner type: \(type.rawValue)", origin: origin) { $0.blocks(children, origins: parts) }
    }

    mutating func visitColumns(_ columns: Columns) {
        node("Columns", origin: origin) { $0.items(columns.columns.map { ("Column", $0) }, origins: []) }
    }

    // MARK: Labels

    /// ` name: value`, or nothing without a value.
    private static func attribute(_ name: String, _ value: String?) -> String {
        value.map { " \(name): \($0)" } ?? ""
    }

    private static func label(_ cell: TableCell) -> String {
        var label = cell.isHeader ? "HeaderCell" : "Cell"
        if cell.colspan > 1 { label += " colspan: \(cell.colspan)" }
        if cell.rowspan > 1 { label += " rowspan: \(cell.rowspan)" }
        label += attribute("alignment", cell.alignment?.rawValue)
        return label + attribute("background", cell.backgroundColor?.debugDescription)
    }

    private static func label(_ inline: Inline) -> String {
        switch inline {
        case .text(let text, let marks):
            return "Text " + text.debugDescription + label(marks)
        case .hardBreak:
            return "HardBreak"
        case .image(let image, let marks):
            var label = "Image source: " + image.source.debugDescription + " alt: " + image.alt.debugDescription
            label += attribute("title", image.title?.debugDescription) + attribute("width", image.width.map(String.init))
            return label + self.label(marks)
        case .mention(let mention):
            return "Mention \(mention.kind.rawValue) id: \(mention.id.debugDescription) label: \(mention.label.debugDescription)"
        case .variable(let name):
            return "Variable " + name.debugDescription
        }
    }

    /// The marks of a run, in brackets: `[strong, link: "…"]`; nothing for a run without marks.
    private static func label(_ marks: Marks) -> String {
        var names: [String] = []
        if marks.strong { names.append("strong") }
        if marks.emphasis { names.append("emphasis") }
        if marks.strike { names.append("strike") }
        if marks.code { names.append("code") }
        if marks.underline { names.append("underline") }
        if let link = marks.link { names.append("link: " + link.debugDescription) }
        if let color = marks.color { names.append("color: " + color.debugDescription) }
        if let background = marks.backgroundColor { names.append("background: " + background.debugDescription) }
        return names.isEmpty ? "" : " [" + names.joined(separator: ", ") + "]"
    }
}
