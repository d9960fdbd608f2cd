/// Writes a document as Productive HTML, with the attribute forms of the
/// Document Format guide (`codeblock-language`, checklists, banners, columns...).
public struct HTMLWriter: Sendable {
    public init() {}

    /// The HTML payload for `document`.
    public func write(_ document: Document) -> String {
        var out = ""
        out.reserveCapacity(4096)
        writeBlocks(document.blocks, to: &out)
        return out
    }

    private func writeBlocks(_ blocks: [Block], to out: inout String) {
        for block in blocks {
            write(block, to: &out)
            out += "\n"
        }
    }

    private func write(_ block: Block, to out: inout String) {
        switch block {
        case .paragraph(let inlines, let alignment):
            out += "<p\(alignmentStyle(alignment))>"
            writeInlines(inlines, to: &out)
            out += "</p>"
        case .heading(let level, let inlines, let alignment):
            out += "<h\(level.rawValue)\(alignmentStyle(alignment))>"
            writeInlines(inlines, to: &out)
            out += "</h\(level.rawValue)>"
        case .blockquote(let children):
            out += "<blockquote>\n"
            writeBlocks(children, to: &out)
            out += "</blockquote>"
        case .codeBlock(let language, let code):
            out += "<pre"
            if let language, !language.isEmpty { out += " codeblock-language=\"\(escapeAttribute(language))\"" }
            // A reader drops one newline right at the start of a code block (as HTML does after `<pre>`):
            // a code block that starts with a newline gets one more, so it keeps its own.
            out += "><code>\(code.hasPrefix("\n") ? "\n" : "")\(escapeText(code))</code></pre>"
        case .orderedList(let start, let items):
            out += start == 1 ? "<ol>\n" : "<ol start=\"\(start)\">\n"
            writeItems(items, to: &out)
            out += "</ol>"
        case .bulletList(let items):
            out += "<ul>\n"
            writeItems(items, to: &out)
            out += "</ul>"
        case .checklist(let items):
            out += "<ul type=\"checklist\">\n"
            for item in items {
                out += "<li type=\"checklist_item\" checked=\"\(item.checked)\">"
                writeBlocks(item.blocks, to: &out)
                out += "</li>\n"
            }
            out += "</ul>"
        case .table(let table):
            writeTable(table, to: &out)
        case .divider:
            out += "<hr>"
        case .banner(let type, let children):
            out += "<banner type=\"\(type.rawValue)\">\n"
            writeBlocks(children, to: &out)
            out += "</banner>"
        case .columns(let columns):
            let count = columns.columns.count
            let template = Array(repeating: "1fr", count: count).joined(separator: " ")
            out += "<div data-columns data-column-count=\"\(count)\" style=\"grid-template-columns: \(template);\">\n"
            for column in columns.columns {
                out += "<div data-column>\n"
                writeBlocks(column, to: &out)
                out += "</div>\n"
            }
            out += "</div>"
        }
    }

    private func writeItems(_ items: [[Block]], to out: inout String) {
        for item in items {
            out += "<li>"
            writeBlocks(item, to: &out)
            out += "</li>\n"
        }
    }

    private func writeTable(_ table: Table, to out: inout String) {
        out += "<table>\n"
        for row in table.rows {
            out += "<tr>"
            for cell in row.cells {
                let tag = cell.isHeader ? "th" : "td"
                out += "<\(tag)"
                if cell.colspan > 1 { out += " colspan=\"\(cell.colspan)\"" }
                if cell.rowspan > 1 { out += " rowspan=\"\(cell.rowspan)\"" }
                var styles: [String] = []
                if let alignment = cell.alignment { styles.append("text-align: \(alignment.rawValue)") }
                if let background = cell.backgroundColor { styles.append("background-color: \(background)") }
                if !styles.isEmpty { out += " style=\"\(escapeAttribute(styles.joined(separator: "; ")))\"" }
                out += ">"
                writeInlines(cell.content, to: &out)
                out += "</\(tag)>"
            }
            out += "</tr>\n"
        }
        out += "</table>"
    }

    private func alignmentStyle(_ alignment: Alignment?) -> String {
        guard let alignment else { return "" }
        return " style=\"text-align: \(alignment.rawValue)\""
    }

    private func writeInlines(_ inlines: [Inline], to out: inout String) {
        var stack = MarkStack()
        for inline in inlines {
            switch inline {
            case .text(let text, let marks):
                apply(stack.transition(to: marks.orderedKinds), to: &out)
                out += escapeText(text)
            case .hardBreak:
                out += "<br>"
            case .image(let image, let marks):
                apply(stack.transition(to: marks.orderedKinds), to: &out)
                out += "<img src=\"\(escapeAttribute(image.source))\" alt=\"\(escapeAttribute(image.alt))\""
                if let title = image.title { out += " title=\"\(escapeAttribute(title))\"" }
                if let width = image.width { out += " width=\"\(width)\"" }
                out += ">"
            case .mention(let mention):
                apply(stack.transition(to: []), to: &out)
                out += "<span mention-type=\"\(mention.kind.rawValue)\" mention-id=\"\(escapeAttribute(mention.id))\""
                out += " mention-label=\"\(escapeAttribute(mention.label))\">\(escapeText(mention.label))</span>"
            case .variable(let name):
                apply(stack.transition(to: []), to: &out)
                out += "<span var=\"\(escapeAttribute(name))\"></span>"
            }
        }
        for kind in stack.closeAll() { out += closingTag(kind) }
    }

    private func apply(_ change: (close: [MarkKind], open: [MarkKind]), to out: inout String) {
        for kind in change.close { out += closingTag(kind) }
        for kind in change.open { out += openingTag(kind) }
    }

    private func openingTag(_ kind: MarkKind) -> String {
        switch kind {
        case .link(let href): "<a href=\"\(escapeAttribute(href))\">"
        case .strong: "<strong>"
        case .emphasis: "<em>"
        case .strike: "<del>"
        case .underline: "<u>"
        case .code: "<code>"
        case .style(let color, let background):
            "<span style=\"\(escapeAttribute([color.map { "color: \($0)" }, background.map { "background-color: \($0)" }].compactMap { $0 }.joined(separator: "; ")))\">"
        }
    }

    private func closingTag(_ kind: MarkKind) -> String {
        switch kind {
        case .link: "</a>"
        case .strong: "</strong>"
        case .emphasis: "</em>"
        case .strike: "</del>"
        case .underline: "</u>"
        case .code: "</code>"
        case .style: "</span>"
        }
    }
}

/// Escapes text content for HTML.
func escapeText(_ text: String) -> String {
    guard text.utf8.contains(where: { $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">") || $0 == UInt8(ascii: "&") }) else {
        return text
    }
    var out = ""
    out.reserveCapacity(text.utf8.count + 16)
    for scalar in text.unicodeScalars {
        switch scalar {
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "&": out += "&amp;"
        default: out.unicodeScalars.append(scalar)
        }
    }
    return out
}

/// Escapes an attribute value for HTML (double-quoted).
func escapeAttribute(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars {
        switch scalar {
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "&": out += "&amp;"
        case "\"": out += "&quot;"
        default: out.unicodeScalars.append(scalar)
        }
    }
    return out
}
