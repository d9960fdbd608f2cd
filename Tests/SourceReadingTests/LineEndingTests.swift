import Foundation
import ProductiveFormat
import SourceReading
import XCTest

/// cmark ends a line at `\n`, `\r\n` or a lone `\r`: the same document saved any of these ways maps
/// to the same model with the same findings at the same lines (the checks that read the source
/// bytes, bullets, setext headings and raw HTML, included).
final class LineEndingTests: XCTestCase {
    private let document = """
        Title
        =====

        * first
        * second

        <div align="center">
        Centered <b>text</b>
        </div>

        Some _text_ and `code`.

        """

    func testTheSameDocumentWithAnyLineEndMapsAlike() {
        let options = ConversionOptions(titleHeading: .keep)
        let lf = Converter.check(Array(document.utf8), name: "t.md", options: options)
        XCTAssertEqual(Set(lf.findings.map(\.ruleID)), ["PD002", "PD004"], "\(lf.findings)")
        for ending in ["\r\n", "\r"] {
            let text = document.replacingOccurrences(of: "\n", with: ending)
            let checked = Converter.check(Array(text.utf8), name: "t.md", options: options)
            XCTAssertEqual(checked.document, lf.document, ending.debugDescription)
            XCTAssertEqual(checked.findings.map { "\($0.ruleID) \($0.position.line):\($0.position.column) \($0.message)" },
                           lf.findings.map { "\($0.ruleID) \($0.position.line):\($0.position.column) \($0.message)" }, ending.debugDescription)
        }
    }
}
