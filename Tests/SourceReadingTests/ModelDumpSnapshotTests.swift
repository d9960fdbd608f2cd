import Foundation
import ProductiveFormat
import SourceReading
import XCTest

/// The mapped model of each file of samples/, as a tree with source places
/// (`MappedDocument.treeDump()`), compared with `Snapshots/<file>.model`: a readable record of
/// what the reader makes of each element, and what `PayloadDigestTests` shows when a digest
/// changes. Run with UPDATE_SNAPSHOTS=1 to record new snapshots.
final class ModelDumpSnapshotTests: XCTestCase {
    func testSampleModelsMatchTheirDumps() throws {
        let record = ProcessInfo.processInfo.environment["UPDATE_SNAPSHOTS"] == "1"
        let samples = try ModelDumps.samples()
        XCTAssertGreaterThanOrEqual(samples.count, 5)
        for (name, bytes) in samples {
            let actual = ModelDumps.dump(bytes, name: name)
            let snapshot = ModelDumps.snapshot(for: name)
            if record {
                try actual.write(to: snapshot, atomically: true, encoding: .utf8)
                continue
            }
            let expected = try String(contentsOf: snapshot, encoding: .utf8)
            XCTAssertTrue(actual == expected, "\(snapshot.path) differs (UPDATE_SNAPSHOTS=1 records it):\n\(LineDiff.diff(expected, actual))")
        }
    }

    func testADumpShowsEachBlockWithWhereItWasWritten() {
        let markdown = "# Title\n\nSome **bold** [link](https://x.org).\n\n- [x] done\n- [ ] not yet\n\n> quoted\n> still\n"
        let dump = ModelDumps.dump(Array(markdown.utf8), name: "dump.md")
        // The title heading is the page's title, not a block (PD013). A list's last item ends
        // where cmark-gfm ends it: at the blank line after it.
        XCTAssertEqual(dump, """
            Document
            ├─ Paragraph @3:1
            │  ├─ Text "Some "
            │  ├─ Text "bold" [strong]
            │  ├─ Text " "
            │  ├─ Text "link" [link: "https://x.org"]
            │  └─ Text "."
            ├─ Checklist @5:1-7
            │  ├─ Item checked @5:1
            │  │  └─ Paragraph @5:7
            │  │     └─ Text "done"
            │  └─ Item unchecked @6:1-7
            │     └─ Paragraph @6:7
            │        └─ Text "not yet"
            └─ Blockquote @8:1-9
               └─ Paragraph @8:3-9
                  └─ Text "quoted\\nstill"

            """)
    }
}

/// The model dumps of the samples, shared with `PayloadDigestTests`.
enum ModelDumps {
    static let snapshots = Fixtures.packageRoot.appendingPathComponent("Tests/SourceReadingTests/Snapshots")

    /// (name as `PayloadDigestTests` names it, bytes) of each Markdown file of samples/, sorted.
    static func samples() throws -> [(name: String, bytes: [UInt8])] {
        let root = Fixtures.packageRoot.appendingPathComponent("samples")
        let enumerator = FileManager.default.enumerator(atPath: root.path)
        var files: [String] = []
        while let path = enumerator?.nextObject() as? String {
            if path.hasSuffix(".md") { files.append(path) }
        }
        return try files.sorted().map { ("samples/\($0)", try [UInt8](Data(contentsOf: root.appendingPathComponent($0)))) }
    }

    /// The snapshot of an input named `samples/<file>`: `Snapshots/<file>.model`.
    static func snapshot(for name: String) -> URL {
        snapshots.appendingPathComponent(String(name.dropFirst("samples/".count)) + ".model")
    }

    /// The mapped model of `bytes` with the default options, as `MappedDocument.treeDump()` prints it.
    static func dump(_ bytes: [UInt8], name: String) -> String {
        Converter.map(bytes, name: name).treeDump() ?? "(no document)\n"
    }
}
