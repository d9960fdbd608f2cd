import ProductiveFormat
import SourceReading
import XCTest

/// Control characters in text (issue 17, incident 9): the Markdown writer (payloads, and the files
/// `pull` writes) never writes ESC or BEL raw, and cmark-gfm reads back the same text, so a page
/// that holds them shows no drift and a pulled file cannot act on a terminal.
final class ControlCharacterTextTests: XCTestCase {
    func testControlCharactersAreWrittenAsReferencesAndReadBackTheSame() {
        let text = "red \u{1B}[31malert\u{7} and\u{7F}done"
        let written = MarkdownWriter().write(Document(blocks: [.paragraph([.text(text)])]))
        XCTAssertFalse(written.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x7F }, written)
        XCTAssertTrue(written.contains("&#x1B;\\[31malert&#x7;"), written)
        let back = Converter.convert(text: written, name: "pulled.md").checked.document
        XCTAssertEqual(back?.blocks, [.paragraph([.text(text)])], "the same text read back")
    }

    func testTitlesLoseControlCharactersAsTheyReadBack() {
        XCTAssertEqual(Converter.pageTitle("Next\u{85}line\tand\u{1B}x"), "Next line and x")
        XCTAssertEqual(Converter.pageTitle("Plain café"), "Plain café")
    }
}
