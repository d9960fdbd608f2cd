import Foundation
import ProductiveFormat
import SourceReading
import XCTest

/// Locks what convert and lint produce while the reader and the writers are rewritten for speed:
/// a digest of each payload (Markdown, HTML, auto) and of the findings, per file of samples/, the
/// rust-book and the CommonMark spec examples, compared with `Snapshots/payload-digests.txt`.
/// Lines for an absent corpus are skipped. Run with UPDATE_PAYLOAD_DIGESTS=1 to record a deliberate change.
final class PayloadDigestTests: XCTestCase {
    private let digestsFile = Fixtures.packageRoot.appendingPathComponent("Tests/SourceReadingTests/Snapshots/payload-digests.txt")

    /// (name, Markdown source) of every input that is present on this machine, in a fixed order.
    private func inputs() throws -> [(name: String, source: [UInt8])] {
        var inputs: [(String, [UInt8])] = []
        let samples = Fixtures.packageRoot.appendingPathComponent("samples")
        let enumerator = FileManager.default.enumerator(atPath: samples.path)
        var files: [String] = []
        while let path = enumerator?.nextObject() as? String {
            if path.hasSuffix(".md") { files.append(path) }
        }
        for file in files.sorted() {
            inputs.append(("samples/\(file)", try [UInt8](Data(contentsOf: samples.appendingPathComponent(file)))))
        }
        if let book = try? Fixtures.rustBook() {
            for url in book {
                inputs.append(("rust-book/\(url.lastPathComponent)", try [UInt8](Data(contentsOf: url))))
            }
        }
        if let examples = try? Fixtures.specExamples() {
            for example in examples {
                inputs.append(("spec/\(example.number)", Array(example.markdown.utf8)))
            }
        }
        return inputs
    }

    /// One line per input: name, then the digests of the three payloads and of the findings.
    private func digestLine(name: String, source: [UInt8]) -> String {
        var fields = [name]
        for format in [OutputFormat.markdown, .html, .auto] {
            let conversion = Converter.convert(source, name: name, options: ConversionOptions(format: format))
            fields.append(Self.digest(conversion.payload.text))
            if format == .auto {
                let findings = conversion.checked.findings.map { "\($0.ruleID) \($0.severity) \($0.position.line):\($0.position.column) \($0.message)" }
                fields.append(Self.digest(conversion.checked.title + "\n" + findings.joined(separator: "\n")))
            }
        }
        return fields.joined(separator: " ")
    }

    /// FNV-1a, 64 bits, as hex: enough to notice any change of a payload.
    static func digest(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        return String(hash, radix: 16)
    }

    /// What a failure says about one input: which of its payloads and findings changed, and how
    /// its model differs from its recorded dump (`ModelDumpSnapshotTests`), or, for an input
    /// without one, its model as it is now.
    private static func whatChanged(name: String, recorded: String, actual: String, source: [UInt8]) -> String {
        let fields = ["Markdown payload", "HTML payload", "auto payload", "findings"]
        let (old, new) = (recorded.split(separator: " ").dropFirst(), actual.split(separator: " ").dropFirst())
        let changed = zip(fields, zip(old, new)).filter { $0.1.0 != $0.1.1 }.map(\.0)
        let dump = ModelDumps.dump(source, name: name)
        let snapshot = ModelDumps.snapshot(for: name)
        let model: String
        if name.hasPrefix("samples/"), let recordedDump = try? String(contentsOf: snapshot, encoding: .utf8) {
            model = recordedDump == dump ? "its model is as recorded in \(snapshot.lastPathComponent)" : "its model against \(snapshot.lastPathComponent):\n" + LineDiff.diff(recordedDump, dump)
        } else {
            model = "its model now:\n" + dump.split(separator: "\n").prefix(40).joined(separator: "\n")
        }
        return "\(name): \(changed.joined(separator: ", ")) changed; \(model)"
    }

    func testPayloadsAndFindingsMatchTheRecordedDigests() throws {
        let actual = try inputs().map { digestLine(name: $0.name, source: $0.source) }
        if ProcessInfo.processInfo.environment["UPDATE_PAYLOAD_DIGESTS"] == "1" {
            try (actual.joined(separator: "\n") + "\n").write(to: digestsFile, atomically: true, encoding: .utf8)
            return
        }
        let recorded = try String(contentsOf: digestsFile, encoding: .utf8).split(separator: "\n").map(String.init)
        let expected = Dictionary(recorded.map { (String($0.prefix { $0 != " " }), $0) }, uniquingKeysWith: { first, _ in first })
        var differing: [String] = []
        for line in actual {
            let name = String(line.prefix { $0 != " " })
            guard let want = expected[name] else {
                XCTFail("\(name) has no recorded digest (UPDATE_PAYLOAD_DIGESTS=1 records it)")
                continue
            }
            if want != line { differing.append(name) }
        }
        let sources = differing.isEmpty ? [:] : Dictionary(try inputs().map { ($0.name, $0.source) }, uniquingKeysWith: { first, _ in first })
        let changes = differing.prefix(5).map { name in
            Self.whatChanged(name: name, recorded: expected[name] ?? "", actual: digestLine(name: name, source: sources[name] ?? []), source: sources[name] ?? [])
        }
        XCTAssertTrue(
            differing.isEmpty,
            "payloads or findings changed for \(differing.count) inputs: \(differing.prefix(20))\n" + changes.joined(separator: "\n")
        )
        XCTAssertGreaterThanOrEqual(actual.count, 5)
    }
}
