@testable import DocsSync
import Foundation
import ProductiveAPI
import XCTest

/// The journal against torn writes and damage (issue 17, incident 5): a page's record lands with the
/// intent it clears, a torn line is cut back before the next append, a damaged line is skipped with
/// a warning whose advice is safe, and a full disk at any point never makes a page twice.
final class JournalSafetyTests: XCTestCase {
    private func temporaryManifest() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("journal-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
        return folder.appendingPathComponent(Manifest.defaultFileName).path
    }

    private func entry(_ id: String, _ title: String) -> Manifest.Entry {
        Manifest.Entry(pageID: id, parentID: "1000", title: title, hash: String(repeating: "a", count: 64), format: .markdown, versionNumber: 1)
    }

    func testAPageRecordAndTheIntentItClearsAreOneLine() async throws {
        let path = try temporaryManifest()
        let store = ManifestStore(Manifest(), path: path)
        try await store.apply([.pending("a.md", Manifest.Intent(title: "A", parentID: "1000", projectID: nil, existing: []))])
        try await store.apply([.pending("a.md", nil), .page("a.md", entry("2001", "A"))])
        let lines = try String(contentsOfFile: ManifestStore.journalPath(for: path), encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(lines.count, 2, "the intent, then record and clear together: \(lines)")
        XCTAssertTrue(lines[1].contains("\"pending\"") && lines[1].contains("\"pages\""), String(lines[1]))
    }

    func testNoChangeWritesNoJournal() async throws {
        let path = try temporaryManifest()
        let store = ManifestStore(Manifest(), path: path)
        try await store.apply([])
        try await store.apply([])
        XCTAssertFalse(FileManager.default.fileExists(atPath: ManifestStore.journalPath(for: path)), "a run that changed nothing leaves no journal (a user trial found `{}` lines after an unreachable publish)")
    }

    func testAPublishThatReachesNothingWritesNoManifestAndTheTargetComesWithTheFirstPage() async throws {
        let docs = try await PublishFixture()
        addTeardownBlock { await docs.close() }
        try docs.write("index.md", "# Handbook\n")
        let unreachable = ProductiveClient(configuration: ProductiveConfiguration(
            token: "sandbox-token", organizationID: "1", baseURL: "http://127.0.0.1:1/api/v2"
        ), retryBaseDelay: .milliseconds(1))
        addTeardownBlock { try? await unreachable.shutdown() }
        do {
            _ = try await docs.publisher(client: unreachable).publish()
            XCTFail("nothing can be reached")
        } catch {}
        for path in [docs.manifestPath, ManifestStore.journalPath(for: docs.manifestPath)] {
            XCTAssertFalse(FileManager.default.fileExists(atPath: path), "\(path): a run that changed nothing writes nothing (a user trial)")
        }
        _ = try await docs.publish()
        XCTAssertEqual(try docs.manifest().projectID, "42", "the target is recorded with the first page")
    }

    func testALineTornByAKillIsCutBackBeforeTheNextAppend() async throws {
        let path = try temporaryManifest()
        let journal = ManifestStore.journalPath(for: path)
        try await ManifestStore(Manifest(), path: path).set("a.md", entry("2001", "A"))
        let handle = try XCTUnwrap(FileHandle(forWritingAtPath: journal))
        handle.seekToEndOfFile()
        handle.write(Data("{\"pages\" : {\"torn.md\" : {\"for".utf8))
        try handle.close()
        // The next run appends after the torn line: glued to it, its line would be damaged.
        try await ManifestStore(try Manifest.load(path), path: path).set("b.md", entry("2002", "B"))
        var warnings: [String] = []
        let manifest = try Manifest.load(path, warnings: &warnings)
        XCTAssertEqual(warnings, [])
        XCTAssertEqual(manifest.pages["b.md"]?.pageID, "2002", "the new record is whole")
        XCTAssertEqual(manifest.pages["a.md"]?.pageID, "2001")
    }

    /// A run killed after creating a page, with the journal line that recorded it damaged: the
    /// tool skips it and says to keep the journal; following that advice adopts the page by its
    /// intent, it does not make it again.
    func testADamagedLineIsSkippedAndTheAdviceGivenIsSafe() async throws {
        let docs = try await PublishFixture()
        addTeardownBlock { await docs.close() }
        try docs.write("README.md", "# Guide\n\nTop.\n")
        _ = try await docs.publish()
        let root = try XCTUnwrap(docs.manifest().pages["."]?.pageID)
        try docs.write("faq.md", "# FAQ\n\nQuestions.\n")
        // What the killed run did: the intent, the create, a record that was damaged on disk.
        let store = ManifestStore(try docs.manifest(), path: docs.manifestPath)
        try await store.apply([.pending("faq.md", Manifest.Intent(title: "FAQ", parentID: root, projectID: nil, existing: []))])
        let made = try await docs.client.createPage(title: "FAQ", markdown: "Questions.", in: .under(parent: root, root: root))
        let handle = try XCTUnwrap(FileHandle(forWritingAtPath: ManifestStore.journalPath(for: docs.manifestPath)))
        handle.seekToEndOfFile()
        handle.write(Data("{\"pages\" : {\"faq.md\" : \u{0}\u{0}\u{0}damaged\n".utf8))
        try handle.close()
        try await store.set("other.md", nil)

        var warnings: [String] = []
        _ = try Manifest.load(docs.manifestPath, warnings: &warnings)
        XCTAssertEqual(warnings.count, 1)
        let warning = try XCTUnwrap(warnings.first)
        XCTAssertTrue(warning.contains(".productive-docs.json.journal:2:"), warning)
        XCTAssertTrue(warning.contains("Keep the journal"), warning)
        XCTAssertFalse(warning.contains("delete it"), warning)

        let report = try await docs.publish()
        XCTAssertFalse(report.needsAttention, "\(report.results)")
        XCTAssertEqual(try docs.manifest().pages["faq.md"]?.pageID, made.id, "the page the killed run made is adopted")
        let awaited = try await docs.remotePages().filter { $0.title == "FAQ" }.count
        XCTAssertEqual(awaited, 1, "not created again")
    }

    /// The disk fills up while the journal is written, at five different points of a run: each run
    /// fails or ends, and once there is space again, the next run leaves every page exactly once.
    func testAFullDiskAtAnyPointNeverMakesAPageTwice() async throws {
        let mount = try TmpfsMount(bytes: 512 << 10)
        defer { mount.unmount() }
        for reserve in 0..<5 {
            let docs = try await PublishFixture(in: mount.url)
            try docs.write("README.md", "# Guide\n\nTop.\n")
            _ = try await docs.publish()
            let long = String(repeating: "long title ", count: 60)
            for index in 0..<8 { try docs.write("page-\(index).md", "# Page \(index) \(long)\n\nBody \(index).\n") }
            let filler = try mount.fill(leaving: reserve * 4096)
            var failure = ""
            do {
                let report = try await docs.publish()
                failure = report.results.compactMap(\.reason).joined(separator: "; ")
            } catch {
                failure = "\(error)"
            }
            if reserve < 3 { XCTAssertTrue(failure.contains("No space left on device"), "reserve \(reserve): \(failure)") }
            try FileManager.default.removeItem(at: filler)
            let again = try await docs.publish()
            XCTAssertFalse(again.needsAttention, "reserve \(reserve): \(again.results)")
            let titles = try await docs.remotePages().map(\.title)
            XCTAssertEqual(titles.count, 9, "reserve \(reserve): every page once: \(titles.count)")
            XCTAssertEqual(Set(titles).count, 9)
            XCTAssertEqual(try docs.manifest().pages.count, 9)
            await docs.close()
        }
    }
}

/// A small tmpfs for a full disk (root only: the test is skipped where `mount` is not allowed).
struct TmpfsMount {
    let url: URL

    init(bytes: Int) throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("tmpfs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/mount")
        process.arguments = ["-t", "tmpfs", "-o", "size=\(bytes)", "tmpfs", url.path]
        process.standardError = FileHandle.nullDevice
        try? process.run()
        process.waitUntilExit()
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            try? FileManager.default.removeItem(at: url)
            throw XCTSkip("cannot mount a tmpfs here (not root?): the full-disk test needs one")
        }
    }

    /// Fills the disk but `bytes` (whole pages) with one file, and returns it.
    func fill(leaving bytes: Int) throws -> URL {
        let reserve = url.appendingPathComponent("reserve")
        if bytes > 0 { try Data(count: bytes).write(to: reserve) }
        let filler = url.appendingPathComponent("filler")
        let descriptor = open(filler.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let chunk = [UInt8](repeating: 0, count: 4096)
        while chunk.withUnsafeBytes({ write(descriptor, $0.baseAddress, $0.count) }) > 0 {}
        close(descriptor)
        try? FileManager.default.removeItem(at: reserve)
        return filler
    }

    func unmount() {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/umount")
        process.arguments = [url.path]
        try? process.run()
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: url)
    }
}
