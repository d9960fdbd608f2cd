/// Writes a document as Productive HTML, with the attribute forms of the
/// Document Format guide (`codeblock-language`, checklists, banners, columns...).
///
/// The payload is built as UTF-8 bytes in one buffer; `write(_:into:)` appends to a buffer of
/// the caller's, which can go to a file or standard output as it is.
public struct HTMLWriter: DocumentWriter {
    public init() {}

    /// Appends the HTML payload for `document` to `out`.
    public func write(_ document: Document, into out: inout [UInt8]) {
        var writer = BlockWriter()
        swap(&writer.out, &out)
        writer.writeBlocks(document.blocks)
        swap(&writer.out, &out)
    }

    /// The block layer: one method per kind of block (`BlockVisitor`), each appending to `out`.
    private struct BlockWriter: BlockVisitor {
        var out: [UInt8] = []

        mutating func writeBlocks(_ blocks: [Block]) {
            for block in blocks {
                visit(block)
                out.append(UInt8(ascii: "\n"))
            }
        }

        mutating func visitParagraph(_ inlines: [Inline], alignment: Alignment?) {
            out.append("<p")
            appendAlignmentStyle(alignment, to: &out)
            out.append(">")
            writeInlines(inlines, to: &out)
            out.append("</p>")
        }

        mutating func visitHeading(_ level: HeadingLevel, _ inlines: [Inline], alignment: Alignment?) {
            out.append("<h")
            out.append(decimal: level.rawValue)
            appendAlignmentStyle(alignment, to: &out)
            out.append(">")
            writeInlines(inlines, to: &out)
            out.append("</h")
            out.append(decimal: level.rawValue)
            out.append(">")
        }

        mutating func visitBlockquote(_ children: [Block]) {
            out.append("<blockquote>\n")
            writeBlocks(children)
            out.append("</blockquote>")
        }

        mutating func visitCodeBlock(language: String?, code: String) {
            out.append("<pre")
            if let language, !language.isEmpty {
                out.append(" codeblock-language=\"")
                HTMLEscaping.appendAttribute(language, to: &out)
                out.append("\"")
            }
            // HTML drops a line end right after `<pre>`, not after `<code>`: a code block that starts
            // with a line end keeps it as written.
            out.append("><code>")
            HTMLEscaping.appendText(code, to: &out)
            out.append("</code></pre>")
        }

        mutating func visitOrderedList(start: Int, items: [[Block]]) {
            if start == 1 {
                out.append("<ol>\n")
            } else {
                out.append("<ol start=\"")
                out.append(decimal: start)
                out.append("\">\n")
            }
            writeItems(items)
            out.append("</ol>")
        }

        mutating func visitBulletList(items: [[Block]]) {
            out.append("<ul>\n")
            writeItems(items)
            out.append("</ul>")
        }

        mutating func visitChecklist(items: [ChecklistItem]) {
            out.append("<ul type=\"checklist\">\n")
            for item in items {
                out.append(item.checked ? "<li type=\"checklist_item\" checked=\"true\">" : "<li type=\"checklist_item\" checked=\"false\">")
                writeBlocks(item.blocks)
                out.append("</li>\n")
            }
            out.append("</ul>")
        }

        mutating func visitTable(_ table: Table) {
            writeTable(table, to: &out)
        }

        mutating func visitDivider() {
            out.append("<hr>")
        }

        mutating func visitBanner(_ type: BannerType, _ children: [Block]) {
            out.append("<banner type=\"")
            out.append(utf8: type.rawValue)
            out.append("\">\n")
            writeBlocks(children)
            out.append("</banner>")
        }

        mutating func visitColumns(_ columns: Columns) {
            let count = columns.columns.count
            out.append("<div data-columns data-column-count=\"")
            out.append(decimal: count)
            out.append("\" style=\"grid-template-columns: ")
            out.append(utf8: Array(repeating: "1fr", count: count).joined(separator: " "))
            out.append(";\">\n")
            for column in columns.columns {
                out.append("<div data-column>\n")
                writeBlocks(column)
                out.append("</div>\n")
            }
            out.append("</div>")
        }

        mutating func writeItems(_ items: [[Block]]) {
            for item in items {
                out.append("<li>")
                writeBlocks(item)
                out.append("</li>\n")
            }
        }
    }

    private static func writeTable(_ table: Table, to out: inout [UInt8]) {
        out.append("<table>\n")
        for row in table.rows {
            out.append("<tr>")
            for cell in row.cells {
                out.append(cell.isHeader ? "<th" : "<td")
                if cell.colspan > 1 {
                    out.append(" colspan=\"")
                    out.append(decimal: cell.colspan)
                    out.append("\"")
                }
                if cell.rowspan > 1 {
                    out.append(" rowspan=\"")
                    out.append(decimal: cell.rowspan)
                    out.append("\"")
                }
                var styles: [String] = []
                if let alignment = cell.alignment { styles.append("text-align: \(alignment.rawValue)") }
                if let background = cell.backgroundColor { styles.append("background-color: \(background)") }
                if !styles.isEmpty {
                    out.append(" style=\"")
                    HTMLEscaping.appendAttribute(styles.joined(separator: "; "), to: &out)
                    out.append("\"")
                }
                out.append(">")
                writeInlines(cell.content, to: &out)
                out.append(cell.isHeader ? "</th>" : "</td>")
            }
            out.append("</tr>\n")
        }
        out.append("</table>")
    }

    private static func appendAlignmentStyle(_ alignment: Alignment?, to out: inout [UInt8]) {
        guard let alignment else { return }
        out.append(" style=\"text-align: ")
        out.append(utf8: alignment.rawValue)
        out.append("\"")
    }

    private static func writeInlines(_ inlines: [Inline], to out: inout [UInt8]) {
        var stack = MarkStack()
        for inline in inlines {
            switch inline {
            case .text(let text, let marks):
                move(&stack, to: marks, out: &out)
                HTMLEscaping.appendText(text, to: &out)
            case .hardBreak:
                out.append("<br>")
            case .image(let image, let marks):
                move(&stack, to: marks, out: &out)
                out.append("<img src=\"")
                HTMLEscaping.appendAttribute(image.source, to: &out)
                out.append("\" alt=\"")
                HTMLEscaping.appendAttribute(image.alt, to: &out)
                out.append("\"")
                if let title = image.title {
                    out.append(" title=\"")
                    HTMLEscaping.appendAttribute(title, to: &out)
                    out.append("\"")
                }
                if let width = image.width {
                    out.append(" width=\"")
                    out.append(decimal: width)
                    out.append("\"")
                }
                out.append(">")
            case .mention(let mention):
                move(&stack, to: Marks(), out: &out)
                out.append("<span mention-type=\"")
                out.append(utf8: mention.kind.rawValue)
                out.append("\" mention-id=\"")
                HTMLEscaping.appendAttribute(mention.id, to: &out)
                out.append("\" mention-label=\"")
                HTMLEscaping.appendAttribute(mention.label, to: &out)
                out.append("\">")
                HTMLEscaping.appendText(mention.label, to: &out)
                out.append("</span>")
            case .variable(let name):
                move(&stack, to: Marks(), out: &out)
                out.append("<span var=\"")
                HTMLEscaping.appendAttribute(name, to: &out)
                out.append("\"></span>")
            }
        }
        for mark in stack.closeAll().close { out.append(closingTag(mark)) }
    }

    /// Moves `stack` to `marks`: writes the closing tags, then the opening tags.
    private static func move(_ stack: inout MarkStack, to marks: Marks, out: inout [UInt8]) {
        let change = stack.transition(to: marks)
        for mark in change.close { out.append(closingTag(mark)) }
        for mark in change.open { appendOpeningTag(mark, stack: stack, to: &out) }
    }

    private static func appendOpeningTag(_ mark: MarkSet, stack: MarkStack, to out: inout [UInt8]) {
        switch mark {
        case .link:
            out.append("<a href=\"")
            HTMLEscaping.appendAttribute(stack.link ?? "", to: &out)
            out.append("\">")
        case .strong: out.append("<strong>")
        case .emphasis: out.append("<em>")
        case .strike: out.append("<del>")
        case .underline: out.append("<u>")
        case .code: out.append("<code>")
        default:
            let styles = [stack.color.map { "color: \($0)" }, stack.backgroundColor.map { "background-color: \($0)" }]
            out.append("<span style=\"")
            HTMLEscaping.appendAttribute(styles.compactMap { $0 }.joined(separator: "; "), to: &out)
            out.append("\">")
        }
    }

    private static func closingTag(_ mark: MarkSet) -> StaticString {
        switch mark {
        case .link: "</a>"
        case .strong: "</strong>"
        case .emphasis: "</em>"
        case .strike: "</del>"
        case .underline: "</u>"
        case .code: "</code>"
        default: "</span>"
        }
    }
}
