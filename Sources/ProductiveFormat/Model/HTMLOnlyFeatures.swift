/// Elements and attributes that only the HTML path can express.
public enum HTMLOnlyFeature: String, Equatable, Hashable, Sendable, CaseIterable, Comparable {
    case alignment
    case banner
    case columns
    case underline
    case color
    case mention
    case variable
    case imageWidth = "image width"
    case tableLayout = "table layout"

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

extension Document {
    /// The HTML-only features this document uses; empty when the Markdown path can carry it whole.
    public var htmlOnlyFeatures: Set<HTMLOnlyFeature> {
        markdownPathDegradations.features
    }

    /// What the Markdown path degrades, in one walk: the HTML-only features (`htmlOnlyFeatures`),
    /// and for each table (at any depth) whose first row is not a header row, that row's text
    /// (quoted, cells separated by ` | `), the row a Markdown pipe table turns into its header, in
    /// document order.
    public var markdownPathDegradations: (features: Set<HTMLOnlyFeature>, headerlessTableFirstRows: [String]) {
        var collector = HTMLOnlyFeatureCollector()
        collector.walk(blocks)
        return (collector.found, collector.headerlessRows)
    }
}

/// The walk of `Document.markdownPathDegradations`.
private struct HTMLOnlyFeatureCollector: BlockWalker {
    var found = Set<HTMLOnlyFeature>()
    var headerlessRows: [String] = []

    mutating func visitParagraph(_ inlines: [Inline], alignment: Alignment?) {
        if alignment != nil { found.insert(.alignment) }
        visitInlines(inlines)
    }

    mutating func visitHeading(_ level: HeadingLevel, _ inlines: [Inline], alignment: Alignment?) {
        if alignment != nil { found.insert(.alignment) }
        visitInlines(inlines)
    }

    mutating func visitTable(_ table: Table) {
        if !table.isMarkdownExpressible { found.insert(.tableLayout) }
        if let first = table.rows.first, !first.cells.isEmpty, !first.cells.allSatisfy(\.isHeader) {
            headerlessRows.append("“" + first.cells.map { Inline.plainText($0.content) }.joined(separator: " | ") + "”")
        }
        for cell in table.rows.lazy.flatMap(\.cells) { visitInlines(cell.content) }
    }

    mutating func visitBanner(_ type: BannerType, _ children: [Block]) {
        found.insert(.banner)
        walk(children)
    }

    mutating func visitColumns(_ columns: Columns) {
        found.insert(.columns)
        for column in columns.columns { walk(column) }
    }

    mutating func visitInlines(_ inlines: [Inline]) {
        for inline in inlines {
            switch inline {
            case .text(_, let marks):
                if marks.underline || marks.hasColor { collect(marks) }
            case .image(let image, let marks):
                if image.width != nil { found.insert(.imageWidth) }
                collect(marks)
            case .mention: found.insert(.mention)
            case .variable: found.insert(.variable)
            case .hardBreak: break
            }
        }
    }

    private mutating func collect(_ marks: Marks) {
        if marks.underline { found.insert(.underline) }
        if marks.hasColor { found.insert(.color) }
    }
}

extension Table {
    /// True when a GFM pipe table can carry this table unchanged: one header
    /// row first, no spans, no cell alignment or colour, no line breaks in cells.
    public var isMarkdownExpressible: Bool {
        guard let header = rows.first, !header.cells.isEmpty, header.cells.allSatisfy(\.isHeader) else { return false }
        for (index, row) in rows.enumerated() {
            for cell in row.cells {
                if index > 0 && cell.isHeader { return false }
                if cell.colspan != 1 || cell.rowspan != 1 || cell.alignment != nil || cell.backgroundColor != nil {
                    return false
                }
                if cell.content.contains(.hardBreak) { return false }
            }
        }
        return true
    }
}
