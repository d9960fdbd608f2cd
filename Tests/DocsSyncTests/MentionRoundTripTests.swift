import DocsSync
import Foundation
import ProductiveAPI
import ProductiveFormat
import ProductiveSandbox
import XCTest

/// `mentions: true` across the other ways a file and its page change, against the sandbox over
/// HTTP: a moved file keeps its mention record (nobody is notified twice), and a page with mentions
/// pulled after a colleague's edit reads back as stored, so publishing right after writes nothing.
final class MentionRoundTripTests: XCTestCase {
    static let text = """
        # Notes

        Ask [@Ana Lopez](mailto:ana@example.com) please.

        """

    private func published() async throws -> PublishFixture {
        let docs = try await PublishFixture(directory: SharingPublishTests.directory)
        addTeardownBlock { await docs.close() }
        docs.config.mentions = true
        try docs.write("m.md", Self.text)
        let first = try await docs.publish()
        XCTAssertFalse(first.failed, "\(first.results)")
        XCTAssertEqual(try docs.manifest().pages["m.md"]?.mentions, ["ana@example.com": "503"])
        return docs
    }

    private func puller(_ docs: PublishFixture) -> Puller {
        Puller(client: docs.client, config: docs.config, organizationID: "1")
    }

    func testAMovedFileKeepsItsMentionRecordAndNobodyIsNotifiedAgain() async throws {
        let docs = try await published()
        let id = try XCTUnwrap(docs.manifest().pages["m.md"]?.pageID)
        try docs.remove("m.md")
        try docs.write("sub/m.md", Self.text)
        let movePlan = try await docs.publisher().plan()
        XCTAssertEqual(movePlan.notifications, [:], movePlan.render(.text))
        let moved = try await docs.publish()
        XCTAssertFalse(moved.failed, "\(moved.results)")
        let entry = try XCTUnwrap(docs.manifest().pages["sub/m.md"])
        XCTAssertEqual(entry.pageID, id, "the moved file keeps its page")
        XCTAssertEqual(entry.mentions, ["ana@example.com": "503"], "the moved file keeps its mention record")
        XCTAssertNil(try docs.manifest().pages["m.md"])

        // The next edit writes the body again, and notifies no one: Ana was mentioned already.
        try docs.write("sub/m.md", Self.text + "One more line.\n")
        let editPlan = try await docs.publisher().plan()
        XCTAssertEqual(editPlan.notifications, [:], editPlan.render(.text))
        XCTAssertFalse(editPlan.render(.text).contains("notify"), editPlan.render(.text))
        XCTAssertEqual(editPlan.items.first { $0.key == "sub/m.md" }?.actions, [.update], editPlan.render(.text))
        let edited = try await docs.publish()
        XCTAssertFalse(edited.failed, "\(edited.results)")
        XCTAssertEqual(try docs.manifest().pages["sub/m.md"]?.mentions, ["ana@example.com": "503"])
        let payload = try XCTUnwrap(docs.sandbox.requests.payloads.last(for: id))
        XCTAssertTrue(payload.contains("mention-id=\"503\""), payload)
    }

    func testPullAfterAColleagueEditReadsBackAsStoredAndPublishingRightAfterWritesNothing() async throws {
        let docs = try await published()
        let id = try XCTUnwrap(docs.manifest().pages["m.md"]?.pageID)
        _ = try await docs.colleague.write(.appendMarkdown, "Added by a colleague.", to: id)

        let pulled = try await puller(docs).pullFiles(["m.md"], root: docs.folder, manifestPath: docs.manifestPath)
        XCTAssertEqual(pulled.items.map(\.outcome), [.updated], "\(pulled.items)")
        XCTAssertEqual(pulled.notes, [], "the pulled file reads back as the page stores it")
        let text = try String(contentsOf: docs.folder.appendingPathComponent("m.md"), encoding: .utf8)
        XCTAssertTrue(text.contains("Ask [@Ana Lopez](mailto:ana@example.com) please."), text)
        XCTAssertTrue(text.contains("Added by a colleague."), text)
        let entry = try XCTUnwrap(docs.manifest().pages["m.md"])
        XCTAssertEqual(entry.format, .html, "the hash recorded is the one publish computes: the HTML path, with the mention")
        XCTAssertEqual(entry.mentions, ["ana@example.com": "503"])

        try await assertPublishingWritesNothing(docs)
    }

    func testPullingTheTreeAgainAfterAColleagueEditWritesNothingOnTheNextPublish() async throws {
        let docs = try await published()
        let manifest = try docs.manifest()
        let id = try XCTUnwrap(manifest.pages["m.md"]?.pageID)
        let top = try XCTUnwrap(manifest.pages["."]?.pageID)
        _ = try await docs.colleague.write(.appendMarkdown, "Added by a colleague.", to: id)

        let pulled = try await puller(docs).pullTree(.page(top), into: docs.folder, manifestPath: docs.manifestPath)
        XCTAssertTrue(pulled.items.contains { $0.path == "m.md" && $0.outcome == .updated }, "\(pulled.items)")
        XCTAssertFalse(pulled.notes.contains { $0.contains("does not read back") }, "\(pulled.notes)")
        XCTAssertEqual(try docs.manifest().pages["m.md"]?.format, .html)
        try await assertPublishingWritesNothing(docs)
    }

    func testAMentionAColleagueAddedIsRecordedAsMadeSoTheNextEditNotifiesNoOne() async throws {
        let docs = try await published()
        try docs.write("other.md", "# Other\n\nNothing yet.\n")
        _ = try await docs.publish()
        let other = try XCTUnwrap(docs.manifest().pages["other.md"])
        XCTAssertEqual(other.mentions, [:])
        let mention = #"<p>Ping <span mention-type="user" mention-id="503" mention-label="Ana Lopez">Ana Lopez</span>.</p>"#
        _ = try await docs.colleague.write(.appendHTML, mention, to: other.pageID)

        let pulled = try await puller(docs).pullFiles(["other.md"], root: docs.folder, manifestPath: docs.manifestPath)
        XCTAssertEqual(pulled.notes, [])
        let text = try String(contentsOf: docs.folder.appendingPathComponent("other.md"), encoding: .utf8)
        XCTAssertTrue(text.contains("Ping [@Ana Lopez](mailto:ana@example.com)."), text)
        XCTAssertEqual(try docs.manifest().pages["other.md"]?.mentions, ["ana@example.com": "503"], "the page's body mentions her now")
        try await assertPublishingWritesNothing(docs)

        try docs.write("other.md", text + "\nA local line.\n")
        let plan = try await docs.publisher().plan()
        XCTAssertEqual(plan.items.first { $0.key == "other.md" }?.actions, [.update], plan.render(.text))
        XCTAssertEqual(plan.notifications, [:], "Productive notified her when the colleague mentioned her: \(plan.render(.text))")
    }

    func testATreePulledIntoAnEmptyFolderKeepsAMentionAsStoredAndPublishesWithZeroWrites() async throws {
        let docs = try await published()
        let top = try XCTUnwrap(docs.manifest().pages["."]?.pageID)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pulled-\(UUID().uuidString)")
        addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
        let manifestPath = folder.appendingPathComponent(Manifest.defaultFileName).path
        let pulled = try await Puller(client: docs.client, config: DocsConfig(), organizationID: "1").pullTree(.page(top), into: folder, manifestPath: manifestPath)
        XCTAssertTrue(pulled.items.contains { $0.path == "notes.md" && $0.outcome == .written }, "\(pulled.items)")
        let text = try String(contentsOf: folder.appendingPathComponent("notes.md"), encoding: .utf8)
        // A new folder's manifest knows no address: the mention stays what the page stores.
        XCTAssertTrue(text.contains(#"<span mention-type="user" mention-id="503" mention-label="Ana Lopez">Ana Lopez</span>"#), text)
        XCTAssertEqual(pulled.notes, [])
        XCTAssertEqual(try Manifest.load(manifestPath).pages["notes.md"]?.mentions, [:], "(files are named for their titles)")

        let workspace = try Workspace.scan(folder, config: DocsConfig(), ignoring: [Manifest.defaultFileName])
        let publisher = Publisher(settings: .init(config: DocsConfig(), manifestPath: manifestPath, organizationID: "1"), workspace: workspace, client: docs.client)
        let writesBefore = docs.sandbox.requests.writes
        let report = try await publisher.publish()
        XCTAssertEqual(report.writes, 0, report.summary)
        XCTAssertEqual(docs.sandbox.requests.writes, writesBefore)
    }

    /// The plan of `docs` changes nothing and its publish makes no request that writes.
    private func assertPublishingWritesNothing(_ docs: PublishFixture, file: StaticString = #filePath, line: UInt = #line) async throws {
        let plan = try await docs.publisher().plan()
        XCTAssertTrue(plan.isUnchanged, plan.render(.text), file: file, line: line)
        XCTAssertEqual(plan.notifications, [:], file: file, line: line)
        let writesBefore = docs.sandbox.requests.writes
        let report = try await docs.publish()
        XCTAssertEqual(report.writes, 0, report.summary, file: file, line: line)
        XCTAssertEqual(docs.sandbox.requests.writes, writesBefore, "publishing right after a pull writes nothing", file: file, line: line)
    }
}
