import Foundation
@testable import ProductiveSandbox
import XCTest

/// The sandbox's own reading of payloads, as Productive's editor stores them (cmark-gfm's HTML
/// renderer, libxml2, the schema's whitespace and text-node rules): one row per rule or element.
final class EditorReadingTests: XCTestCase {
    private enum Payload {
        case markdown(String)
        case html(String)
    }

    /// The blocks as one line: node types, attributes other than ids, nulls and defaults, text in
    /// quotes with its marks.
    private func outline(_ nodes: [EditorNode]) -> String {
        nodes.map(outline).joined(separator: " ")
    }

    private func outline(_ node: EditorNode) -> String {
        if node.type == "text" {
            let marks = node.marks.map { mark in
                mark.type + (mark.attrs.filter { $0.value != .null && $0.value != .string("") }.sorted { $0.key < $1.key }.map { "=\(value($0.value))" }.joined())
            }
            return "\"\(node.text ?? "")\"" + (marks.isEmpty ? "" : "[\(marks.joined(separator: ","))]")
        }
        let defaults: [String: EditorNode.AttrValue] = ["colspan": .int(1), "rowspan": .int(1)]
        let attrs = node.attrs.filter { $0.key != "id" && $0.value != .null && defaults[$0.key] != $0.value }
            .sorted { $0.key < $1.key }.map { "\($0.key)=\(value($0.value))" }
        var line = node.type + (attrs.isEmpty ? "" : "{\(attrs.joined(separator: " "))}")
        if !node.content.isEmpty { line += "(\(outline(node.content)))" }
        return line
    }

    private func value(_ value: EditorNode.AttrValue) -> String {
        switch value {
        case .string(let string): string
        case .int(let int): String(int)
        case .bool(let bool): String(bool)
        case .null: "null"
        }
    }

    private func read(_ payload: Payload) throws -> [EditorNode] {
        let store = try SandboxStore(dataFile: nil, strict: false)
        switch payload {
        case .markdown(let text): return try store.convert(markdown: text).blocks
        case .html(let text): return try store.convert(html: text).blocks
        }
    }

    private let rows: [(rule: String, payload: Payload, stored: String)] = [
        ("a run of spaces is one space", .markdown("two  spaces"), #"paragraph("two spaces")"#),
        ("a soft break is a space", .markdown("one\ntwo"), #"paragraph("one two")"#),
        ("a hard break; no space after it", .markdown("Line  \nnext"), #"paragraph("Line" br "next")"#),
        ("no space at a block's edges, after a space or a break", .html("<p>  lead  <em> x </em>  tail <br> after  </p>"),
         #"paragraph("lead " "x "[em] "tail " br "after")"#),
        ("text with equal marks is one node", .html("<p><strong>a</strong><b>b</b></p>"), #"paragraph("ab"[strong])"#),
        ("marks in schema order, one of each", .html("<p><em><a href=\"https://x.example/\"><strong>t</strong></a></em></p>"),
         #"paragraph("t"[link=https://x.example/,strong,em])"#),
        ("an autolink's text percent-decoded", .markdown("<https://x.example/a%20b>"), #"paragraph("https://x.example/a b"[link=https://x.example/a%20b])"#),
        ("inline code collapses whitespace too", .markdown("`a  b`"), #"paragraph("a b"[code])"#),
        ("text in NFC", .markdown("Cafe\u{301}"), "paragraph(\"Café\")"),
        ("entities decoded", .markdown("Fish &amp; chips &copy;"), #"paragraph("Fish & chips ©")"#),
        ("raw HTML in Markdown is not rendered (its text stays)", .markdown("a <kbd>K</kbd> b"), #"paragraph("a K b")"#),
        ("h4 to h6 are level 3", .markdown("#### Deep"), #"heading{level=3}("Deep")"#),
        ("an empty heading is kept", .html("<h2></h2>"), "heading{level=2}"),
        ("a code block: language, no final line end, whitespace kept", .markdown("```rust\nfn  x\n```"), #"codeblock{language=rust}("fn  x")"#),
        ("a line end after <code> is content", .html("<pre><code>\nx</code></pre>"), "codeblock(\"\nx\")"),
        ("one line end right after <pre> is not", .html("<pre>\n\nx</pre>"), "codeblock(\"\nx\")"),
        ("a task list is a checklist", .markdown("- [x] done\n- [ ] todo"),
         #"checklist(checklist_item{checked=true}(paragraph("done")) checklist_item{checked=false}(paragraph("todo")))"#),
        ("an ordered list's start", .markdown("3. three"), #"ol{start=3}(li(paragraph("three")))"#),
        ("nested lists, items as paragraphs", .html("<ul><li>a<ul><li>b</li></ul></li></ul>"), #"ul(li(paragraph("a") ul(li(paragraph("b")))))"#),
        ("a table: header cells, Markdown column alignment dropped", .markdown("| A |\n|:-:|\n| b |"),
         #"table(table_row(table_header(paragraph("A"))) table_row(table_cell(paragraph("b"))))"#),
        ("cell spans, alignment and background", .html("<table><tr><td colspan=\"2\" style=\"text-align: right; background-color: #eee\">c</td></tr></table>"),
         #"table(table_row(table_cell{background=#eee colspan=2 horizontalAlign=right}(paragraph("c"))))"#),
        ("a divider", .markdown("a\n\n---\n\nb"), #"paragraph("a") divider paragraph("b")"#),
        ("paragraph alignment", .html("<p style=\"text-align: center\">c</p>"), #"paragraph{horizontalAlign=center}("c")"#),
        ("a banner", .html("<banner type=\"warning\"><p>w</p></banner>"), #"banner{type=warning}(paragraph("w"))"#),
        ("columns", .html("<div data-columns data-column-count=\"2\"><div data-column><p>l</p></div><div data-column><p>r</p></div></div>"),
         #"columns{count=2}(column(paragraph("l")) column(paragraph("r")))"#),
        ("a mention", .html("<p><span mention-type=\"user\" mention-id=\"7\" mention-label=\"Jane\">Jane</span></p>"),
         "paragraph(mention{isDone=false isRootPage=false label=Jane type=user})"),
        ("colours", .html("<p><span style=\"color: red\">r</span></p>"), #"paragraph("r"[styles=red])"#),
        ("an image keeps src, alt, title and width", .html("<p><img src=\"https://x.example/a.png?v=1\" alt=\"A\" title=\"T\" width=\"120\"></p>"),
         "paragraph(image{alt=A src=https://x.example/a.png?v=1 title=T width=120})"),
        ("unknown elements keep their text, scripts do not", .html("<p><kbd>K</kbd> <script>x</script>y</p><details><summary>S</summary>D</details>"),
         #"paragraph("K y") paragraph("S") paragraph("D")"#),
        ("inline content at block level is a paragraph", .html("loose <u>text</u>"), #"paragraph("loose " "text"[underline])"#),
    ]

    func testEachRuleAndElement() throws {
        for row in rows {
            XCTAssertEqual(outline(try read(row.payload)), row.stored, row.rule)
        }
    }

    func testABodyReadsBackFromItsJSON() throws {
        for row in rows {
            let blocks = try read(row.payload)
            XCTAssertEqual(EditorDocument(json: EditorDocument(blocks: blocks).json)?.blocks, blocks, row.rule)
        }
        XCTAssertEqual(EditorDocument().json, #"{"content":[{"type":"paragraph"}],"type":"doc"}"#, "an empty page is one empty paragraph")
    }

    func testStrictModeRefusesWhatIsOutsideTheElementSet() throws {
        let store = try SandboxStore(dataFile: nil, strict: true)
        XCTAssertThrowsError(try store.convert(markdown: "#### Four")) { XCTAssertTrue("\($0)".contains("level 4 heading"), "\($0)") }
        XCTAssertThrowsError(try store.convert(html: "<p><kbd>K</kbd></p>")) { XCTAssertTrue("\($0)".contains("<kbd>"), "\($0)") }
        XCTAssertNoThrow(try store.convert(html: "<p style=\"text-align: center\"><u>u</u> <span style=\"color: red\">r</span></p><banner type=\"info\"><p>b</p></banner>"))
    }
}
