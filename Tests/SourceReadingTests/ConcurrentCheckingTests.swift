import Foundation
import ProductiveFormat
import SourceReading
import XCTest

/// `Converter.checkAll` and `convertAll` run parses on all cores: their results must be exactly the
/// sequential ones, in input order, however the parses interleave.
final class ConcurrentCheckingTests: XCTestCase {
    /// What a conversion produced, as comparable text: format, title, payload and findings.
    private func summary(_ conversion: Conversion) -> String {
        let findings = conversion.checked.findings.map { "\($0.ruleID) \($0.severity) \($0.position.line):\($0.position.column) \($0.message)" }
        return ([conversion.checked.format.rawValue, conversion.checked.title, conversion.payload.text] + findings).joined(separator: "\n")
    }

    private func sampleInputs() throws -> [CheckInput] {
        let samples = Fixtures.packageRoot.appendingPathComponent("samples")
        let enumerator = FileManager.default.enumerator(atPath: samples.path)
        var files: [String] = []
        while let path = enumerator?.nextObject() as? String {
            if path.hasSuffix(".md") { files.append(path) }
        }
        return try files.sorted().map {
            CheckInput(bytes: try [UInt8](Data(contentsOf: samples.appendingPathComponent($0))), name: $0)
        }
    }

    private func assertConcurrentEqualsSequential(_ inputs: [CheckInput], file: StaticString = #filePath, line: UInt = #line) {
        let sequential = inputs.map { summary(Converter.convert($0.bytes, name: $0.name, options: $0.options)) }
        let concurrent = Converter.convertAll(inputs).map(summary)
        XCTAssertEqual(concurrent.count, inputs.count, file: file, line: line)
        for (index, input) in inputs.enumerated() where index < concurrent.count && concurrent[index] != sequential[index] {
            XCTFail("\(input.name) differs when converted concurrently", file: file, line: line)
        }
        let checked = Converter.checkAll(inputs)
        for (index, input) in inputs.enumerated() {
            let alone = Converter.check(input.bytes, name: input.name, options: input.options)
            XCTAssertEqual(checked[index].findings, alone.findings, "\(input.name)", file: file, line: line)
            XCTAssertEqual(checked[index].title, alone.title, "\(input.name)", file: file, line: line)
        }
    }

    func testSamplesConcurrentlyEqualSequentially() throws {
        let inputs = try sampleInputs()
        XCTAssertFalse(inputs.isEmpty)
        assertConcurrentEqualsSequential(inputs)
    }

    func testRustBookConcurrentlyEqualsSequentially() throws {
        let book = try Fixtures.rustBook()
        let inputs = try book.map { CheckInput(bytes: try [UInt8](Data(contentsOf: $0)), name: $0.lastPathComponent) }
        assertConcurrentEqualsSequential(inputs)
    }

    /// Many small parses at once, each using what cmark-gfm keeps global (the special characters of
    /// strikethrough and autolinks, footnotes, tables) and raw HTML through libxml2: any interleaving
    /// that leaks between parses changes a payload.
    func testManyParsesAtOnceMatchTheirSequentialResults() {
        let variants = [
            "# Title\n\nSome ~~struck~~ text and www.example.com and https://example.org/a.\n",
            "| a | b |\n|---|:-:|\n| ~~x~~ | www.example.net |\n\nText[^1].\n\n[^1]: A note.\n",
            "- [ ] task ~one~\n- [x] done <u>under</u> and <span style=\"color: red\">red</span>\n",
            "> [!NOTE]\n> A note with https://example.com/x and ~~old~~.\n\n<div align=\"center\">centred</div>\n",
            "Plain text only, nothing special at all, repeated. Plain text only.\n",
        ]
        var inputs: [CheckInput] = []
        for round in 0..<60 {
            for (index, variant) in variants.enumerated() {
                let text = String(repeating: variant + "\n", count: 1 + (round + index) % 7)
                inputs.append(CheckInput(bytes: Array(text.utf8), name: "stress-\(round)-\(index).md"))
            }
        }
        let expected = inputs.map { summary(Converter.convert($0.bytes, name: $0.name)) }
        for _ in 0..<3 {
            let actual = Converter.convertAll(inputs).map(summary)
            XCTAssertEqual(actual.count, expected.count)
            let differing = zip(actual, expected).enumerated().filter { $0.element.0 != $0.element.1 }.map { inputs[$0.offset].name }
            XCTAssertTrue(differing.isEmpty, "differ when parsed concurrently: \(differing.prefix(10))")
        }
    }

    func testEmptyAndSingleInputs() {
        XCTAssertTrue(Converter.checkAll([]).isEmpty)
        let one = Converter.checkAll([CheckInput(bytes: Array("# One\n".utf8), name: "one.md")])
        XCTAssertEqual(one.map(\.title), ["One"])
    }
}
