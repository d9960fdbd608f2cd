import ProductiveFormat
import XCTest

final class SourceLinesTests: XCTestCase {
    func testByteColumnsBecomeCodePointColumns() {
        let lines = SourceLines(text: "plain\ncafé <kbd>x</kbd>\n東京 <u>y</u>\r\n👍🏽 z\rlast")
        XCTAssertEqual(lines.count, 5)
        XCTAssertEqual(lines.codePointColumn(line: 1, byteColumn: 3), 3)
        XCTAssertEqual(lines.codePointColumn(line: 2, byteColumn: 7), 6, "é is two bytes")
        XCTAssertEqual(lines.codePointColumn(line: 3, byteColumn: 8), 4, "東京 is six bytes")
        XCTAssertEqual(lines.codePointColumn(line: 4, byteColumn: 10), 4, "👍🏽 is two code points in eight bytes")
        XCTAssertEqual(Array(lines.line(5)), Array("last".utf8))
        XCTAssertEqual(lines.codePointColumn(line: 1, byteColumn: 9), 9, "past the end counts one a column")
        XCTAssertEqual(lines.codePointColumn(line: 42, byteColumn: 1), 1)
    }

    func testAByteOrderMarkIsNotPartOfLineOne() {
        let lines = SourceLines([0xEF, 0xBB, 0xBF] + Array("é<x>".utf8))
        XCTAssertEqual(lines.codePointColumn(line: 1, byteColumn: 3), 2)
    }

    /// Without any `\r` the lines are found by another path: the same lines as with one.
    func testLinesEndingInNewlinesOnlySplitAlike() {
        for text in ["", "a", "a\n", "a\n\nb", "\n\n", "plain\ncafé <kbd>x</kbd>\n東京\n"] {
            let lines = SourceLines(text: text)
            let withCR = SourceLines(text: text + "\r")
            let expected = text.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0.utf8) }
            let kept = text.hasSuffix("\n") ? expected.dropLast() : expected[...]
            XCTAssertEqual((1...max(lines.count, 1)).map { Array(lines.line($0)) }, kept.isEmpty ? [[]] : Array(kept), "\(text.debugDescription)")
            XCTAssertEqual(lines.count, max(kept.count, 1), "\(text.debugDescription)")
            XCTAssertEqual((1...lines.count).map { Array(lines.line($0)) }, (1...lines.count).map { Array(withCR.line($0)) })
        }
    }
}
