import Foundation

/// Reads HTML into the page schema the way Productive's editor (ProseMirror's DOMParser with the
/// schema of shared/reference/page-body.md) does, in the sandbox's own code:
///
/// - whitespace: outside `<pre>`, a run of spaces, tabs and line ends is one space; none at the
///   start of a block, after a `<br>` or after a space; the last text of a block loses its
///   trailing whitespace; whitespace-only text between blocks is nothing;
/// - adjacent text with the same marks is one text node; marks are sorted in schema order, one of
///   each type (an inner link replaces an outer one);
/// - inline content where a block belongs is wrapped in a paragraph; a block inside a paragraph or
///   a mark ends the paragraph (the marks carry on into the block);
/// - the server adds what a client never sends: an `id` on paragraphs, headings, lists, tables and
///   dividers, `horizontalAlign: null`, cell `colspan`/`rowspan` 1 and `colwidth`/`background` null,
///   a code block's `language: null`, an empty paragraph in a container left empty.
///
/// Choices where Productive is undocumented, each plausible for its editor:
/// - `<h4>`–`<h6>` are level 3 headings (it renders three levels);
/// - `<pre>` takes its language from `codeblock-language`, `lang` or the inner `<code>`'s
///   `language-*` class, and loses one final line end;
/// - a list whose first item starts with a checkbox (cmark's task lists), or `<ul type="checklist">`,
///   is a checklist; `checked` is the string `"true"`/`"false"`;
/// - the text of a link that shows its own target (an autolink) is stored percent-decoded, and
///   all text in Unicode NFC, as the editor's input handling may leave them;
/// - `align` on table cells (cmark's column alignment) is dropped ("probably lost"); `text-align`
///   in `style` is kept, on paragraphs, headings and cells;
/// - elements outside the schema (`<kbd>`, `<sub>`, `<details>`, a plain `<div>`...) are not kept
///   but their content is; `<script>`, `<style>`, `<head>`, `<title>`, `<noscript>`, `<object>`,
///   `<iframe>` and `<template>` are dropped with their content; a `<span file-type>` is its label.
struct EditorSchemaParser {
    let dom: EditorDOM
    /// The first element outside the element set (for the sandbox's strict mode).
    private(set) var outside: String?
    private var nextID = 0
    private let idPrefix = String(UUID().uuidString.prefix(8)).lowercased()

    /// Deeper nesting than this is read as paragraphs of text.
    static let maximumDepth = 40

    init(dom: EditorDOM) {
        self.dom = dom
    }

    /// The blocks of an HTML payload, and the first element outside the element set, if any.
    static func parse(html: String) -> (blocks: [EditorNode], outside: String?) {
        var parser = EditorSchemaParser(dom: HTMLDocumentReading.parse(html))
        let blocks = parser.blocks(parser.dom.roots, marks: [], depth: 0)
        return (blocks, parser.outside)
    }

    // MARK: Blocks

    /// Block content from DOM children; `textblock` is what inline content found there becomes.
    mutating func blocks(_ children: [Int], marks: [EditorMark], depth: Int, textblock: Textblock = .paragraph([:])) -> [EditorNode] {
        var builder = BlockBuilder(textblock: textblock)
        for child in children { walk(child, marks: marks, depth: depth, into: &builder) }
        builder.flush(id: &self)
        return builder.blocks
    }

    /// Container content: never empty (ProseMirror fills a required block with an empty paragraph).
    mutating func filled(_ children: [Int], marks: [EditorMark], depth: Int) -> [EditorNode] {
        let content = blocks(children, marks: marks, depth: depth + 1)
        return content.isEmpty ? [paragraph(content: [])] : content
    }

    mutating func walk(_ index: Int, marks: [EditorMark], depth: Int, into builder: inout BlockBuilder) {
        let node = dom.nodes[index]
        guard let name = node.name else { return builder.addText(node.text, marks: marks) }
        if Self.dropped.contains(name) { return }
        if depth >= Self.maximumDepth {
            builder.flush(id: &self)
            builder.blocks += dom.textContent(of: index).isEmpty ? [] : [paragraph(content: [.text(dom.textContent(of: index), marks: marks)])]
            return
        }
        if let inline = inlineNode(index, name: name, marks: marks) { return builder.addInline(inline) }
        if Self.blockNames.contains(name) || isColumns(index) {
            builder.flush(id: &self)
            builder.blocks += block(index, name: name, marks: marks, depth: depth)
            return
        }
        if Self.transparentBlocks.contains(name) {
            noteOutside(index, name: name)
            builder.flush(id: &self)
            for child in node.children { walk(child, marks: marks, depth: depth + 1, into: &builder) }
            builder.flush(id: &self)
            return
        }
        let inner = mark(index, name: name).map { EditorMark.adding($0, to: marks) } ?? marks
        if name == "a", let autolink = autolinkText(index) { return builder.addText(autolink, marks: inner) }
        for child in node.children { walk(child, marks: inner, depth: depth + 1, into: &builder) }
    }

    mutating func block(_ index: Int, name: String, marks: [EditorMark], depth: Int) -> [EditorNode] {
        let children = dom.nodes[index].children
        switch name {
        case "p":
            let content = blocks(children, marks: marks, depth: depth + 1, textblock: .paragraph(alignment(index)))
            return content.isEmpty ? [paragraph(content: [], alignment: alignment(index)["horizontalAlign"] ?? .null)] : content
        case "h1", "h2", "h3", "h4", "h5", "h6":
            let level = min(3, Int(name.dropFirst()) ?? 1)
            if level < Int(name.dropFirst()) ?? 1 { noteOutside(index, name: name) }
            let content = blocks(children, marks: marks, depth: depth + 1, textblock: .heading(level, alignment(index)))
            // An element always makes its node, an empty one too.
            return content.isEmpty ? [EditorNode(type: "heading", attrs: alignment(index).merging(["id": newID(), "level": .int(level)]) { $1 })] : content
        case "blockquote":
            return [EditorNode(type: "blockquote", content: filled(children, marks: marks, depth: depth))]
        case "pre":
            return [codeBlock(index)]
        case "ul", "ol":
            return [list(index, ordered: name == "ol", marks: marks, depth: depth)]
        case "table":
            return [table(index, marks: marks, depth: depth)]
        case "hr":
            return [EditorNode(type: "divider", attrs: ["id": newID()])]
        case "banner":
            let type = dom.attribute("type", of: index).flatMap { Self.bannerTypes.contains($0) ? $0 : nil } ?? "info"
            return [EditorNode(type: "banner", attrs: ["type": .string(type)], content: filled(children, marks: marks, depth: depth))]
        case "li":
            // An item outside a list: its content, in place.
            return blocks(children, marks: marks, depth: depth + 1)
        default:
            return [columns(index, marks: marks, depth: depth)]
        }
    }

    /// The text of `<a href="X">X</a>` (nothing else inside), percent-decoded; nil for other links.
    func autolinkText(_ index: Int) -> String? {
        let children = dom.nodes[index].children
        guard let href = dom.attribute("href", of: index), children.count == 1, dom.nodes[children[0]].name == nil else { return nil }
        let text = dom.nodes[children[0]].text
        let shown = href.hasPrefix("mailto:") && !text.hasPrefix("mailto:") ? "mailto:" + text : text
        return shown == href ? text.removingPercentEncoding ?? text : nil
    }

    /// The id Productive's editor gives a block.
    mutating func newID() -> EditorNode.AttrValue {
        nextID += 1
        return .string("\(idPrefix)-\(nextID)")
    }

    mutating func paragraph(content: [EditorNode], alignment: EditorNode.AttrValue = .null) -> EditorNode {
        EditorNode(type: "paragraph", attrs: ["id": newID(), "horizontalAlign": alignment], content: content)
    }

    mutating func noteOutside(_ index: Int, name: String) {
        if outside == nil { outside = "<\(name)>" }
    }

    static let blockNames: Set<String> = ["p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "ul", "ol", "li", "table", "hr", "banner"]
    static let bannerTypes: Set<String> = ["info", "warning", "success", "critical"]
    static let dropped: Set<String> = ["script", "style", "head", "title", "noscript", "object", "iframe", "template"]
    static let transparentBlocks: Set<String> = [
        "div", "section", "article", "aside", "header", "footer", "main", "nav", "details", "summary", "figure",
        "figcaption", "dl", "dt", "dd", "address", "center", "form", "fieldset", "body", "html",
    ]
}

/// What inline content found in a block context becomes.
enum Textblock {
    case paragraph([String: EditorNode.AttrValue])
    case heading(Int, [String: EditorNode.AttrValue])
}

extension EditorSchemaParser {
    /// The `text-align` of an element's `style`, or null (an `align` attribute is not read).
    func alignment(_ index: Int) -> [String: EditorNode.AttrValue] {
        let value = Self.style("text-align", of: dom.attribute("style", of: index))
        return ["horizontalAlign": value.flatMap { ["left", "center", "right", "justify"].contains($0) ? .string($0) : nil } ?? .null]
    }

    /// One property of a `style` attribute, lowercased.
    static func style(_ property: String, of style: String?) -> String? {
        guard let style else { return nil }
        for declaration in style.split(separator: ";") {
            let parts = declaration.split(separator: ":", maxSplits: 1)
            guard parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces).lowercased() == property else { continue }
            let value = parts[1].trimmingCharacters(in: .whitespaces)
            return value.isEmpty ? nil : value.lowercased()
        }
        return nil
    }
}
