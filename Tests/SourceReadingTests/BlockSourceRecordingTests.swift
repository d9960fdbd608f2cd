import Foundation
import ProductiveFormat
@testable import SourceReading
import XCTest

/// `check` maps without recording block sources (only `pull` reads them): the document, its
/// format and its findings are those of a mapping that records them.
final class BlockSourceRecordingTests: XCTestCase {
    static let cases = [
        "# Title\n\n> [!NOTE]\n> The note goes on here.\n\n> [!WARNING]\n\n> plain quote\n",
        "- a\n- b\n  - nested\n\n1. one\n2. two\n\n- [ ] task\n- [x] done\n- plain after tasks\n",
        "| a | b |\n|---|--:|\n| 1 | 2 |\n\n<div>\n<p>raw</p>\n</div>\n\nText[^1].\n\n[^1]: A note.\n",
        "# Title\n\nTitle heading dropped, then text.\n\n#### Deep heading\n",
    ]

    func testCheckingGivesWhatAMappingThatRecordsSourcesGives() throws {
        var inputs = Self.cases.map { ("case", $0) }
        if let examples = try? Fixtures.specExamples() {
            inputs += examples.map { ("spec/\($0.number)", $0.markdown) }
        }
        for (name, markdown) in inputs {
            let bytes = Array(markdown.utf8)
            let recorded = Converter.map(bytes, name: "doc.md")
            XCTAssertEqual(recorded.sources.count, recorded.document?.blocks.count ?? 0, name)
            let checked = Converter.check(bytes, name: "doc.md")
            let fromRecorded = Converter.check(recorded, links: nil)
            XCTAssertEqual(checked.document, fromRecorded.document, name)
            XCTAssertEqual(checked.format, fromRecorded.format, name)
            XCTAssertEqual(checked.findings, fromRecorded.findings, name)
            XCTAssertEqual(checked.title, fromRecorded.title, name)
        }
    }
}
