/// A table: rows of cells with inline content.
public struct Table: Equatable, Sendable {
    public var rows: [TableRow]

    public init(rows: [TableRow]) {
        self.rows = rows
    }
}

/// One table row.
public struct TableRow: Equatable, Sendable {
    public var cells: [TableCell]

    public init(cells: [TableCell]) {
        self.cells = cells
    }
}

/// One table cell. Cell content is inline; block content is flattened
/// with hard breaks before it reaches the model.
public struct TableCell: Equatable, Sendable {
    public var isHeader: Bool
    public var content: [Inline]
    public var colspan: Int
    public var rowspan: Int
    public var alignment: Alignment?
    public var backgroundColor: String?

    public init(
        isHeader: Bool = false, content: [Inline], colspan: Int = 1, rowspan: Int = 1,
        alignment: Alignment? = nil, backgroundColor: String? = nil
    ) {
        self.isHeader = isHeader
        self.content = content
        self.colspan = max(1, colspan)
        self.rowspan = max(1, rowspan)
        self.alignment = alignment
        self.backgroundColor = backgroundColor
    }
}
