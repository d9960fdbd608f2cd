import DocsSync
import Foundation
import ProductiveAPI
import ProductiveSandbox
import XCTest

/// Control characters in bodies on the way out and back (issue 17, deliverable 5), against the
/// sandbox: publish → pull → publish shows no drift, and no pulled file holds one raw (text as
/// numeric references, code spans and blocks as their pictures).
final class ControlCharacterRoundTripTests: XCTestCase {
    private static let raw: Set<UInt32> = Set(Array(0x01...0x08) + [0x0B, 0x0C] + Array(0x0E...0x1F) + [0x7F] + Array(0x80...0x9F))

    func testControlCharactersRoundTripWithoutDriftAndNeverRawInPulledFiles() async throws {
        let docs = try await PublishFixture()
        addTeardownBlock { await docs.close() }
        try docs.write("guide.md", "# Guide\n\nAlert \u{1B}[31mred\u{7} and next\u{85}line.\n\nRun `echo \u{1B}[0m\u{7}\u{9B}` now.\n\n```sh\nprintf '\u{1B}[1m\u{7F}'\n```\n")
        let first = try await docs.publish()
        XCTAssertFalse(first.failed, "\(first.results)")
        let again = try await docs.publish()
        XCTAssertEqual(again.writes, 0, "the file as written publishes once: \(again.summary)")

        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pulled-\(UUID().uuidString)")
        addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
        let manifestPath = folder.appendingPathComponent(Manifest.defaultFileName).path
        let report = try await Puller(client: docs.client, config: DocsConfig(), organizationID: "1").pullTree(.project("42"), into: folder, manifestPath: manifestPath)
        XCTAssertEqual(report.notes.filter { $0.contains("does not read back") }, [], "\(report.notes)")
        let pulled = try String(contentsOf: folder.appendingPathComponent("guide.md"), encoding: .utf8)
        XCTAssertFalse(pulled.unicodeScalars.contains { Self.raw.contains($0.value) }, pulled.debugDescription)
        // The store keeps no ESC or BEL in text (its HTML reader drops them), a C1 control it keeps.
        XCTAssertTrue(pulled.contains("Alert \\[31mred and next&#x85;line."), pulled)
        XCTAssertTrue(pulled.contains("`echo \u{241B}[0m\u{2407}\u{FFFD}`"), pulled)
        XCTAssertTrue(pulled.contains("printf '\u{241B}[1m\u{2421}'"), pulled)

        // The pulled folder publishes with zero writes: no drift.
        let workspace = try Workspace.scan(folder, config: DocsConfig(), ignoring: [Manifest.defaultFileName])
        let settings = Publisher.Settings(config: DocsConfig(), manifestPath: manifestPath, organizationID: "1")
        let writesBefore = docs.sandbox.requests.writes
        let published = try await Publisher(settings: settings, workspace: workspace, client: docs.client).publish()
        XCTAssertEqual(published.writes, 0, published.summary)
        XCTAssertEqual(docs.sandbox.requests.writes, writesBefore)
    }
}
