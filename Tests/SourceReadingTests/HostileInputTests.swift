import ProductiveFormat
import SourceReading
import TestSupport
import XCTest

/// Hostile input never crashes or hangs: each case gets a finding or a clear result.
/// (Time is measured by the benchmark, not here: these only must finish.)
final class HostileInputTests: XCTestCase {
    private func convert(_ text: String) -> Conversion {
        Converter.convert(text: text, name: "hostile.md")
    }

    func testDeepButAllowedQuotesAndListsAreLifted() {
        for marker in ["> ", "- ", "1. "] {
            let conversion = convert(String(repeating: marker, count: PathologicalInput.maximumLineNesting) + "deep\n")
            XCTAssertTrue(conversion.checked.findings.contains { $0.ruleID == "PD014" }, marker)
            XCTAssertTrue(conversion.payload.text.contains("deep"), marker)
        }
    }

    /// CVE-2023-24824 shapes: the system cmark-gfm takes minutes on them, so they are refused unparsed.
    func testSuperLinearShapesAreRefusedBeforeParsing() {
        let shapes = [
            String(repeating: "> ", count: 150_000) + "deep\n",
            String(repeating: "- ", count: 50_000) + "item\n",
            String(repeating: " -", count: 40_000) + " > ```" + String(repeating: "\n", count: 40_000),
            String(repeating: "* ", count: 40_000) + "a" + String(repeating: "\n", count: 40_000),
            "intro\n\n" + String(repeating: "[", count: 300_000) + "a\n",
        ]
        for shape in shapes {
            let conversion = convert(shape)
            let refusal = conversion.checked.findings.first { $0.ruleID == "PD018" }
            XCTAssertEqual(refusal?.severity, .error, String(shape.prefix(20)))
            XCTAssertNil(conversion.checked.document)
            XCTAssertEqual(conversion.payload.text, "")
            XCTAssertTrue(conversion.checked.fails(strict: false))
        }
        let brackets = convert("intro\n\n" + String(repeating: "[", count: 300_000) + "a\n")
        XCTAssertEqual(brackets.checked.findings.first { $0.ruleID == "PD018" }?.position.line, 3)
    }

    func testDisablingTheGuardParsesAnyway() {
        let options = ConversionOptions(disabledRules: ["PD018"])
        let checked = Converter.check(text: String(repeating: "> ", count: 200) + "deep\n", name: "t.md", options: options)
        XCTAssertNotNil(checked.document)
        XCTAssertFalse(checked.findings.contains { $0.ruleID == "PD018" })
    }

    func testFiftyThousandNestedInlineHTML() {
        for tag in ["u", "span", "em"] {
            let text = "x " + String(repeating: "<\(tag)>", count: 50_000) + "deep" + String(repeating: "</\(tag)>", count: 50_000) + " y\n"
            let checked = Converter.check(text: text, name: "t.md")
            guard case .paragraph(let inlines, _)? = checked.document?.blocks.first else { return XCTFail("no paragraph for <\(tag)>") }
            XCTAssertEqual(Inline.plainText(inlines), "x deep y", tag)
            XCTAssertLessThan(checked.findings.count, 10, "nested <\(tag)> must not flood the report")
            if tag == "u" { XCTAssertTrue(inlines.contains(.text("deep", Marks(underline: true)))) }
            // Never closed: the same text, the marks run to the end of the paragraph.
            let unclosed = Converter.check(text: "x " + String(repeating: "<\(tag)>", count: 50_000) + "deep\n", name: "t.md")
            XCTAssertEqual(unclosed.document?.blocks.first.map { Inline.plainText($0.flattenedTextForTest) }, "x deep", tag)
        }
    }

    func testNestedInlineHTMLOnTheHTMLPath() {
        let html = "<p>x " + String(repeating: "<u>", count: 50_000) + "deep" + String(repeating: "</u>", count: 50_000) + " y</p><p>after</p>"
        let checked = Converter.check(html: html)
        XCTAssertEqual(checked.document.blocks.count, 2)
        XCTAssertEqual(checked.document.blocks.last, .paragraph([.text("after")]))
        XCTAssertTrue(checked.findings.contains { $0.ruleID == "PD014" })
    }

    func testMixedBlockAndInlineNesting() {
        let open = "<div><u><blockquote><em>"
        let close = "</em></blockquote></u></div>"
        let html = String(repeating: open, count: 20_000) + "inside" + String(repeating: close, count: 20_000) + "\n\nafter\n"
        let conversion = convert(html)
        XCTAssertTrue(conversion.payload.text.contains("inside"))
        XCTAssertTrue(conversion.payload.text.contains("after"))
        XCTAssertLessThan(conversion.checked.findings.count, 100)
        let markdown = String(repeating: "> <u>", count: 90) + "quoted" + String(repeating: "</u>", count: 90) + "\n"
        XCTAssertTrue(convert(markdown).payload.text.contains("quoted"))
        let inlineMix = "a " + String(repeating: "*<u>[", count: 5_000) + "mid" + String(repeating: "](x)</u>*", count: 5_000) + "\n"
        XCTAssertTrue(convert(inlineMix).payload.text.contains("mid"))
    }

    func testFiftyThousandStars() {
        let conversion = convert(String(repeating: "*", count: 50_000) + "\n")
        XCTAssertFalse(conversion.payload.text.isEmpty)
        let nested = convert(String(repeating: "*a ", count: 50_000) + "\n")
        XCTAssertTrue(nested.payload.text.contains("a"))
    }

    func testDeeplyNestedHTML() {
        let html = String(repeating: "<div>", count: 50_000) + "inside" + String(repeating: "</div>", count: 50_000) + "\n"
        let conversion = convert(html)
        XCTAssertTrue(conversion.payload.text.contains("inside"))
        XCTAssertLessThan(conversion.checked.findings.count, 100, "nested tags must not flood the report")
    }

    func testTwentyMegabytes() {
        let paragraph = "Some *text* with `code`, a [link](https://example.com) and **bold**.\n\n"
        let text = String(repeating: paragraph, count: 20_000_000 / paragraph.utf8.count)
        let conversion = convert(text)
        XCTAssertGreaterThan(conversion.payload.text.utf8.count, 10_000_000)
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
        XCTAssertTrue(conversion.payload.text.contains("\u{FFFD}"))
    }

    func testBinaryFileIsAnErrorAndNotConverted() {
        var generator = ReplaySeed(fixed: 0xB1_4A27)
        let bytes = (0..<50_000).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let conversion = Converter.convert(bytes + [0, 0, 1, 2], name: "image.md")
        XCTAssertNil(conversion.checked.document)
        XCTAssertEqual(conversion.payload.text, "")
        XCTAssertEqual(conversion.checked.findings.first?.severity, .error)
        XCTAssertTrue(conversion.checked.fails(strict: false))
    }

    func testManyInvalidBytesGiveABoundedReport() {
        let bytes = [UInt8](repeating: 0xFF, count: 10_000) + Array("\ntext\n".utf8)
        let checked = Converter.check(bytes, name: "garbage.md")
        XCTAssertLessThanOrEqual(checked.findings.count, 20)
    }
}

private extension Block {
    /// The inline content of a paragraph, for the assertions above.
    var flattenedTextForTest: [Inline] {
        if case .paragraph(let inlines, _) = self { return inlines }
        return []
    }
}
