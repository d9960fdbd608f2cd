@testable import DocsSync
import Foundation
import ProductiveAPI
import XCTest

/// The tool's own files in the folder (issue 17, incident 2): a committed symbolic link in the place
/// of the lock, the journal or the manifest is refused, naming it; nothing is written through it,
/// so nothing lands outside the folder.
final class CompanionFileTests: XCTestCase {
    private func fixture() async throws -> (PublishFixture, URL) {
        let docs = try await PublishFixture()
        addTeardownBlock { await docs.close() }
        try docs.write("README.md", "# Guide\n\nTop.\n")
        let outside = FileManager.default.temporaryDirectory.appendingPathComponent("outside-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: outside) }
        return (docs, outside)
    }

    private func assertRefused(_ docs: PublishFixture, naming name: String, file: StaticString = #filePath, line: UInt = #line) async {
        do {
            let report = try await docs.publish()
            XCTFail("the link must be refused: \(report.results)", file: file, line: line)
        } catch {
            let text = "\(error)"
            XCTAssertTrue(text.contains(name) && text.contains("symbolic link"), text, file: file, line: line)
        }
    }

    func testALockThatIsALinkIsRefusedAndItsTargetKept() async throws {
        let (docs, outside) = try await fixture()
        let target = outside.appendingPathComponent("bashrc")
        try "export PATH=/usr/bin\n".write(to: target, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: PublishLock.path(for: docs.manifestPath), withDestinationPath: target.path)
        await assertRefused(docs, naming: ".productive-docs.json.lock")
        XCTAssertEqual(try String(contentsOf: target, encoding: .utf8), "export PATH=/usr/bin\n", "not emptied, no pid written into it")
        let awaited = try await docs.remotePages().count
        XCTAssertEqual(awaited, 0)
    }

    func testADanglingJournalLinkCreatesNothingOutsideTheFolder() async throws {
        let (docs, outside) = try await fixture()
        let target = outside.appendingPathComponent("leak.txt")
        try FileManager.default.createSymbolicLink(atPath: ManifestStore.journalPath(for: docs.manifestPath), withDestinationPath: target.path)
        await assertRefused(docs, naming: ".productive-docs.json.journal")
        XCTAssertFalse(FileManager.default.fileExists(atPath: target.path), "no journal line, no title written outside the folder")
        let awaited = try await docs.remotePages().count
        XCTAssertEqual(awaited, 0)
    }

    func testAManifestThatIsALinkIsNeitherFollowedNorReplaced() async throws {
        let (docs, outside) = try await fixture()
        _ = try await docs.publish()
        let target = outside.appendingPathComponent("manifest.json")
        try FileManager.default.moveItem(atPath: docs.manifestPath, toPath: target.path)
        let before = try Data(contentsOf: target)
        try FileManager.default.createSymbolicLink(atPath: docs.manifestPath, withDestinationPath: target.path)
        try docs.write("install.md", "# Install\n\nSteps.\n")
        await assertRefused(docs, naming: ".productive-docs.json")
        let kind = try FileManager.default.attributesOfItem(atPath: docs.manifestPath)[.type] as? FileAttributeType
        XCTAssertEqual(kind, .typeSymbolicLink, "still the link, not replaced by a file")
        XCTAssertEqual(try Data(contentsOf: target), before)
        let awaited = try await docs.remotePages().count
        XCTAssertEqual(awaited, 1, "nothing created")
    }

    func testAConflictCopyNeverReplacesAFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("own-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("guide.remote.md").path
        try "mine\n".write(toFile: path, atomically: true, encoding: .utf8)
        XCTAssertFalse(try OwnFile.create(path, with: Data("theirs\n".utf8), what: "a conflict copy"))
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "mine\n")
        let link = folder.appendingPathComponent("link.remote.md").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: folder.appendingPathComponent("elsewhere").path)
        XCTAssertFalse(try OwnFile.create(link, with: Data("x".utf8), what: "a conflict copy"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.appendingPathComponent("elsewhere").path))
    }
}
