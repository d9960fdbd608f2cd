@testable import SourceReading
import XCTest

/// The pre-scan that skips the suppression-comment scan: it must find `productive-docs-` wherever
/// it is, in any case, and nothing else.
final class DirectivePrescanTests: XCTestCase {
    private func mayHold(_ text: String) -> Bool {
        Converter.mayHoldDirective(Array(text.utf8)[...])
    }

    func testFindsThePrefixAnywhereInAnyCase() {
        XCTAssertTrue(mayHold("productive-docs-"))
        XCTAssertTrue(mayHold("<!-- productive-docs-disable PD001 -->\n"))
        XCTAssertTrue(mayHold("- a - b -- c\n\ntext <!-- PRODUCTIVE-DOCS-disable-line -->"))
        XCTAssertTrue(mayHold(String(repeating: "- item -\n", count: 1000) + "Productive-Docs-enable"))
        XCTAssertTrue(mayHold("productive-productive-docs-x"), "a dash that is not the one is skipped, the next one found")
    }

    func testFindsNothingWithoutIt() {
        XCTAssertFalse(mayHold(""))
        XCTAssertFalse(mayHold("productive-docs"), "one byte short")
        XCTAssertFalse(mayHold("productive-doc-s-"))
        XCTAssertFalse(mayHold("-productive-docs"))
        XCTAssertFalse(mayHold(String(repeating: "- - - ---- -\n", count: 1000)))
    }

    func testASliceIsReadFromItsOwnStart() {
        let bytes = Array("xxxxproductive-docs-".utf8)
        XCTAssertTrue(Converter.mayHoldDirective(bytes[4...]))
        XCTAssertFalse(Converter.mayHoldDirective(bytes[5...]))
    }
}
