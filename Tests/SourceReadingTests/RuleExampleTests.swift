import Foundation
import ProductiveFormat
import SourceReading
import XCTest

/// Every rule is tested from its own examples: the catalog is the test table.
final class RuleExampleTests: XCTestCase {
    private func findings(_ markdown: String, _ rule: Rule) throws -> [Finding] {
        var options = ConversionOptions(format: rule.examplePath)
        if let files = rule.exampleFiles {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("rule-example-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: folder) }
            for (path, content) in files {
                let url = folder.appendingPathComponent(path)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(content.utf8).write(to: url)
            }
            options.localFiles = LocalFiles(root: folder.path, source: "example.md")
            return Converter.check(Array(markdown.utf8), name: "example.md", options: options).findings
        }
        if let published = rule.examplePublishedFiles {
            options.linkResolver = LinkResolver { url in
                published.contains(url) ? .url("https://app.productive.io/1/docs/\(url)") : .unpublished(reason: "not published")
            }
        }
        return Converter.check(Array(markdown.utf8), name: "example.md", options: options).findings
    }

    func testTriggeringExamplesRaiseTheirRule() throws {
        for rule in RuleCatalog.all {
            XCTAssertFalse(rule.triggering.isEmpty, "\(rule.id) has no triggering example")
            for example in rule.triggering {
                let ids = try findings(example, rule).map(\.ruleID)
                XCTAssertTrue(ids.contains(rule.id), "\(rule.id) not raised by:\n\(example)\nraised: \(ids)")
            }
        }
    }

    func testNonTriggeringExamplesDoNotRaiseTheirRule() throws {
        for rule in RuleCatalog.all {
            XCTAssertFalse(rule.nonTriggering.isEmpty, "\(rule.id) has no non-triggering example")
            for example in rule.nonTriggering {
                let ids = try findings(example, rule).map(\.ruleID)
                XCTAssertFalse(ids.contains(rule.id), "\(rule.id) raised by:\n\(example)")
            }
        }
    }

    func testFindingsCarryTheRuleSeverityAndPosition() {
        let checked = Converter.check(Array("Intro.\n\n#### Deep\n".utf8), name: "a.md")
        let finding = try? XCTUnwrap(checked.findings.first { $0.ruleID == "PD001" })
        XCTAssertEqual(finding?.severity, .warning)
        XCTAssertEqual(finding?.position, SourcePosition(line: 3, column: 1))
    }

    func testDisabledRulesAreNotReportedButTheFallbackStillApplies() {
        let options = ConversionOptions(disabledRules: ["PD001"])
        let conversion = Converter.convert(text: "Intro.\n\n#### Deep\n", name: "a.md", options: options)
        XCTAssertTrue(conversion.checked.findings.isEmpty)
        XCTAssertEqual(conversion.payload, "Intro.\n\n### Deep\n")
    }
}
