import Foundation
import ProductiveFormat
import SourceReading
import XCTest

/// Inline `<!-- productive-docs-... -->` comments, through the real checker.
final class SuppressionDirectivesTests: XCTestCase {
    /// The rule ids and lines of the findings of `markdown`.
    private func found(_ markdown: String, policy: FindingPolicy = FindingPolicy()) -> [String] {
        Converter.check(Array(markdown.utf8), name: "doc.md", options: ConversionOptions(findingPolicy: policy))
            .findings.map { "\($0.ruleID)@\($0.position.line)" }
    }

    func testWithoutDirectivesEveryKbdIsReported() {
        XCTAssertEqual(found("<kbd>a</kbd>\n\n<kbd>b</kbd>\n"), ["PD005@1", "PD005@3"])
    }

    func testDisableUntilEnableForOneRuleAndNoCommentFinding() {
        let markdown = """
            <kbd>a</kbd>

            <!-- productive-docs-disable PD005 -->

            <kbd>b</kbd> #### not a heading

            #### Deep

            <!-- productive-docs-enable PD005 -->

            <kbd>c</kbd>

            """
        XCTAssertEqual(found(markdown), ["PD005@1", "PD001@7", "PD005@11"])
    }

    func testDisableWithoutIDsSwitchesEveryRuleOffAndEnableOfOneRuleComesBack() {
        let markdown = """
            <!-- productive-docs-disable -->
            <kbd>a</kbd>

            #### Deep

            <!-- productive-docs-enable PD001 -->
            #### Deeper <kbd>b</kbd>

            """
        XCTAssertEqual(found(markdown), ["PD001@7"])
    }

    func testDisableNextLineAndDisableLine() {
        let markdown = """
            <!-- productive-docs-disable-next-line PD005 -->
            Press <kbd>a</kbd>.

            Press <kbd>b</kbd>.

            Press <kbd>c</kbd>. <!-- productive-docs-disable-line html-unsupported -->

            """
        XCTAssertEqual(found(markdown), ["PD005@4"])
    }

    func testDisableFileAppliesWherEverItStands() {
        let markdown = "<kbd>a</kbd>\n\n#### Deep\n\n<!-- productive-docs-disable-file PD005 -->\n"
        XCTAssertEqual(found(markdown), ["PD001@3"])
        XCTAssertEqual(found("<kbd>a</kbd>\n\n<!-- productive-docs-disable-file -->\n"), [])
    }

    func testOrdinaryCommentsAreStillReported() {
        XCTAssertEqual(found("<!-- a note -->\n\nText.\n"), ["PD007@1"])
        XCTAssertEqual(found("Text <!-- productive-docs-disable-line PD005 --> <!-- note --> <kbd>k</kbd>.\n"), ["PD007@1"])
    }

    func testDirectivesInCodeAreText() {
        let markdown = """
            ```markdown
            <!-- productive-docs-disable -->
            ```

            Write `<!-- productive-docs-disable -->` to switch rules off.

            <kbd>a</kbd>

            """
        XCTAssertEqual(found(markdown), ["PD005@7"])
    }

    func testMistypedDirectivesAndUnknownRulesAreWarnings() {
        let checked = Converter.check(Array("<!-- productive-docs-disabel PD005 -->\n\n<!-- productive-docs-disable PD999 -->\n<kbd>a</kbd>\n".utf8), name: "doc.md")
        XCTAssertEqual(checked.findings.map(\.ruleID), ["PD007", "PD007", "PD005"])
        XCTAssertEqual(checked.findings.map(\.severity), [.warning, .warning, .warning])
        XCTAssertTrue(checked.findings[0].message.contains("unknown directive `productive-docs-disabel`"))
        XCTAssertTrue(checked.findings[1].message.contains("unknown rule `PD999`"))
    }

    func testDirectivesApplyOnTheHTMLPathAndAfterFrontMatter() {
        let markdown = "---\ntitle: T\n---\n<!-- productive-docs-disable PD005 -->\n<div>\n<kbd>a</kbd>\n</div>\n<!-- productive-docs-enable PD005 -->\n\n<kbd>b</kbd>\n"
        XCTAssertEqual(found(markdown), ["PD005@10"])
    }

    func testSuppressesAnswersByRuleAndLine() {
        let directives = SuppressionDirectives(scanning: Array("a\n<!-- productive-docs-disable PD001 PD002 -->\nb\n<!-- productive-docs-enable PD002 -->\n".utf8))
        XCTAssertFalse(directives.suppresses("PD001", line: 1))
        XCTAssertTrue(directives.suppresses("PD001", line: 2))
        XCTAssertTrue(directives.suppresses("PD002", line: 3))
        XCTAssertFalse(directives.suppresses("PD002", line: 4))
        XCTAssertTrue(directives.suppresses("PD001", line: 99))
        XCTAssertEqual(directives.directives.map(\.kind), [.disable, .enable])
    }

    /// Unmatched backtick runs of every length on one line (1.1 MB): the comment after them still
    /// counts. How long the scan takes is the bench's `hostile` row, not a test's.
    func testHostileBacktickRunsStillFindTheComment() {
        var line = ""
        for length in 1...1_500 { line += String(repeating: "`", count: length) + "a" }
        let bytes = Array((line + " <!-- productive-docs-disable -->\n").utf8)
        let directives = SuppressionDirectives(scanning: bytes)
        XCTAssertEqual(directives.directives.count, 1)
    }

    func testCodeSpansOnALineAreSkippedButCommentsAfterThemCount() {
        let directives = SuppressionDirectives(scanning: Array("``<!-- productive-docs-disable -->`` `x` <!-- productive-docs-disable-line PD005 -->\n".utf8))
        XCTAssertEqual(directives.directives.map(\.kind), [.disableLine])
        XCTAssertEqual(directives.directives.first?.position, SourcePosition(line: 1, column: 42))
    }
}
