import ProductiveFormat
import SourceReading
import XCTest

final class FindingPolicyTests: XCTestCase {
    func testSettingsSpellings() {
        XCTAssertEqual(FindingPolicy.Setting(parsing: "off"), .off)
        XCTAssertEqual(FindingPolicy.Setting(parsing: "FALSE"), .off)
        XCTAssertEqual(FindingPolicy.Setting(parsing: "on"), .on)
        XCTAssertEqual(FindingPolicy.Setting(parsing: "Error"), .severity(.error))
        XCTAssertEqual(FindingPolicy.Setting(parsing: "warn"), .severity(.warning))
        XCTAssertNil(FindingPolicy.Setting(parsing: "loud"))
    }

    func testOffHidesASeverityRewritesAndTheFallbackStillApplies() {
        let markdown = Array("#### Deep\n\nPress <kbd>K</kbd>.\n".utf8)
        let policy = FindingPolicy(["PD001": .severity(.error), "PD005": .off])
        let conversion = Converter.convert(markdown, name: "doc.md", options: ConversionOptions(findingPolicy: policy))
        XCTAssertEqual(conversion.checked.findings.map(\.ruleID), ["PD001"])
        XCTAssertEqual(conversion.checked.findings.first?.severity, .error)
        XCTAssertTrue(conversion.checked.fails(strict: false))
        XCTAssertEqual(conversion.payload, "### Deep\n\nPress K.\n")
    }

    func testDisabledRulesComeOnTopOfThePolicy() {
        let options = ConversionOptions(disabledRules: ["PD001"], findingPolicy: FindingPolicy(["PD001": .severity(.error)]))
        XCTAssertEqual(options.effectiveFindingPolicy["PD001"], .off)
        XCTAssertTrue(Converter.check(Array("#### Deep\n".utf8), name: "d.md", options: options).findings.isEmpty)
    }

    func testRulesAreFoundByIDOrName() {
        XCTAssertEqual(RuleCatalog.rule(matching: "pd005")?.id, "PD005")
        XCTAssertEqual(RuleCatalog.rule(matching: "html-unsupported")?.id, "PD005")
        XCTAssertNil(RuleCatalog.rule(matching: "PD999"))
    }
}
