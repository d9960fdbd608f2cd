import ProductiveFormat
import XCTest

final class HTMLWriterTests: XCTestCase {
    private func write(_ blocks: [Block]) -> String {
        HTMLWriter().write(Document(blocks: blocks))
    }

    func testReferenceAttributeForms() {
        XCTAssertEqual(write([.codeBlock(language: "ruby", code: "puts 1 < 2\n")]),
                       "<pre codeblock-language=\"ruby\"><code>puts 1 &lt; 2\n</code></pre>\n")
        XCTAssertEqual(write([.checklist(items: [ChecklistItem(checked: false, blocks: [.paragraph([.text("a")])])])]),
                       "<ul type=\"checklist\">\n<li type=\"checklist_item\" checked=\"false\"><p>a</p>\n</li>\n</ul>\n")
        XCTAssertEqual(write([.banner(.critical, [.paragraph([.text("x")])])]), "<banner type=\"critical\">\n<p>x</p>\n</banner>\n")
        XCTAssertEqual(write([.paragraph([.text("c")], alignment: .justify)]), "<p style=\"text-align: justify\">c</p>\n")
        XCTAssertEqual(write([.orderedList(start: 3, items: [[.paragraph([.text("c")])]])]), "<ol start=\"3\">\n<li><p>c</p>\n</li>\n</ol>\n")
        XCTAssertEqual(write([.orderedList(start: 1, items: [])]), "<ol>\n</ol>\n")
        XCTAssertEqual(write([.divider]), "<hr>\n")
    }

    func testColumns() {
        let columns = Columns([[.paragraph([.text("L")])], [.paragraph([.text("R")])]])!
        XCTAssertEqual(write([.columns(columns)]), """
            <div data-columns data-column-count="2" style="grid-template-columns: 1fr 1fr;">
            <div data-column>
            <p>L</p>
            </div>
            <div data-column>
            <p>R</p>
            </div>
            </div>

            """)
        XCTAssertNil(Columns([[]]), "one column is not a columns layout")
        XCTAssertNil(Columns(Array(repeating: [], count: 6)))
    }

    func testMarksNestProperly() {
        XCTAssertEqual(write([.paragraph([
            .text("a", Marks(strong: true, link: "https://x.test?a=1&b=2")), .text("b", Marks(strong: true, emphasis: true)),
            .text("c", Marks(underline: true, color: "red")), .hardBreak,
            .mention(Mention(kind: .page, id: "9", label: "Docs & more")), .variable("who"),
        ])]), "<p><a href=\"https://x.test?a=1&amp;b=2\"><strong>a</strong></a><strong><em>b</em></strong><u><span style=\"color: red\">c<br></span></u><span mention-type=\"page\" mention-id=\"9\" mention-label=\"Docs &amp; more\">Docs &amp; more</span><span var=\"who\"></span></p>\n")
    }

    func testTableSpansAndCellStyles() {
        let table = Table(rows: [TableRow(cells: [TableCell(isHeader: true, content: [.text("H")], colspan: 2, rowspan: 1, alignment: .center, backgroundColor: "#eee")])])
        XCTAssertEqual(write([.table(table)]), "<table>\n<tr><th colspan=\"2\" style=\"text-align: center; background-color: #eee\">H</th></tr>\n</table>\n")
    }

    func testAutoFormatChoosesHTMLOnlyWhenNeeded() {
        XCTAssertEqual(OutputFormat.auto.resolved(for: Document(blocks: [.paragraph([.text("x")])])), .markdown)
        XCTAssertEqual(OutputFormat.auto.resolved(for: Document(blocks: [.paragraph([.text("x")], alignment: .center)])), .html)
        XCTAssertEqual(OutputFormat.markdown.resolved(for: Document(blocks: [.banner(.info, [])])), .markdown)
    }
}
