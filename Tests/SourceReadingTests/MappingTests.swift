import ProductiveFormat
import SourceReading
import XCTest

/// How source constructs land in the model.
final class MappingTests: XCTestCase {
    private func blocks(_ markdown: String, _ options: ConversionOptions = ConversionOptions(titleHeading: .keep)) -> [Block] {
        Converter.check(text: markdown, name: "t.md", options: options).document?.blocks ?? []
    }

    /// The language is the info string's first word, whatever blanks (Unicode ones too) follow it.
    func testCodeBlockLanguageIsTheFirstWordOfTheInfoString() {
        let cases: [(String, String?)] = [
            ("rust", "rust"), ("rust,ignore", "rust,ignore"), ("python  title=\"x\"", "python"), ("sh\tx", "sh"),
            ("", nil), ("日本語 x", "日本語"), ("rust\u{00A0}x", "rust"), ("c\u{3000}x", "c"),
        ]
        for (info, language) in cases {
            XCTAssertEqual(blocks("```\(info)\ncode\n```\n"), [.codeBlock(language: language, code: "code\n")], info.debugDescription)
        }
    }

    func testGitHubAlertsBecomeBanners() {
        let expected: [(String, BannerType)] = [
            ("NOTE", .info), ("TIP", .success), ("IMPORTANT", .info), ("WARNING", .warning), ("CAUTION", .critical),
        ]
        for (marker, type) in expected {
            XCTAssertEqual(blocks("> [!\(marker)]\n> Body text.\n"), [.banner(type, [.paragraph([.text("Body text.")])])], marker)
        }
    }

    func testMarksAreFlatRuns() {
        XCTAssertEqual(blocks("a **b *c*** ~~d~~ `e` [f](https://x.test)\n"), [.paragraph([
            .text("a "), .text("b ", Marks(strong: true)), .text("c", Marks(strong: true, emphasis: true)), .text(" "),
            .text("d", Marks(strike: true)), .text(" "), .text("e", Marks(code: true)), .text(" "),
            .text("f", Marks(link: "https://x.test")),
        ])])
    }

    func testTaskListsBecomeChecklistsAndOrderedListsKeepTheirStart() {
        XCTAssertEqual(blocks("- [ ] a\n- [x] b\n"), [.checklist(items: [
            ChecklistItem(checked: false, blocks: [.paragraph([.text("a")])]),
            ChecklistItem(checked: true, blocks: [.paragraph([.text("b")])]),
        ])])
        XCTAssertEqual(blocks("3. c\n4. d\n"), [.orderedList(start: 3, items: [[.paragraph([.text("c")])], [.paragraph([.text("d")])]])])
    }

    func testAlignmentFromAttributesAndStyles() {
        XCTAssertEqual(blocks("<p align=\"center\">Mid</p>\n"), [.paragraph([.text("Mid")], alignment: .center)])
        XCTAssertEqual(blocks("<div style=\"text-align: right\">Right</div>\n"), [.paragraph([.text("Right")], alignment: .right)])
        XCTAssertEqual(blocks("<h2 align=\"right\">Title</h2>\n"), [.heading(.two, [.text("Title")], alignment: .right)])
    }

    func testSupportedInlineHTMLMapsToMarks() {
        XCTAssertEqual(blocks("x <u>under</u> <b>bold</b> <s>gone</s><br>y\n"), [.paragraph([
            .text("x "), .text("under", Marks(underline: true)), .text(" "), .text("bold", Marks(strong: true)), .text(" "),
            .text("gone", Marks(strike: true)), .hardBreak, .text("y"),
        ])])
    }

    func testImageWidthAndTableSpans() {
        XCTAssertEqual(blocks("<img src=\"https://x.test/a.png\" alt=\"A\" width=\"120\">\n"),
                       [.paragraph([.image(Image(source: "https://x.test/a.png", alt: "A", width: 120))])])
        let table = blocks("<table><tr><th colspan=\"2\" style=\"background-color: #eee\">H</th></tr><tr><td rowspan=\"2\">a</td><td align=\"right\">b</td></tr></table>\n")
        XCTAssertEqual(table, [.table(Table(rows: [
            TableRow(cells: [TableCell(isHeader: true, content: [.text("H")], colspan: 2, backgroundColor: "#eee")]),
            TableRow(cells: [TableCell(content: [.text("a")], rowspan: 2), TableCell(content: [.text("b")], alignment: .right)]),
        ]))])
    }

    func testUnsafeHTMLIsRemovedWithAnError() {
        let checked = Converter.check(text: "a <script>alert(1)</script> b <a href=\"javascript:x()\">t</a> <img src=\"https://x.test/i.png\" onerror=\"x()\">\n", name: "t.md")
        XCTAssertEqual(checked.findings.filter { $0.ruleID == "PD006" }.count, 3)
        let payload = Converter.write(checked).text
        XCTAssertFalse(payload.contains("alert"))
        XCTAssertFalse(payload.contains("javascript"))
        XCTAssertFalse(payload.contains("onerror"))
        XCTAssertTrue(payload.contains("t"))
    }

    func testUnsupportedHTMLKeepsItsText() {
        XCTAssertEqual(blocks("Press <kbd>Ctrl</kbd> now\n"), [.paragraph([.text("Press Ctrl now")])])
    }

    func testMentionsAndVariables() {
        XCTAssertEqual(blocks("Hi <span mention-type=\"user\" mention-id=\"7\" mention-label=\"Ann\">Ann</span> and <span var=\"customer_name\"></span>.\n"), [.paragraph([
            .text("Hi "), .mention(Mention(kind: .user, id: "7", label: "Ann")), .text(" and "), .variable("customer_name"), .text("."),
        ])])
    }

    func testFootnotesBecomeNumberedNotes() {
        XCTAssertEqual(blocks("One[^b] two[^a].\n\n[^a]: Note A.\n[^b]: Note B.\n"), [
            .paragraph([.text("One[1] two[2].")]),
            .divider,
            .orderedList(start: 1, items: [[.paragraph([.text("Note B.")])], [.paragraph([.text("Note A.")])]]),
        ])
    }

    func testHeadingFallbackToBold() {
        let options = ConversionOptions(headingFallback: .bold, titleHeading: .keep)
        XCTAssertEqual(blocks("##### Small\n", options), [.paragraph([.text("Small", Marks(strong: true))])])
    }

    func testTitleHeadingIsDroppedOnlyWhenEqual() {
        let dropped = Converter.check(text: "# Guide\n\nBody\n", name: "g.md")
        XCTAssertEqual(dropped.document?.blocks, [.paragraph([.text("Body")])])
        let kept = Converter.check(text: "---\ntitle: Other\n---\n# Guide\n", name: "g.md")
        XCTAssertEqual(kept.document?.blocks, [.heading(.one, [.text("Guide")])])
    }

    func testRelativeImagesUseTheAssetBaseURL() {
        let options = ConversionOptions(titleHeading: .keep, assetBaseURL: "https://cdn.test/docs")
        XCTAssertEqual(blocks("![Plan](./img/plan.png)\n", options), [.paragraph([.image(Image(source: "https://cdn.test/docs/img/plan.png", alt: "Plan"))])])
        XCTAssertEqual(blocks("![Plan](img/plan.png)\n"), [.paragraph([.text("Plan")])])
    }

    func testAutoPicksHTMLOnlyForHTMLOnlyElements() {
        XCTAssertEqual(Converter.check(text: "Plain **text**\n", name: "a.md").format, .markdown)
        XCTAssertEqual(Converter.check(text: "> [!TIP]\n> Hi\n", name: "a.md").format, .html)
        XCTAssertEqual(Converter.check(text: "| a |\n|:-:|\n| b |\n", name: "a.md").format, .html)
    }
}
