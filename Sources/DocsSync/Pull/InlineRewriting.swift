import ProductiveFormat

extension Document {
    /// The document with every inline run passed through `transform` (text in paragraphs,
    /// headings and table cells, at any depth). The model's depth is bounded (the converter and
    /// the body reader cap it), so this recursion is too.
    func rewritingInlines(_ transform: (Inline) -> Inline) -> Document {
        Document(blocks: Self.rewriting(blocks, transform))
    }

    private static func rewriting(_ blocks: [Block], _ transform: (Inline) -> Inline) -> [Block] {
        blocks.map { block in
            switch block {
            case .paragraph(let inlines, let alignment):
                return .paragraph(inlines.map(transform), alignment: alignment)
            case .heading(let level, let inlines, let alignment):
                return .heading(level, inlines.map(transform), alignment: alignment)
            case .blockquote(let children):
                return .blockquote(rewriting(children, transform))
            case .orderedList(let start, let items):
                return .orderedList(start: start, items: items.map { rewriting($0, transform) })
            case .bulletList(let items):
                return .bulletList(items: items.map { rewriting($0, transform) })
            case .checklist(let items):
                return .checklist(items: items.map { ChecklistItem(checked: $0.checked, blocks: rewriting($0.blocks, transform)) })
            case .table(var table):
                for row in table.rows.indices {
                    for cell in table.rows[row].cells.indices {
                        table.rows[row].cells[cell].content = table.rows[row].cells[cell].content.map(transform)
                    }
                }
                return .table(table)
            case .banner(let type, let children):
                return .banner(type, rewriting(children, transform))
            case .columns(let columns):
                return Columns(columns.columns.map { rewriting($0, transform) }).map(Block.columns) ?? block
            case .codeBlock, .divider:
                return block
            }
        }
    }
}
