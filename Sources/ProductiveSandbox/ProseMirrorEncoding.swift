import Foundation
import ProductiveFormat

/// Encodes the model as a ProseMirror-style JSON document, the form Productive stores and returns
/// (as a JSON string) in a page's `body`, with the node and mark names of
/// /work/shared/reference/page-body.md (`paragraph`, `codeblock`, `ul`/`ol`/`li`, `checklist_item`
/// with a string `checked`, `table_row`/`table_header`/`table_cell`, `divider`, `br`, marks
/// `strong`/`em`/`strike`/`code`/`underline`/`link`/`styles`). Columns and variables, whose JSON
/// names are unknown, are `columns`/`column` and `variable`.
enum ProseMirrorEncoding {
    static func json(_ document: Document) -> String {
        let object: [String: Any] = ["type": "doc", "content": document.blocks.map(block)]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    private static func node(_ type: String, attrs: [String: Any]? = nil, content: [Any]? = nil) -> [String: Any] {
        var node: [String: Any] = ["type": type]
        if let attrs { node["attrs"] = attrs }
        if let content { node["content"] = content }
        return node
    }

    private static func block(_ block: Block) -> [String: Any] {
        switch block {
        case .paragraph(let inlines, let alignment):
            return node("paragraph", attrs: alignment.map { ["horizontalAlign": $0.rawValue] }, content: inlines.map(inline))
        case .heading(let level, let inlines, let alignment):
            var attrs: [String: Any] = ["level": level.rawValue]
            if let alignment { attrs["horizontalAlign"] = alignment.rawValue }
            return node("heading", attrs: attrs, content: inlines.map(inline))
        case .blockquote(let blocks):
            return node("blockquote", content: blocks.map(self.block))
        case .codeBlock(let language, let code):
            return node("codeblock", attrs: ["language": language ?? NSNull()], content: code.isEmpty ? [] : [["type": "text", "text": code]])
        case .orderedList(let start, let items):
            return node("ol", attrs: ["start": start], content: items.map { node("li", content: $0.map(self.block)) })
        case .bulletList(let items):
            return node("ul", content: items.map { node("li", content: $0.map(self.block)) })
        case .checklist(let items):
            return node("checklist", content: items.map { node("checklist_item", attrs: ["checked": $0.checked ? "true" : "false"], content: $0.blocks.map(self.block)) })
        case .table(let table):
            return node("table", content: table.rows.map { row in
                node("table_row", content: row.cells.map { cell in
                    var attrs: [String: Any] = ["colspan": cell.colspan, "rowspan": cell.rowspan]
                    if let alignment = cell.alignment { attrs["horizontalAlign"] = alignment.rawValue }
                    if let background = cell.backgroundColor { attrs["background"] = background }
                    return node(cell.isHeader ? "table_header" : "table_cell", attrs: attrs, content: [node("paragraph", content: cell.content.map(inline))])
                })
            })
        case .divider:
            return node("divider")
        case .banner(let type, let blocks):
            return node("banner", attrs: ["type": type.rawValue], content: blocks.map(self.block))
        case .columns(let columns):
            return node("columns", attrs: ["count": columns.columns.count], content: columns.columns.map { node("column", content: $0.map(self.block)) })
        }
    }

    private static func inline(_ inline: Inline) -> [String: Any] {
        switch inline {
        case .text(let text, let marks):
            var node: [String: Any] = ["type": "text", "text": text]
            if !marks.isEmpty { node["marks"] = self.marks(marks) }
            return node
        case .hardBreak:
            return node("br")
        case .image(let image, let marks):
            var attrs: [String: Any] = ["src": image.source, "alt": image.alt]
            if let title = image.title { attrs["title"] = title }
            if let width = image.width { attrs["width"] = width }
            var node = self.node("image", attrs: attrs)
            if !marks.isEmpty { node["marks"] = self.marks(marks) }
            return node
        case .mention(let mention):
            return node("mention", attrs: ["type": mention.kind.rawValue, "id": mention.id, "label": mention.label])
        case .variable(let name):
            return node("variable", attrs: ["name": name])
        }
    }

    private static func marks(_ marks: Marks) -> [[String: Any]] {
        var result: [[String: Any]] = []
        if let link = marks.link { result.append(["type": "link", "attrs": ["href": link]]) }
        if marks.strong { result.append(["type": "strong"]) }
        if marks.emphasis { result.append(["type": "em"]) }
        if marks.strike { result.append(["type": "strike"]) }
        if marks.underline { result.append(["type": "underline"]) }
        if marks.code { result.append(["type": "code"]) }
        if marks.color != nil || marks.backgroundColor != nil {
            var attrs: [String: Any] = [:]
            if let color = marks.color { attrs["color"] = color }
            if let background = marks.backgroundColor { attrs["backgroundColor"] = background }
            result.append(["type": "styles", "attrs": attrs])
        }
        return result
    }
}
