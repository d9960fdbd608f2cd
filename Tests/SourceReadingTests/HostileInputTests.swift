import ProductiveFormat
import SourceReading
import XCTest

/// Hostile input never crashes or hangs: each case gets a finding or a clear result.
/// (Time is measured by the benchmark, not here: these only must finish.)
final class HostileInputTests: XCTestCase {
    private func convert(_ text: String) -> Conversion {
        Converter.convert(text: text, name: "hostile.md")
    }

    func testFiftyThousandNestedQuotes() {
        let conversion = convert(String(repeating: "> ", count: 50_000) + "deep\n")
        XCTAssertTrue(conversion.checked.findings.contains { $0.ruleID == "PD014" })
        XCTAssertTrue(conversion.payload.contains("deep"))
    }

    func testFiftyThousandNestedListLevels() {
        let conversion = convert(String(repeating: "- ", count: 50_000) + "item\n")
        XCTAssertTrue(conversion.checked.findings.contains { $0.ruleID == "PD014" })
        XCTAssertTrue(conversion.payload.contains("item"))
    }

    func testFiftyThousandStars() {
        let conversion = convert(String(repeating: "*", count: 50_000) + "\n")
        XCTAssertFalse(conversion.payload.isEmpty)
        let nested = convert(String(repeating: "*a ", count: 50_000) + "\n")
        XCTAssertTrue(nested.payload.contains("a"))
    }

    func testDeeplyNestedHTML() {
        let html = String(repeating: "<div>", count: 50_000) + "inside" + String(repeating: "</div>", count: 50_000) + "\n"
        let conversion = convert(html)
        XCTAssertTrue(conversion.payload.contains("inside"))
        XCTAssertLessThan(conversion.checked.findings.count, 100, "nested tags must not flood the report")
    }

    func testTwentyMegabytes() {
        let paragraph = "Some *text* with `code`, a [link](https://example.com) and **bold**.\n\n"
        let text = String(repeating: paragraph, count: 20_000_000 / paragraph.utf8.count)
        let conversion = convert(text)
        XCTAssertGreaterThan(conversion.payload.utf8.count, 10_000_000)
    }

    func testInvalidUTF8IsReplacedAndReported() {
        let bytes: [UInt8] = Array("ok ".utf8) + [0xFF, 0xFE] + Array(" end\n".utf8)
        let checked = Converter.check(bytes, name: "bad.md")
        XCTAssertEqual(checked.findings.first?.ruleID, "PD015")
        XCTAssertEqual(checked.findings.first?.position, SourcePosition(line: 1, column: 4))
        XCTAssertNotNil(checked.document)
    }

    func testNULBytesAreReplacedAndReported() {
        let bytes: [UInt8] = Array("line one\ntext ".utf8) + [0] + Array(" more\n".utf8)
        let conversion = Converter.convert(bytes, name: "nul.md")
        XCTAssertEqual(conversion.checked.findings.map(\.ruleID), ["PD015"])
        XCTAssertEqual(conversion.checked.findings.first?.position.line, 2)
        XCTAssertTrue(conversion.payload.contains("\u{FFFD}"))
    }

    func testBinaryFileIsAnErrorAndNotConverted() {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<50_000).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let conversion = Converter.convert(bytes + [0, 0, 1, 2], name: "image.md")
        XCTAssertNil(conversion.checked.document)
        XCTAssertEqual(conversion.payload, "")
        XCTAssertEqual(conversion.checked.findings.first?.severity, .error)
        XCTAssertTrue(conversion.checked.fails(strict: false))
    }

    func testManyInvalidBytesGiveABoundedReport() {
        let bytes = [UInt8](repeating: 0xFF, count: 10_000) + Array("\ntext\n".utf8)
        let checked = Converter.check(bytes, name: "garbage.md")
        XCTAssertLessThanOrEqual(checked.findings.count, 20)
    }
}
