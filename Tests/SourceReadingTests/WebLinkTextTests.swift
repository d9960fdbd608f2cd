import ProductiveFormat
import SourceReading
import XCTest

/// Text that reads as a web link to cmark-gfm's autolink extension but is plain in the document
/// (the source escaped it: `https\://example.com`, `www\.example.org`). Productive reads Markdown
/// with the extension, so the writer escapes it again: a payload that said `https://example.com`
/// would be stored as a link, which the verifier called a page that did not land, and which was
/// sent twice.
final class WebLinkTextTests: XCTestCase {
    private func document(_ markdown: String) -> Document? {
        Converter.convert(text: markdown, name: "doc.md").checked.document
    }

    private static func hasLink(_ blocks: [Block]) -> Bool {
        blocks.contains { block in
            guard case .paragraph(let inlines, _) = block else { return false }
            return inlines.contains { inline in
                if case .text(_, let marks) = inline { return marks.link != nil }
                return false
            }
        }
    }

    func testEscapedWebLinksStayTextWrittenAndReadBack() throws {
        let sources = [
            "See https\\://example.com/a and www\\.example.org here.",
            "Old FTP\\://files.example.com and HTTP\\://EXAMPLE.COM.",
            "(www\\.example.org) *www\\.example.net* 1https\\://example.com",
            "A line\nhttps\\://example.com starts the next one.",
        ]
        for source in sources {
            let read = try XCTUnwrap(document(source), source)
            XCTAssertFalse(Self.hasLink(read.blocks), "the source holds no link: \(read.blocks)")
            let written = MarkdownWriter().write(read)
            // The reader reads as Productive does, with the autolink extension's links.
            XCTAssertEqual(document(written)?.blocks, read.blocks, "written \(written.debugDescription) reads back as the same text")
        }
    }

    func testTextTheExtensionNeverLinksIsNotEscaped() {
        let text = "At 10:30 the swww.example.org mirror, xhttp://a, version 2.0 and a.b: nothing to escape."
        XCTAssertEqual(MarkdownWriter().write(Document(blocks: [.paragraph([.text(text)])])), text + "\n")
    }

    func testLinksAreWrittenAsBefore() {
        let read = document("Go to https://example.com or <https://example.org> or [site](https://example.net).")
        XCTAssertTrue(Self.hasLink(read?.blocks ?? []))
        XCTAssertEqual(read.map { MarkdownWriter().write($0) }, "Go to <https://example.com> or <https://example.org> or [site](https://example.net).\n")
        // A link's text is in brackets, where the extension links nothing: written as it is.
        let named = "[*http://127.0.0.1:7878*](http://127.0.0.1:7878) and ![see www.example.org](https://example.com/a.png)\n"
        XCTAssertEqual(document(named).map { MarkdownWriter().write($0) }, named)
    }
}
