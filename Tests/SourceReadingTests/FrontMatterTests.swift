import Foundation
import ProductiveFormat
@testable import SourceReading
import XCTest

final class FrontMatterTests: XCTestCase {
    func testKnownKeysAreRead() {
        let text = "---\ntitle: Deploy runbook\npage_id: 12345\norder: 2\nformat: html\npublish: false\n---\n# Body\n"
        let checked = Converter.check(text: text, name: "deploy.md")
        XCTAssertEqual(checked.frontMatter, FrontMatter(title: "Deploy runbook", pageID: "12345", order: 2, format: .html, publish: false))
        XCTAssertEqual(checked.title, "Deploy runbook")
        XCTAssertEqual(checked.format, .html)
        XCTAssertTrue(checked.findings.isEmpty, "\(checked.findings)")
    }

    func testInvalidYAMLIsAnErrorAtItsLine() {
        let text = "---\ntitle: ok\nlist: [unclosed\n---\nBody\n"
        let checked = Converter.check(text: text, name: "x.md")
        let finding = checked.findings.first { $0.ruleID == "PD012" }
        XCTAssertEqual(finding?.severity, .error)
        XCTAssertEqual(finding?.position.line, 4, "the scanner notices the unclosed list at the closing line")
        XCTAssertTrue(checked.fails(strict: false))
    }

    func testWrongTypeNamesTheKeyAndItsLine() {
        let checked = Converter.check(text: "---\ntitle: A\npublish: maybe\n---\nBody\n", name: "x.md")
        let finding = checked.findings.first { $0.ruleID == "PD012" }
        XCTAssertEqual(finding?.position.line, 3)
        XCTAssertTrue(finding?.message.contains("publish") == true)
    }

    func testBodyLinesKeepTheirFileLineNumbers() {
        let checked = Converter.check(text: "---\ntitle: A\n---\n\n#### Deep\n", name: "x.md")
        XCTAssertEqual(checked.findings.first { $0.ruleID == "PD001" }?.position.line, 5)
    }

    /// A file saved with Windows line ends: the same front matter, the same body, the same line numbers.
    func testWindowsLineEndsAreFrontMatterToo() {
        let lf = "---\ntitle: Deploy runbook\norder: 2\n---\n\n#### Deep\n\nText.\n"
        let crlf = lf.replacingOccurrences(of: "\n", with: "\r\n")
        let checked = Converter.check(Array(crlf.utf8), name: "deploy.md")
        XCTAssertEqual(checked.frontMatter, FrontMatter(title: "Deploy runbook", order: 2))
        XCTAssertEqual(checked.title, "Deploy runbook")
        XCTAssertEqual(checked.document, Converter.check(Array(lf.utf8), name: "deploy.md").document)
        XCTAssertEqual(checked.findings.first { $0.ruleID == "PD001" }?.position.line, 6)
        // `...` closes it too, and a closing line at the very end leaves an empty body.
        XCTAssertEqual(Converter.check(text: "---\r\ntitle: T\r\n...", name: "x.md").frontMatter, FrontMatter(title: "T"))
        XCTAssertEqual(Converter.check(text: "---\r\ntitle: T\r\n...", name: "x.md").document?.blocks, [])
    }

    func testUnclosedBlockIsNotFrontMatter() {
        let checked = Converter.check(text: "---\nJust a rule above.\n", name: "x.md")
        XCTAssertEqual(checked.frontMatter, FrontMatter())
        XCTAssertEqual(checked.document?.blocks.first, .divider)
    }

    func testTitleFallsBackToHeadingThenFileName() {
        XCTAssertEqual(Converter.check(text: "# From heading\n\nText\n", name: "a.md").title, "From heading")
        XCTAssertEqual(Converter.check(text: "Text only\n", name: "docs/getting-started.md").title, "getting-started")
    }
}
