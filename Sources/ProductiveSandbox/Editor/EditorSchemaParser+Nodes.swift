import Foundation

/// The nodes and marks of the page schema, read from their HTML elements.
extension EditorSchemaParser {
    // MARK: Inline nodes and marks

    /// `<br>`, `<img>`, a mention, a variable or a file as the inline node it stands for.
    func inlineNode(_ index: Int, name: String, marks: [EditorMark]) -> EditorNode? {
        let dom = self.dom
        let attribute = { (key: String) in dom.attribute(key, of: index) }
        switch name {
        case "br":
            return EditorNode(type: "br")
        case "img":
            var attrs: [String: EditorNode.AttrValue] = [
                "src": .string(attribute("src") ?? ""), "alt": .string(attribute("alt") ?? ""), "title": attribute("title").map { .string($0) } ?? .null,
            ]
            if let width = attribute("width").flatMap({ Int($0) }) { attrs["width"] = .int(width) }
            return EditorNode(type: "image", attrs: attrs, marks: marks)
        case "input":
            // A checkbox outside a task list item: no content.
            return EditorNode(type: "text", text: "")
        case "span":
            if let type = attribute("mention-type"), let id = attribute("mention-id") {
                let label = attribute("mention-label") ?? dom.textContent(of: index)
                return EditorNode(type: "mention", attrs: [
                    "id": .string(id), "type": .string(type), "label": .string(label), "avatarUrl": .null, "isDone": .bool(false), "isRootPage": .bool(false),
                ])
            }
            if let name = attribute("var") { return EditorNode(type: "variable", attrs: ["name": .string(name)]) }
            if attribute("file-type") != nil { return .text(attribute("name") ?? dom.textContent(of: index), marks: marks) }
            return nil
        default:
            return nil
        }
    }

    /// The mark an inline element stands for; nil for an element that only carries its content.
    mutating func mark(_ index: Int, name: String) -> EditorMark? {
        switch name {
        case "strong", "b": return EditorMark(type: "strong")
        case "em", "i": return EditorMark(type: "em")
        case "del", "s", "strike": return EditorMark(type: "strike")
        case "u": return EditorMark(type: "underline")
        case "code": return EditorMark(type: "code")
        case "a":
            guard let href = dom.attribute("href", of: index) else { return nil }
            return EditorMark(type: "link", attrs: ["href": .string(href), "title": dom.attribute("title", of: index).map { .string($0) } ?? .null])
        case "span":
            let style = dom.attribute("style", of: index)
            let color = Self.style("color", of: style)
            let background = Self.style("background-color", of: style)
            if color == nil && background == nil {
                if dom.attribute("discussion-id", of: index) == nil { noteOutside(index, name: name) }
                return nil
            }
            return EditorMark(type: "styles", attrs: [
                "color": .string(color ?? ""), "backgroundColor": .string(background ?? ""), "fontSize": .string(""),
                "fontWeight": .string(""), "textAlign": .string(""), "whiteSpace": .string(""),
            ])
        default:
            noteOutside(index, name: name)
            return nil
        }
    }

    // MARK: Blocks with structure

    mutating func codeBlock(_ index: Int) -> EditorNode {
        let code = dom.nodes[index].children.first { dom.nodes[$0].name == "code" }
        let fromClass = code.flatMap { dom.attribute("class", of: $0) }?.split(separator: " ")
            .first { $0.hasPrefix("language-") }.map { String($0.dropFirst("language-".count)) }
        let language = dom.attribute("codeblock-language", of: index) ?? dom.attribute("lang", of: index) ?? fromClass
        var text = dom.textContent(of: index)
        // As a browser reads it: a line end right after `<pre>` is not content (one after `<code>` is).
        if let first = dom.nodes[index].children.first, dom.nodes[first].name == nil, dom.nodes[first].text.hasPrefix("\n") { text.removeFirst() }
        if text.hasSuffix("\n") { text.removeLast() }
        return EditorNode(type: "codeblock", attrs: ["language": language.flatMap { $0.isEmpty ? nil : .string($0) } ?? .null],
                          content: text.isEmpty ? [] : [.text(text, marks: [])])
    }

    mutating func list(_ index: Int, ordered: Bool, marks: [EditorMark], depth: Int) -> EditorNode {
        let items = dom.nodes[index].children.filter { dom.nodes[$0].name != nil || !dom.nodes[$0].text.allSatisfy(\.isWhitespace) }
        let checklist = !ordered && (dom.attribute("type", of: index) == "checklist" || items.first.flatMap(checkbox(of:)) != nil)
        var content: [EditorNode] = []
        for item in items {
            let isItem = dom.nodes[item].name == "li"
            let box = checklist && isItem ? checkbox(of: item) : nil
            let children = isItem ? dom.nodes[item].children.filter { $0 != box } : [item]
            let blocks = filled(children, marks: marks, depth: depth + 1)
            if checklist {
                let checked = box.map { dom.attribute("checked", of: $0) != nil } ?? (dom.attribute("checked", of: item) == "true")
                content.append(EditorNode(type: "checklist_item", attrs: ["checked": .string(checked ? "true" : "false")], content: blocks))
            } else {
                content.append(EditorNode(type: "li", content: blocks))
            }
        }
        if checklist { return EditorNode(type: "checklist", attrs: ["id": newID()], content: content) }
        if ordered {
            let start = dom.attribute("start", of: index).flatMap { Int($0) } ?? 1
            return EditorNode(type: "ol", attrs: ["id": newID(), "start": .int(start)], content: content)
        }
        return EditorNode(type: "ul", attrs: ["id": newID()], content: content)
    }

    /// The checkbox that starts a task list item (cmark-gfm writes `<input type="checkbox">` first).
    func checkbox(of item: Int) -> Int? {
        guard dom.nodes[item].name == "li" else { return nil }
        let first = dom.nodes[item].children.first { dom.nodes[$0].name != nil || !dom.nodes[$0].text.allSatisfy(\.isWhitespace) }
        guard let first, dom.nodes[first].name == "input", dom.attribute("type", of: first)?.lowercased() == "checkbox" else { return nil }
        return first
    }

    mutating func table(_ index: Int, marks: [EditorMark], depth: Int) -> EditorNode {
        var rows: [Int] = []
        for child in dom.nodes[index].children {
            switch dom.nodes[child].name {
            case "tr": rows.append(child)
            case "thead", "tbody", "tfoot": rows += dom.nodes[child].children.filter { dom.nodes[$0].name == "tr" }
            default: continue
            }
        }
        let content = rows.map { row -> EditorNode in
            let cells = dom.nodes[row].children.filter { dom.nodes[$0].name == "td" || dom.nodes[$0].name == "th" }
            return EditorNode(type: "table_row", content: cells.map { cell in
                var attrs = alignment(cell)
                attrs["colspan"] = .int(dom.attribute("colspan", of: cell).flatMap { Int($0) }.map { max(1, $0) } ?? 1)
                attrs["rowspan"] = .int(dom.attribute("rowspan", of: cell).flatMap { Int($0) }.map { max(1, $0) } ?? 1)
                attrs["colwidth"] = .null
                attrs["background"] = Self.style("background-color", of: dom.attribute("style", of: cell)).map { .string($0) } ?? .null
                return EditorNode(type: dom.nodes[cell].name == "th" ? "table_header" : "table_cell", attrs: attrs,
                                  content: filled(dom.nodes[cell].children, marks: marks, depth: depth + 1))
            })
        }
        return EditorNode(type: "table", attrs: ["id": newID()], content: content)
    }

    func isColumns(_ index: Int) -> Bool {
        dom.nodes[index].name == "div" && dom.attribute("data-columns", of: index) != nil
    }

    /// `<div data-columns>`: a `columns` node of `column`s (JSON names unknown; these are read back
    /// by the tool's reader).
    mutating func columns(_ index: Int, marks: [EditorMark], depth: Int) -> EditorNode {
        let columns = dom.nodes[index].children.filter { dom.nodes[$0].name == "div" && dom.attribute("data-column", of: $0) != nil }
        let content = columns.map { EditorNode(type: "column", content: filled(dom.nodes[$0].children, marks: marks, depth: depth + 1)) }
        return EditorNode(type: "columns", attrs: ["count": .int(content.count)], content: content)
    }
}

extension EditorMark {
    /// The schema's order of marks, as ProseMirror sorts them on a node.
    static let rank = ["link", "strong", "em", "strike", "underline", "code", "styles"]

    /// `marks` with `mark` added: one mark per type (the new one replaces an old one), in schema order.
    static func adding(_ mark: EditorMark, to marks: [EditorMark]) -> [EditorMark] {
        (marks.filter { $0.type != mark.type } + [mark]).sorted { (rank.firstIndex(of: $0.type) ?? rank.count) < (rank.firstIndex(of: $1.type) ?? rank.count) }
    }
}

/// Collects the blocks of one container, and the inline content waiting to become a textblock.
struct BlockBuilder {
    var textblock: Textblock
    var blocks: [EditorNode] = []
    var inline: [EditorNode] = []

    init(textblock: Textblock) {
        self.textblock = textblock
    }

    /// Text, with ProseMirror's whitespace rules (see `EditorSchemaParser`).
    mutating func addText(_ raw: String, marks: [EditorMark]) {
        var value = String.UnicodeScalarView()
        var inSpace = false
        for scalar in raw.unicodeScalars {
            if scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" || scalar == "\u{0C}" {
                if !inSpace { value.append(" ") }
                inSpace = true
            } else {
                value.append(scalar)
                inSpace = false
            }
        }
        if value.first == " " {
            let previous = inline.last
            if previous == nil || previous?.type == "br" || previous?.text?.hasSuffix(" ") == true { value.removeFirst() }
        }
        guard !value.isEmpty else { return }
        let text = String(value)
        addInline(.text(text.utf8.allSatisfy { $0 < 0x80 } ? text : text.precomposedStringWithCanonicalMapping, marks: marks))
    }

    /// An inline node; text merged into the text before it when their marks are equal.
    mutating func addInline(_ node: EditorNode) {
        if node.type == "text" {
            guard let text = node.text, !text.isEmpty else { return }
            if let last = inline.last, last.type == "text", last.marks == node.marks {
                inline[inline.count - 1].text = (last.text ?? "") + text
                return
            }
        }
        inline.append(node)
    }

    /// Ends the waiting inline content as a textblock (its last text without trailing whitespace).
    mutating func flush(id parser: inout EditorSchemaParser) {
        if let last = inline.last, last.type == "text", let text = last.text {
            let trimmed = String(text.unicodeScalars.reversed().drop { $0 == " " }.reversed().map(Character.init))
            if trimmed.isEmpty { inline.removeLast() } else { inline[inline.count - 1].text = trimmed }
        }
        guard !inline.isEmpty else { return }
        switch textblock {
        case .paragraph(let attrs):
            blocks.append(EditorNode(type: "paragraph", attrs: attrs.merging(["id": parser.newID()]) { $1 }.merging(["horizontalAlign": .null]) { old, _ in old }, content: inline))
        case .heading(let level, let attrs):
            blocks.append(EditorNode(type: "heading", attrs: attrs.merging(["id": parser.newID(), "level": .int(level)]) { $1 }.merging(["horizontalAlign": .null]) { old, _ in old }, content: inline))
        }
        inline = []
    }
}
