import ProductiveFormat
import SourceReading
import XCTest

/// The promises of the converter, checked on real documents: the rust-book and every CommonMark spec example.
final class CorpusTests: XCTestCase {
    private struct Failure: CustomStringConvertible {
        let name: String
        let problem: String
        var description: String { "\(name): \(problem)" }
    }

    private func check(_ name: String, _ source: String) -> [Failure] {
        var failures: [Failure] = []
        let first = Converter.convert(text: source, name: name, options: PayloadChecks.roundTrip)
        let outside = PayloadChecks.nodesOutsideElementSet(first.payload.text)
        if !outside.isEmpty {
            failures.append(Failure(name: name, problem: "outside the element set: \(outside.prefix(3))"))
        }
        let second = Converter.convert(text: first.payload.text, name: name, options: PayloadChecks.roundTrip)
        if second.payload.text != first.payload.text {
            failures.append(Failure(name: name, problem: "not idempotent:\n--- first\n\(first.payload.text)--- second\n\(second.payload.text)"))
        }
        let removals: Set<String> = ["PD006", "PD007", "PD009", "PD012", "PD013", "PD015"]
        let removed = first.checked.findings.contains { removals.contains($0.ruleID) || $0.message.hasPrefix("raw HTML") }
        if !removed {
            let lost = PayloadChecks.words(ofMarkdown: source).subtracting(PayloadChecks.words(ofMarkdown: first.payload.text))
            if !lost.isEmpty {
                failures.append(Failure(name: name, problem: "words lost without a finding: \(lost.sorted().prefix(10))"))
            }
        }
        return failures
    }

    func testRustBook() throws {
        var failures: [Failure] = []
        for url in try Fixtures.rustBook() {
            let source = try String(contentsOf: url, encoding: .utf8)
            failures += check(url.lastPathComponent, source)
        }
        XCTAssertTrue(failures.isEmpty, failures.map(\.description).joined(separator: "\n\n"))
    }

    func testCommonMarkSpecExamples() throws {
        let examples = try Fixtures.specExamples()
        XCTAssertGreaterThan(examples.count, 600)
        var failures: [Failure] = []
        for (number, markdown) in examples {
            failures += check("example \(number)", markdown)
        }
        XCTAssertTrue(failures.isEmpty, "\(failures.count) failures:\n" + failures.map(\.description).joined(separator: "\n\n"))
    }
}
