import ProductiveFormat
import XCTest

/// The writers work on UTF-8 bytes but decide blanks, backticks and `#` as characters, as the
/// String-based writers before them did: these cases are where a byte and a character differ.
final class ByteWriterTests: XCTestCase {
    private func markdown(_ blocks: [Block]) -> String {
        MarkdownWriter().write(Document(blocks: blocks))
    }

    func testABlankJoinedToACombiningMarkIsNotABlank() {
        XCTAssertEqual(markdown([.paragraph([.text("a\n \u{301}b")])]), "a\n \u{301}b\n")
        XCTAssertEqual(markdown([.paragraph([.text(" \u{301}x")])]), " \u{301}x\n")
    }

    func testABlankAfterAPrependCharacterIsNotTrimmed() {
        XCTAssertEqual(markdown([.paragraph([.text("a\u{600} \nb")])]), "a\u{600} \nb\n")
        XCTAssertEqual(markdown([.paragraph([.text("x\u{600} ")])]), "x\u{600} \n")
    }

    func testAClosingHashIsEscapedOnlyWhenItIsACharacterOfItsOwn() {
        XCTAssertEqual(markdown([.heading(.one, [.text("C\u{600}#")])]), "# C\u{600}#\n")
        XCTAssertEqual(markdown([.heading(.two, [.text("C#")])]), "## C\\#\n")
    }

    func testCodeSpanPaddingComparesCharacters() {
        // U+1FEF is canonically equivalent to a backtick.
        XCTAssertEqual(markdown([.paragraph([.text("\u{1FEF}x", Marks(code: true))])]), "` \u{1FEF}x `\n")
        XCTAssertEqual(markdown([.paragraph([.text("x\u{1FEF}", Marks(code: true))])]), "` x\u{1FEF} `\n")
        XCTAssertEqual(markdown([.paragraph([.text(" a ", Marks(code: true))])]), "`  a  `\n")
    }

    func testACodeBlockEndingWithCRLFKeepsItsLastLine() {
        XCTAssertEqual(markdown([.codeBlock(language: "sh", code: "a\r\n")]), "```sh\na\r\n\n```\n")
        XCTAssertEqual(markdown([.codeBlock(language: "sh", code: "a\n")]), "```sh\na\n```\n")
    }

    func testTheBytesAreTheStringAndAppendToTheBuffer() {
        let document = Document(blocks: [
            .heading(.one, [.text("T\u{e9}st")]),
            .paragraph([.text("a "), .text("b", Marks(strong: true, link: "http://x")), .hardBreak, .text("c & <d>")]),
            .codeBlock(language: "a\"b", code: "\n<x> & y"),
        ])
        for style in [MarkdownWriter.Style.payload, .source] {
            let writer = MarkdownWriter(style: style)
            XCTAssertEqual(writer.writeBytes(document), Array(writer.write(document).utf8))
            var buffer = Array("before\n".utf8)
            writer.write(document, into: &buffer)
            XCTAssertEqual(buffer, Array(("before\n" + writer.write(document)).utf8))
        }
        XCTAssertEqual(HTMLWriter().writeBytes(document), Array(HTMLWriter().write(document).utf8))
        XCTAssertEqual(
            HTMLWriter().write(Document(blocks: [.codeBlock(language: "a\"b", code: "\n<x> & y")])),
            "<pre codeblock-language=\"a&quot;b\"><code>\n&lt;x&gt; &amp; y</code></pre>\n",
            "a line end after <code> is content (only one right after <pre> is not): written once"
        )
        var payload: [UInt8] = []
        PayloadWriter.write(document, format: .html, into: &payload)
        XCTAssertEqual(payload, HTMLWriter().writeBytes(document))
        payload = []
        PayloadWriter.write(document, format: .markdown, into: &payload)
        XCTAssertEqual(payload, MarkdownWriter().writeBytes(document))
    }
}
