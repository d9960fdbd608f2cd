@testable import DocsSync
import Foundation
import ProductiveAPI
import Synchronization
import XCTest

/// One publish per folder; writes that landed unrecorded are recognised; manifest writes scale.
final class RunSafetyTests: XCTestCase {
    private func fixture() async throws -> PublishFixture {
        let docs = try await PublishFixture()
        addTeardownBlock { await docs.close() }
        try docs.write("README.md", "# Guide\n\nTop.\n")
        for index in 0..<12 { try docs.write("part/page-\(index).md", "# Page \(index)\n\nText \(index).\n") }
        return docs
    }

    func testTwoPublishesStartedTogetherMakeNoDuplicate() async throws {
        let docs = try await fixture()
        let first = try docs.publisher()
        let second = try docs.publisher()
        async let a = first.publish()
        async let b = second.publish()
        let (one, two) = try await (a, b)
        XCTAssertFalse(one.failed || two.failed)
        XCTAssertEqual(one.count(.created) + two.count(.created), 14, "each page created once, by one of the two")
        let pages = try await docs.remotePages()
        XCTAssertEqual(pages.count, 14)
        let pairs = pages.map { "\($0.parentPageID ?? "-")/\($0.title)" }
        XCTAssertEqual(Set(pairs).count, pairs.count)
        XCTAssertFalse(FileManager.default.fileExists(atPath: PublishLock.path(for: docs.manifestPath)), "the lock file is removed")
    }

    func testAWaitingRunSaysOnceWhoItWaitsForAndHowLong() async throws {
        let docs = try await fixture()
        let held = try await PublishLock.acquire(manifestPath: docs.manifestPath, timeout: .seconds(1))
        let told = Mutex<[String]>([])
        Task {
            try await Task.sleep(for: .milliseconds(350))
            held.release()
        }
        let lock = try await PublishLock.acquire(manifestPath: docs.manifestPath, timeout: .seconds(5)) { text in told.withLock { $0.append(text) } }
        lock.release()
        let messages = told.withLock { $0 }
        XCTAssertEqual(messages.count, 1, "said once, not every 100 ms: \(messages)")
        XCTAssertTrue(messages.first?.hasPrefix("another publish of this folder is running (pid \(getpid()) on ") == true, "\(messages)")
        XCTAssertTrue(messages.first?.hasSuffix("): waiting up to 5 s for it") == true, "\(messages)")
    }

    func testASecondPublishWaitsABoundedTimeThenSaysWhy() async throws {
        let docs = try await fixture()
        let held = try await PublishLock.acquire(manifestPath: docs.manifestPath, timeout: .seconds(1))
        let started = ContinuousClock.now
        do {
            _ = try await docs.publisher(lockTimeout: .milliseconds(400)).publish()
            XCTFail("the folder is locked")
        } catch let error as ConfigError {
            XCTAssertTrue(error.description.contains("another publish of this folder is running (pid \(getpid())"), error.description)
            XCTAssertTrue(error.description.contains("waited 0.4 s for it"), error.description)
            XCTAssertTrue(error.description.contains("PRODUCTIVE_DOCS_LOCK_TIMEOUT=SECONDS"), "names the setting that exists: \(error.description)")
        }
        XCTAssertGreaterThanOrEqual(ContinuousClock.now - started, .milliseconds(400), "it waited its lock timeout before saying why")
        XCTAssertEqual(docs.sandbox.requests.writes, 0)
        held.release()
        let report = try await docs.publisher(lockTimeout: .milliseconds(400)).publish()
        XCTAssertEqual(report.count(.created), 14)
    }

    func testALockLeftByAKilledRunIsTakenOver() async throws {
        let docs = try await fixture()
        // What a killed run leaves: the file, with nobody holding the lock.
        try "pid 99999 on elsewhere since 2026-01-01T00:00:00Z\n".write(toFile: PublishLock.path(for: docs.manifestPath), atomically: true, encoding: .utf8)
        try "stale".write(to: docs.folder.appendingPathComponent(".productive-docs.json.4242.tmp"), atomically: true, encoding: .utf8)
        let report = try await docs.publisher(lockTimeout: .milliseconds(200)).publish()
        XCTAssertEqual(report.count(.created), 14)
        XCTAssertFalse(FileManager.default.fileExists(atPath: docs.folder.appendingPathComponent(".productive-docs.json.4242.tmp").path), "stale temp files are cleaned")
    }

    func testABodyWriteThatLandedUnrecordedIsNotAConflict() async throws {
        let docs = try await fixture()
        _ = try await docs.publish()
        try docs.write("part/page-3.md", "# Page 3\n\nEdited text.\n")
        // The write lands, but the run dies before recording it: only the intent is on disk.
        let publisher = try docs.publisher()
        let page = try XCTUnwrap(publisher.workspace.pages.first { $0.key == "part/page-3.md" })
        var manifest = try docs.manifest()
        let entry = try XCTUnwrap(manifest.pages["part/page-3.md"])
        let rendered = publisher.renderer.render(page, ids: publisher.knownIDs(manifest, remote: nil))
        manifest.pages["part/page-3.md"]?.writeIntent = Manifest.WriteIntent(hash: rendered.hash, fromVersion: entry.versionNumber)
        try manifest.write(to: docs.manifestPath)
        _ = try await docs.client.write(.replaceWithMarkdown, rendered.payload, to: entry.pageID, currentVersion: .known(entry.versionNumber))

        let plan = try await docs.publisher().plan()
        XCTAssertEqual(plan.items.first { $0.key == "part/page-3.md" }?.actions, [.unchanged], plan.render(.text))
        let report = try await docs.publish()
        XCTAssertEqual(report.writes, 0)
        XCTAssertFalse(report.needsAttention)
        XCTAssertNil(try docs.manifest().pages["part/page-3.md"]?.writeIntent)
    }

    func testABodyWriteThatNeverLandedIsSentAgain() async throws {
        let docs = try await fixture()
        _ = try await docs.publish()
        try docs.write("part/page-4.md", "# Page 4\n\nEdited text.\n")
        var manifest = try docs.manifest()
        let entry = try XCTUnwrap(manifest.pages["part/page-4.md"])
        manifest.pages["part/page-4.md"]?.writeIntent = Manifest.WriteIntent(hash: "0123", fromVersion: entry.versionNumber)
        try manifest.write(to: docs.manifestPath)
        let report = try await docs.publish()
        XCTAssertEqual(report.results.first { $0.key == "part/page-4.md" }?.outcome, .updated)
        let body = try await docs.client.page(entry.pageID).bodyText
        XCTAssertTrue(body.contains("Edited text."))
    }

    func testManifestWritesAreAppendsNotRewrites() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("journal-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent(".productive-docs.json").path
        let store = ManifestStore(Manifest(), path: path)
        let count = 10_000
        for index in 0..<count {
            let key = "docs/page-\(index).md"
            try await store.apply([
                .pending(key, Manifest.Intent(title: "Page \(index)", parentID: "1000", projectID: nil, existing: [])),
            ])
            try await store.apply([
                .pending(key, nil),
                .page(key, Manifest.Entry(pageID: String(2000 + index), parentID: "1000", title: "Page \(index)", hash: String(repeating: "a", count: 64), format: .markdown, versionNumber: 1)),
            ])
        }
        let compactions = await store.compactions
        XCTAssertLessThan(compactions, 20, "the whole manifest is rewritten a bounded number of times, not once per page")
        // A run killed now: the journal alone brings every change back (a torn last line is ignored).
        let journal = ManifestStore.journalPath(for: path)
        let handle = try XCTUnwrap(FileHandle(forWritingAtPath: journal))
        handle.seekToEndOfFile()
        handle.write(Data("{\"pages\" : {\"torn.md\" : {\"for".utf8))
        try handle.close()
        let recovered = try Manifest.load(path)
        XCTAssertEqual(recovered.pages.count, count)
        XCTAssertTrue(recovered.pending.isEmpty)
        try await store.compact()
        XCTAssertFalse(FileManager.default.fileExists(atPath: journal))
        XCTAssertEqual(try Manifest.load(path).pages.count, count)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".tmp") }
        XCTAssertEqual(leftovers, [])
    }

    func testAnUnreadableManifestIsACleanMessage() async throws {
        let docs = try await fixture()
        try FileManager.default.createDirectory(atPath: docs.manifestPath, withIntermediateDirectories: true)
        do {
            _ = try await docs.publish()
            XCTFail("the manifest cannot be read")
        } catch {
            let text = "\(error)"
            XCTAssertTrue(text.contains("manifest"), text)
            XCTAssertFalse(text.contains("Error Domain"), text)
            XCTAssertFalse(text.contains("NSError"), text)
        }
    }

    func testControlCharactersAreEscapedWhenPrinted() {
        XCTAssertEqual(Printable.escaped("Evil\u{1B}[31mred\r\n"), "Evil\\u{1B}[31mred\\r\\n")
        let plan = Plan(items: [PlanItem(key: "a\u{1B}.md", title: "T\u{7}", pageID: nil, actions: [.create])])
        XCTAssertFalse(plan.render(.text).contains("\u{1B}"))
        XCTAssertFalse(plan.render(.markdown).contains("\u{7}"))
    }
}
