import ProductiveFormat
import XCTest

final class MarkdownWriterTests: XCTestCase {
    private func write(_ blocks: [Block]) -> String {
        MarkdownWriter().write(Document(blocks: blocks))
    }

    func testCanonicalForms() {
        XCTAssertEqual(write([
            .heading(.two, [.text("Title")]),
            .paragraph([.text("a "), .text("b", Marks(strong: true)), .text(" "), .text("c", Marks(emphasis: true)), .hardBreak, .text("d")]),
            .bulletList(items: [[.paragraph([.text("x")])], [.paragraph([.text("y")])]]),
            .orderedList(start: 3, items: [[.paragraph([.text("three")])]]),
            .codeBlock(language: "swift", code: "let a = 1\n"),
            .divider,
        ]), """
            ## Title

            a **b** *c*  
            d

            - x
            - y

            3. three

            ```swift
            let a = 1
            ```

            ---

            """)
    }

    func testEscapingRoundTripsSpecialCharacters() {
        XCTAssertEqual(write([.paragraph([.text("1. not a list *star* _under_ [x] <tag> a|b AT&T &amp;")])]),
                       "1\\. not a list \\*star\\* \\_under\\_ \\[x\\] \\<tag> a|b AT&T \\&amp;\n")
        XCTAssertEqual(write([.paragraph([.text("# not a heading\n- not a bullet\n+ nor this")])]),
                       "\\# not a heading\n\\- not a bullet\n\\+ nor this\n")
    }

    func testWhitespaceMovesOutsideDelimiters() {
        XCTAssertEqual(write([.paragraph([.text("a"), .text(" bold ", Marks(strong: true)), .text("b")])]), "a **bold** b\n")
    }

    func testCodeFenceIsLongerThanAnyBacktickRunInside() {
        XCTAssertEqual(write([.codeBlock(language: nil, code: "```\nnested\n```\n")]), "````\n```\nnested\n```\n````\n")
        XCTAssertEqual(write([.paragraph([.text("a `tick`", Marks(code: true))])]), "`` a `tick` ``\n")
    }

    func testContainersPrefixEveryLine() {
        XCTAssertEqual(write([.blockquote([.paragraph([.text("one\ntwo")]), .bulletList(items: [[.paragraph([.text("i")])]])])]),
                       "> one\n> two\n>\n> - i\n")
        XCTAssertEqual(write([.checklist(items: [ChecklistItem(checked: true, blocks: [.paragraph([.text("done")]), .codeBlock(language: nil, code: "x\n")])])]),
                       "- [x] done\n\n  ```\n  x\n  ```\n")
    }

    func testAdjacentListsDoNotMerge() {
        XCTAssertEqual(write([.bulletList(items: [[.paragraph([.text("a")])]]), .bulletList(items: [[.paragraph([.text("b")])]])]),
                       "- a\n\n* b\n")
    }

    func testTables() {
        let table = Table(rows: [
            TableRow(cells: [TableCell(isHeader: true, content: [.text("A")]), TableCell(isHeader: true, content: [.text("B|C")])]),
            TableRow(cells: [TableCell(content: [.text("1")])]),
        ])
        XCTAssertEqual(write([.table(table)]), "| A | B\\|C |\n| --- | --- |\n| 1 |  |\n")
    }

    func testLinksImagesAndAutolinks() {
        XCTAssertEqual(write([.paragraph([
            .text("site", Marks(link: "https://x.test/a b")), .text(" "),
            .image(Image(source: "https://x.test/i.png", alt: "pic", title: "T")), .text(" "),
            .text("https://x.test", Marks(link: "https://x.test")),
        ])]), "[site](<https://x.test/a b>) ![pic](https://x.test/i.png \"T\") <https://x.test>\n")
    }

    func testHTMLOnlyElementsDegrade() {
        XCTAssertEqual(write([
            .banner(.warning, [.paragraph([.text("Careful", Marks(underline: true))], alignment: .center)]),
            .paragraph([.mention(Mention(kind: .user, id: "1", label: "Ann")), .text(" "), .variable("name")]),
        ]), "> Careful\n\nAnn {{name}}\n")
    }

    func testDividerFirstIsNotFrontMatter() {
        XCTAssertEqual(write([.divider, .paragraph([.text("x")]), .divider]), "***\n\nx\n\n---\n")
    }
}
