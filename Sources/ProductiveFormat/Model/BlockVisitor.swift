/// Visits blocks one kind at a time, one method per case of `Block` (swift-markdown's
/// `MarkupVisitor`). `visit(_:)` holds the switch over `Block`, so a type that walks, checks,
/// rewrites or writes the model implements the methods it cares about, and a new kind of block
/// is added in one place.
///
/// The methods are called through the conforming type (generic dispatch, specialized where the
/// type is known): no closure and no existential per block. `BlockWalker` and `BlockRewriter`
/// give every method a default that goes on into the children.
public protocol BlockVisitor {
    /// What visiting one block gives: nothing for a walker or a writer, a block for a rewriter.
    associatedtype Result

    mutating func visitParagraph(_ inlines: [Inline], alignment: Alignment?) -> Result
    mutating func visitHeading(_ level: HeadingLevel, _ inlines: [Inline], alignment: Alignment?) -> Result
    mutating func visitBlockquote(_ children: [Block]) -> Result
    mutating func visitCodeBlock(language: String?, code: String) -> Result
    mutating func visitOrderedList(start: Int, items: [[Block]]) -> Result
    mutating func visitBulletList(items: [[Block]]) -> Result
    mutating func visitChecklist(items: [ChecklistItem]) -> Result
    mutating func visitTable(_ table: Table) -> Result
    mutating func visitDivider() -> Result
    mutating func visitBanner(_ type: BannerType, _ children: [Block]) -> Result
    mutating func visitColumns(_ columns: Columns) -> Result
}

extension BlockVisitor {
    /// Calls the method for `block`'s kind.
    @inlinable
    public mutating func visit(_ block: Block) -> Result {
        switch block {
        case .paragraph(let inlines, let alignment): visitParagraph(inlines, alignment: alignment)
        case .heading(let level, let inlines, let alignment): visitHeading(level, inlines, alignment: alignment)
        case .blockquote(let children): visitBlockquote(children)
        case .codeBlock(let language, let code): visitCodeBlock(language: language, code: code)
        case .orderedList(let start, let items): visitOrderedList(start: start, items: items)
        case .bulletList(let items): visitBulletList(items: items)
        case .checklist(let items): visitChecklist(items: items)
        case .table(let table): visitTable(table)
        case .divider: visitDivider()
        case .banner(let type, let children): visitBanner(type, children)
        case .columns(let columns): visitColumns(columns)
        }
    }
}

/// A `BlockVisitor` that walks the blocks in document order (pre-order, depth first), its
/// defaults going into every child block and handing the inline content of each paragraph,
/// heading and table cell to `visitInlines(_:)` (swift-markdown's `MarkupWalker`). A walker
/// overrides what it looks at; an override that still wants the children calls `walk(_:)`.
///
/// The model's depth is bounded (the converter and the body reader cap it), so the recursion is too.
public protocol BlockWalker: BlockVisitor where Result == Void {
    /// The inline content of one paragraph, heading or table cell. Does nothing by default.
    mutating func visitInlines(_ inlines: [Inline])
}

extension BlockWalker {
    /// Visits `blocks` in order.
    @inlinable
    public mutating func walk(_ blocks: [Block]) {
        for block in blocks { visit(block) }
    }

    @inlinable public mutating func visitInlines(_ inlines: [Inline]) {}
    @inlinable public mutating func visitParagraph(_ inlines: [Inline], alignment: Alignment?) { visitInlines(inlines) }
    @inlinable public mutating func visitHeading(_ level: HeadingLevel, _ inlines: [Inline], alignment: Alignment?) { visitInlines(inlines) }
    @inlinable public mutating func visitBlockquote(_ children: [Block]) { walk(children) }
    @inlinable public mutating func visitCodeBlock(language: String?, code: String) {}
    @inlinable public mutating func visitOrderedList(start: Int, items: [[Block]]) { for item in items { walk(item) } }
    @inlinable public mutating func visitBulletList(items: [[Block]]) { for item in items { walk(item) } }
    @inlinable public mutating func visitChecklist(items: [ChecklistItem]) { for item in items { walk(item.blocks) } }
    @inlinable public mutating func visitDivider() {}
    @inlinable public mutating func visitBanner(_ type: BannerType, _ children: [Block]) { walk(children) }
    @inlinable public mutating func visitColumns(_ columns: Columns) { for column in columns.columns { walk(column) } }

    @inlinable
    public mutating func visitTable(_ table: Table) {
        for row in table.rows {
            for cell in row.cells { visitInlines(cell.content) }
        }
    }
}

/// A `BlockVisitor` that makes a new document from one (a `Document → Document` pass, swift-markdown's
/// `MarkupRewriter`): each method gives the block's new form, or nil to leave the block out. The
/// defaults keep every block, rewrite its children, and pass the inline content of each paragraph,
/// heading and table cell through `rewriteInlines(_:)`.
///
/// The model's depth is bounded (the converter and the body reader cap it), so the recursion is too.
public protocol BlockRewriter: BlockVisitor where Result == Block? {
    /// The new inline content of one paragraph, heading or table cell. Gives it back by default.
    mutating func rewriteInlines(_ inlines: [Inline]) -> [Inline]
}

extension BlockRewriter {
    /// `blocks` rewritten, in order, without the ones left out.
    @inlinable
    public mutating func rewrite(_ blocks: [Block]) -> [Block] {
        var result: [Block] = []
        result.reserveCapacity(blocks.count)
        for block in blocks {
            if let rewritten = visit(block) { result.append(rewritten) }
        }
        return result
    }

    /// Each list of blocks rewritten.
    @inlinable
    public mutating func rewrite(items: [[Block]]) -> [[Block]] {
        var result: [[Block]] = []
        result.reserveCapacity(items.count)
        for item in items { result.append(rewrite(item)) }
        return result
    }

    @inlinable public mutating func rewriteInlines(_ inlines: [Inline]) -> [Inline] { inlines }

    @inlinable
    public mutating func visitParagraph(_ inlines: [Inline], alignment: Alignment?) -> Block? {
        .paragraph(rewriteInlines(inlines), alignment: alignment)
    }

    @inlinable
    public mutating func visitHeading(_ level: HeadingLevel, _ inlines: [Inline], alignment: Alignment?) -> Block? {
        .heading(level, rewriteInlines(inlines), alignment: alignment)
    }

    @inlinable public mutating func visitBlockquote(_ children: [Block]) -> Block? { .blockquote(rewrite(children)) }
    @inlinable public mutating func visitCodeBlock(language: String?, code: String) -> Block? { .codeBlock(language: language, code: code) }
    @inlinable public mutating func visitOrderedList(start: Int, items: [[Block]]) -> Block? { .orderedList(start: start, items: rewrite(items: items)) }
    @inlinable public mutating func visitBulletList(items: [[Block]]) -> Block? { .bulletList(items: rewrite(items: items)) }
    @inlinable public mutating func visitDivider() -> Block? { .divider }
    @inlinable public mutating func visitBanner(_ type: BannerType, _ children: [Block]) -> Block? { .banner(type, rewrite(children)) }

    @inlinable
    public mutating func visitChecklist(items: [ChecklistItem]) -> Block? {
        var result: [ChecklistItem] = []
        result.reserveCapacity(items.count)
        for item in items { result.append(ChecklistItem(checked: item.checked, blocks: rewrite(item.blocks))) }
        return .checklist(items: result)
    }

    @inlinable
    public mutating func visitTable(_ table: Table) -> Block? {
        var table = table
        for row in table.rows.indices {
            for cell in table.rows[row].cells.indices {
                table.rows[row].cells[cell].content = rewriteInlines(table.rows[row].cells[cell].content)
            }
        }
        return .table(table)
    }

    /// The columns with their blocks rewritten; as they were if that would change their count
    /// (it cannot: a column left empty stays a column).
    @inlinable
    public mutating func visitColumns(_ columns: Columns) -> Block? {
        Columns(rewrite(items: columns.columns)).map(Block.columns) ?? .columns(columns)
    }
}
