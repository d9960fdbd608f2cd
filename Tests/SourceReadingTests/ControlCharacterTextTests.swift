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

/// Control characters where Markdown has no escape (issue 17, deliverable 5): code spans and code
/// blocks get their pictures, C1 controls in text numeric references, on both writers.
final class ControlCharacterCodeTests: XCTestCase {
    private static let raw: Set<UInt32> = Set(Array(0x01...0x08) + [0x0B, 0x0C] + Array(0x0E...0x1F) + [0x7F] + Array(0x80...0x9F))

    private func assertNoRawControl(_ text: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertFalse(text.unicodeScalars.contains { Self.raw.contains($0.value) }, text.debugDescription, file: file, line: line)
    }

    func testCodeSpansAndBlocksHoldControlPicturesAndReadBackStable() {
        let document = Document(blocks: [
            .paragraph([.text("run ", Marks()), .text("echo \u{1B}[31m\u{7}\u{85}", Marks(code: true))]),
            .codeBlock(language: "sh", code: "printf '\u{1B}[0m\u{7F}'\n"),
        ])
        let written = MarkdownWriter().write(document)
        assertNoRawControl(written)
        XCTAssertTrue(written.contains("`echo \u{241B}[31m\u{2407}\u{FFFD}`"), written)
        XCTAssertTrue(written.contains("printf '\u{241B}[0m\u{2421}'"), written)
        let html = HTMLWriter().write(document)
        assertNoRawControl(html)
        XCTAssertTrue(html.contains("printf '\u{241B}[0m\u{2421}'"), html)
        // Written again from what it reads back: the same bytes (no drift).
        let back = Converter.convert(text: written, name: "pulled.md").checked.document
        XCTAssertEqual(back.map { MarkdownWriter().write($0) }, written)
    }

    func testC1ControlsInTextAreReferencesThatReadBackTheSame() {
        let text = "next\u{85}line and \u{9B}csi"
        let written = MarkdownWriter().write(Document(blocks: [.paragraph([.text(text)])]))
        assertNoRawControl(written)
        XCTAssertTrue(written.contains("next&#x85;line and &#x9B;csi"), written)
        XCTAssertEqual(Converter.convert(text: written, name: "pulled.md").checked.document?.blocks, [.paragraph([.text(text)])])
    }
}
