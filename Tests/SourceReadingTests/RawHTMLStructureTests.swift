import ProductiveFormat
import SourceReading
import XCTest

/// Raw HTML keeps its structure: end tags are respected, siblings stay siblings, in order,
/// every word present, on the Markdown path (HTML blocks inside Markdown) and the HTML path.
final class RawHTMLStructureTests: XCTestCase {
    private static func p(_ text: String, _ alignment: Alignment? = nil) -> Block {
        .paragraph([.text(text)], alignment: alignment)
    }

    private static func cell(_ text: String, header: Bool = false) -> TableCell {
        TableCell(isHeader: header, content: [.text(text)])
    }

    /// Block elements, each with the blocks it must become on its own.
    private static let elements: [(html: String, blocks: [Block])] = [
        ("<p>pa</p>", [p("pa")]),
        ("<p align=\"center\">pc</p>", [p("pc", .center)]),
        ("<div style=\"text-align: right\">dr</div>", [p("dr", .right)]),
        ("<h2>hb</h2>", [.heading(.two, [.text("hb")])]),
        ("<h5>hf</h5>", [.heading(.three, [.text("hf")])]),
        ("<blockquote>bq</blockquote>", [.blockquote([p("bq")])]),
        ("<ul><li>u1</li><li>u2</li></ul>", [.bulletList(items: [[p("u1")], [p("u2")]])]),
        ("<ol start=\"3\"><li>o3</li></ol>", [.orderedList(start: 3, items: [[p("o3")]])]),
        ("<table><tr><td>tc</td></tr></table>", [.table(Table(rows: [TableRow(cells: [cell("tc")])]))]),
        ("<hr>", [.divider]),
        ("<banner type=\"warning\"><p>bw</p></banner>", [.banner(.warning, [p("bw")])]),
        ("<pre><code>pre code</code></pre>", [.codeBlock(language: nil, code: "pre code")]),
        ("<details><summary>sm</summary>dt</details>", [p("sm"), p("dt")]),
        (
            "<div data-columns data-column-count=\"2\"><div data-column><p>c1</p></div><div data-column><p>c2</p></div></div>",
            [.columns(Columns([[p("c1")], [p("c2")]])!)]
        ),
    ]

    /// What can follow a block element: every element, bare text, and an aligned paragraph.
    private static let followers: [(html: String, blocks: [Block])] = elements + [
        ("tail words", [p("tail words")]),
        ("<p align=\"justify\">jf</p>", [p("jf", .justify)]),
    ]

    private func htmlPath(_ html: String) -> [Block] {
        Converter.check(html: html).document.blocks
    }

    private func markdownPath(_ markdown: String) -> [Block] {
        Converter.check(text: markdown, name: "t.md", options: ConversionOptions(titleHeading: .keep)).document?.blocks ?? []
    }

    func testEveryBlockElementFollowedByAnything() {
        for first in Self.elements {
            for second in Self.followers {
                let expected = first.blocks + second.blocks
                let joined = first.html + second.html
                XCTAssertEqual(htmlPath(joined), expected, "HTML path: \(joined)")
                XCTAssertEqual(markdownPath(joined + "\n"), expected, "Markdown path, one line: \(joined)")
                if !second.html.hasPrefix("<") { continue }
                let twoLines = first.html + "\n" + second.html + "\n"
                XCTAssertEqual(markdownPath(twoLines), expected, "Markdown path, two lines: \(twoLines)")
                XCTAssertEqual(htmlPath(twoLines), expected, "HTML path, two lines: \(twoLines)")
            }
        }
    }

    func testTextBeforeAndBetweenTagsStaysInOrder() {
        for element in Self.elements {
            let html = "lead words " + element.html + " mid words " + element.html
            XCTAssertEqual(htmlPath(html), [Self.p("lead words")] + element.blocks + [Self.p("mid words")] + element.blocks, html)
        }
    }

    func testTheIssueExamples() {
        let cases: [(String, [Block])] = [
            ("<table><tr><td>x</td></tr></table>\n<p>after</p>\n", [.table(Table(rows: [TableRow(cells: [Self.cell("x")])])), Self.p("after")]),
            ("<table><tr><td>x</td></tr></table>\ntail text\n", [.table(Table(rows: [TableRow(cells: [Self.cell("x")])])), Self.p("tail text")]),
            ("<hr><p>after hr</p>\n", [.divider, Self.p("after hr")]),
            (
                "<h3>Install</h3>\n<p>Run make.</p>\n<ul><li>one</li><li>two</li></ul>\n",
                [.heading(.three, [.text("Install")]), Self.p("Run make."), .bulletList(items: [[Self.p("one")], [Self.p("two")]])]
            ),
            ("<ul><li>one</li><li>two</li></ul>\n<p>After list</p>\n", [.bulletList(items: [[Self.p("one")], [Self.p("two")]]), Self.p("After list")]),
            ("<blockquote>q</blockquote>\n<p>After quote</p>\n", [.blockquote([Self.p("q")]), Self.p("After quote")]),
            ("<p align=\"center\">c</p><p>d</p>\n", [Self.p("c", .center), Self.p("d")]),
            ("<banner type=\"info\"><p>b</p></banner><p>after banner</p>\n", [.banner(.info, [Self.p("b")]), Self.p("after banner")]),
        ]
        for (source, expected) in cases {
            XCTAssertEqual(markdownPath(source), expected, "Markdown path: \(source)")
            XCTAssertEqual(htmlPath(source), expected, "HTML path: \(source)")
        }
    }

    func testNestedAndUnclosedTags() {
        let cases: [(String, [Block])] = [
            ("<div><p>a</p>b</div>c", [Self.p("a"), Self.p("b"), Self.p("c")]),
            (
                "<ul><li>a<ul><li>b</li></ul></li></ul>after",
                [.bulletList(items: [[Self.p("a"), .bulletList(items: [[Self.p("b")]])]]), Self.p("after")]
            ),
            ("<p>a<p>b", [Self.p("a"), Self.p("b")]),
            ("<ul><li>a<li>b</ul>after", [.bulletList(items: [[Self.p("a")], [Self.p("b")]]), Self.p("after")]),
            ("<blockquote><p>q</p>", [.blockquote([Self.p("q")])]),
            ("<table><tr><td>a<td>b</table>tail", [.table(Table(rows: [TableRow(cells: [Self.cell("a"), Self.cell("b")])])), Self.p("tail")]),
            ("<p>a</p> mid <p>b</p>", [Self.p("a"), Self.p("mid"), Self.p("b")]),
            ("</div>stray<p>c</p>", [Self.p("stray"), Self.p("c")]),
            ("<blockquote><blockquote>in</blockquote>out</blockquote>end", [.blockquote([.blockquote([Self.p("in")]), Self.p("out")]), Self.p("end")]),
            ("<banner type=\"success\">x<hr>y</banner>z", [.banner(.success, [Self.p("x"), .divider, Self.p("y")]), Self.p("z")]),
            ("<div align=\"center\"><p>a</p></div><p>b</p>", [Self.p("a", .center), Self.p("b")]),
        ]
        for (source, expected) in cases {
            XCTAssertEqual(htmlPath(source), expected, "HTML path: \(source)")
            XCTAssertEqual(markdownPath(source + "\n"), expected, "Markdown path: \(source)")
        }
    }

    func testHTMLSpanningMarkdownKeepsEveryWordInOrder() {
        // cmark-gfm ends an HTML block at a blank line: the Markdown between stays Markdown.
        let source = "<div>\n<p>first</p>\n\nSome **bold** words\n\n</div>\n<p>last</p>\n"
        XCTAssertEqual(markdownPath(source), [
            Self.p("first"), .paragraph([.text("Some "), .text("bold", Marks(strong: true)), .text(" words")]), Self.p("last"),
        ])
    }

    func testAStartTagAloneBeforeABlankLineSaysItWrapsNothing() {
        for source in ["<div align=\"center\">\n\nSome words\n\n</div>\n", "<banner type=\"info\">\n\nSome words\n\n</banner>\n"] {
            let checked = Converter.check(text: source, name: "t.md")
            XCTAssertEqual(checked.document?.blocks, [Self.p("Some words")], source)
            XCTAssertTrue(checked.findings.contains { $0.ruleID == "PD005" && $0.message.contains("alone") }, "\(checked.findings)")
            XCTAssertFalse(checked.findings.contains { $0.ruleID == "PD004" }, "no finding claims an alignment or banner that is not sent")
        }
    }

    func testFindingsFollowTheStructure() {
        let findings = Converter.check(text: "<p align=\"center\">c</p><p>d</p>\n", name: "t.md").findings
        XCTAssertEqual(findings.filter { $0.message.contains("alignment") }.count, 1, "only c is centred: \(findings)")
        let breaks = Converter.check(text: "a<br>b\n\n<hr>\n", name: "t.md").findings
        XCTAssertTrue(breaks.contains { $0.ruleID == "PD004" && $0.message.contains("<br>") }, "\(breaks)")
        XCTAssertTrue(breaks.contains { $0.ruleID == "PD004" && $0.message.contains("<hr>") }, "\(breaks)")
        let html = Converter.check(html: "<p>a<br>b</p><hr>").findings
        XCTAssertEqual(html.filter { $0.ruleID == "PD004" }.count, 2, "\(html)")
    }

    func testListsInTableCellsKeepTheirItemsApart() {
        let source = "<table><tr><td><ul><li>x</li><li>y</li></ul></td><td><ol><li>p</li><li>q</li></ol></td></tr></table>\n"
        let checked = Converter.check(text: source, name: "t.md")
        XCTAssertEqual(checked.document?.blocks, [.table(Table(rows: [TableRow(cells: [
            TableCell(content: [.text("• x"), .hardBreak, .text("• y")]),
            TableCell(content: [.text("1. p"), .hardBreak, .text("2. q")]),
        ])]))])
        XCTAssertTrue(checked.findings.contains { $0.ruleID == "PD010" && $0.message.contains("list") }, "\(checked.findings)")
        let markdown = Converter.convert(text: source, name: "t.md", options: ConversionOptions(format: .markdown)).payload.text
        XCTAssertTrue(markdown.contains("• x") && markdown.contains("• y"), markdown)
    }

    func testHeaderlessTableOnTheMarkdownPathSaysWhichRowIsTheHeader() {
        let source = "<table><tr><td>first row</td></tr><tr><td>second row</td></tr></table>\n"
        let checked = Converter.check(text: source, name: "t.md", options: ConversionOptions(format: .markdown))
        let finding = checked.findings.first { $0.ruleID == "PD016" }
        XCTAssertNotNil(finding)
        XCTAssertTrue(finding?.message.contains("first row") == true && finding?.message.contains("header") == true, "\(String(describing: finding))")
    }
}
