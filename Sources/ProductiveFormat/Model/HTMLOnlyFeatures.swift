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
        var found = Set<HTMLOnlyFeature>()
        var pending: [[Block]] = [blocks]
        while let group = pending.popLast() {
            for block in group {
                Self.collect(block, into: &found, pending: &pending)
            }
        }
        return found
    }

    private static func collect(_ block: Block, into found: inout Set<HTMLOnlyFeature>, pending: inout [[Block]]) {
        switch block {
        case .paragraph(let inlines, let alignment), .heading(_, let inlines, let alignment):
            if alignment != nil { found.insert(.alignment) }
            collect(inlines, into: &found)
        case .blockquote(let children):
            pending.append(children)
        case .codeBlock, .divider:
            break
        case .orderedList(_, let items), .bulletList(let items):
            pending.append(contentsOf: items)
        case .checklist(let items):
            pending.append(contentsOf: items.map(\.blocks))
        case .table(let table):
            if !table.isMarkdownExpressible { found.insert(.tableLayout) }
            for cell in table.rows.lazy.flatMap(\.cells) { collect(cell.content, into: &found) }
        case .banner(_, let children):
            found.insert(.banner)
            pending.append(children)
        case .columns(let columns):
            found.insert(.columns)
            pending.append(contentsOf: columns.columns)
        }
    }

    private static func collect(_ inlines: [Inline], into found: inout Set<HTMLOnlyFeature>) {
        for inline in inlines {
            switch inline {
            case .text(_, let marks):
                if marks.underline || marks.color != nil || marks.backgroundColor != nil { collect(marks, into: &found) }
            case .image(let image, let marks):
                if image.width != nil { found.insert(.imageWidth) }
                collect(marks, into: &found)
            case .mention: found.insert(.mention)
            case .variable: found.insert(.variable)
            case .hardBreak: break
            }
        }
    }

    private static func collect(_ marks: Marks, into found: inout Set<HTMLOnlyFeature>) {
        if marks.underline { found.insert(.underline) }
        if marks.color != nil || marks.backgroundColor != nil { found.insert(.color) }
    }
}

extension Document {
    /// For each table (at any depth) whose first row is not a header row, that row's text
    /// (quoted, cells separated by ` | `): the row a Markdown pipe table turns into its header.
    public var headerlessTableFirstRows: [String] {
        var rows: [String] = []
        var pending: [[Block]] = [blocks]
        while let group = pending.popLast() {
            for block in group.reversed() {
                switch block {
                case .table(let table):
                    if let first = table.rows.first, !first.cells.isEmpty, !first.cells.allSatisfy(\.isHeader) {
                        rows.append("“" + first.cells.map { Inline.plainText($0.content) }.joined(separator: " | ") + "”")
                    }
                case .blockquote(let children), .banner(_, let children):
                    pending.append(children)
                case .orderedList(_, let items), .bulletList(let items):
                    pending.append(contentsOf: items)
                case .checklist(let items):
                    pending.append(contentsOf: items.map(\.blocks))
                case .columns(let columns):
                    pending.append(contentsOf: columns.columns)
                case .paragraph, .heading, .codeBlock, .divider:
                    break
                }
            }
        }
        return rows
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
