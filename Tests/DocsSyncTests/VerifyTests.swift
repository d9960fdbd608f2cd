import DocsSync
import Foundation
import ProductiveAPI
import ProductiveFormat
import ProductiveSandbox
import XCTest

/// Every body write is checked against its own answer (zero extra requests): a write answered 200
/// that left the page unchanged is a failed page, recorded in the manifest, and sent again next run;
/// a correct publish is never reported as not landed.
final class VerifyTests: XCTestCase {
    private func fixture(copying source: URL? = nil, faults: [SandboxFault] = []) async throws -> PublishFixture {
        let docs = try await PublishFixture(copying: source, faults: faults)
        addTeardownBlock { await docs.close() }
        return docs
    }

    /// Every page written was verified, none failed, and no write was sent twice.
    private func assertVerifiedClean(_ report: PublishReport, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertFalse(report.failed, "\(report.results.filter { $0.outcome == .failed })", file: file, line: line)
        let written = report.results.filter { $0.outcome == .created || $0.outcome == .updated }
        XCTAssertFalse(written.isEmpty, file: file, line: line)
        for result in written {
            XCTAssertEqual(result.verification, .verified, "\(result.key): \(result.reason ?? "")", file: file, line: line)
            XCTAssertFalse(result.reason?.contains("did not land") ?? false, "\(result.key): \(result.reason ?? "")", file: file, line: line)
        }
    }

    func testPublishingTheSamplesVerifiesEveryWriteClean() async throws {
        let docs = try await fixture(copying: PublishFixture.packageRoot.appendingPathComponent("samples"))
        let writesBefore = docs.sandbox.requests.writes
        let report = try await docs.publish()
        assertVerifiedClean(report)
        XCTAssertEqual(report.writes, docs.sandbox.requests.writes - writesBefore)
        XCTAssertFalse(try docs.manifest().pages.values.contains { $0.lastWriteDidNotLand })
        // The HTML path too: a page created with Markdown, then replaced with HTML, both checked.
        XCTAssertTrue(try docs.manifest().pages.values.contains { $0.format == .html }, "the samples have a page on the HTML path")
        XCTAssertEqual(report.writes, report.count(.created) + (try docs.manifest().pages.values.filter { $0.format == .html }.count),
                       "one create per page and one replace per HTML page: nothing sent again")
    }

    func testPublishingTheRustBookVerifiesEveryWriteClean() async throws {
        let corpus = PublishFixture.packageRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus/rust-book")
        try XCTSkipUnless(FileManager.default.fileExists(atPath: corpus.path), "../shared is absent")
        let docs = try await fixture(copying: corpus)
        let report = try await docs.publish()
        assertVerifiedClean(report)
        XCTAssertEqual(report.count(.created), 113)
        XCTAssertEqual(report.writes, 113 + (try docs.manifest().pages.values.filter { $0.format == .html }.count))
    }

    func testAReplaceAnsweredButNotDoneFailsThePageAndIsSentAgainNextRun() async throws {
        // The first replace is answered 200, version moved, body unchanged.
        let docs = try await fixture(faults: [SandboxFault(.noopWrite, on: .replace, times: 1)])
        try docs.write("README.md", "# Guide\n\nFirst words.\n")
        let first = try await docs.publish()
        assertVerifiedClean(first)
        try docs.write("README.md", "# Guide\n\nSecond words.\n\n- a list\n")

        let second = try await docs.publish()
        let result = try XCTUnwrap(second.results.first { $0.key == "." })
        XCTAssertEqual(result.outcome, .failed)
        XCTAssertEqual(result.verification, .differs)
        XCTAssertTrue(second.needsAttention, "exit 1")
        let reason = try XCTUnwrap(result.reason)
        XCTAssertTrue(reason.contains("did not land as sent: block 1 differs: sent \"Second words.\", page holds \"First words.\""), reason)
        let entry = try XCTUnwrap(docs.manifest().pages["."])
        XCTAssertTrue(entry.lastWriteDidNotLand, "the manifest records that the write did not land")
        XCTAssertTrue(entry.hash.hasPrefix("landed:"), entry.hash)
        let page = try await docs.client.page(entry.pageID)
        XCTAssertEqual(entry.versionNumber, page.versionNumber, "the answered version is recorded: no false conflict next run")

        let plan = try await docs.publisher().plan()
        let item = try XCTUnwrap(plan.items.first { $0.key == "." })
        XCTAssertEqual(item.actions, [.update], "needs attention, never unchanged")
        XCTAssertTrue(item.detail?.contains("did not land as sent") ?? false, item.detail ?? "")

        let third = try await docs.publish()
        XCTAssertEqual(third.results.first { $0.key == "." }?.outcome, .updated)
        assertVerifiedClean(third)
        XCTAssertFalse(try docs.manifest().pages["."]?.lastWriteDidNotLand ?? true)
        let fourth = try await docs.publish()
        XCTAssertEqual(fourth.writes, 0)
    }

    func testACreateAnsweredButLeftEmptyIsSentAgainInTheSameRun() async throws {
        let docs = try await fixture(faults: [SandboxFault(.noopWrite, on: .create, times: 1)])
        try docs.write("README.md", "# Guide\n\nSome words.\n")
        let report = try await docs.publish()
        let result = try XCTUnwrap(report.results.first { $0.key == "." })
        XCTAssertEqual(result.outcome, .created)
        XCTAssertEqual(result.verification, .verified, "the replace that followed landed")
        XCTAssertTrue(result.reason?.contains("the created body did not land as sent: block 1 differs: sent \"Some words.\", page holds nothing; sent again") ?? false, result.reason ?? "")
        XCTAssertEqual(report.writes, 2)
        let entry = try XCTUnwrap(docs.manifest().pages["."])
        XCTAssertFalse(entry.lastWriteDidNotLand)
        let page = try await docs.client.page(entry.pageID)
        XCTAssertTrue(page.bodyText.contains("Some words."))
    }

    func testAWriteAnsweredWithoutTheBodyIsNotVerifiedAndNoFailure() async throws {
        let docs = try await fixture(faults: [SandboxFault(.bodylessAnswer, on: .create, times: nil)])
        try docs.write("README.md", "# Guide\n\nSome words.\n")
        let report = try await docs.publish()
        XCTAssertFalse(report.needsAttention)
        let result = try XCTUnwrap(report.results.first { $0.key == "." })
        XCTAssertEqual(result.outcome, .created)
        XCTAssertEqual(result.verification, .notVerified)
        XCTAssertFalse(try docs.manifest().pages["."]?.lastWriteDidNotLand ?? true)
        let again = try await docs.publish()
        XCTAssertEqual(again.writes, 0, "recorded as sent")
    }

    func testAnAnswerWithoutABodyIsNotVerifiedButNotAFailure() {
        let sent = Document(blocks: [.paragraph([.text("Hello")])])
        XCTAssertEqual(WriteVerification.replace(sent: sent, answer: nil), .notVerified("the answer carried no body"))
        guard case .notVerified = WriteVerification.replace(sent: sent, answer: "not json") else { return XCTFail("an unreadable body is not verified") }
    }

    func testAnAppendMustEndThePage() {
        let note = Document(blocks: [.heading(.two, [.text("Standup")]), .paragraph([.text("Done.")])])
        let page = #"{"type":"doc","content":[{"type":"paragraph","content":[{"type":"text","text":"Before."}]},{"type":"heading","attrs":{"level":2,"id":"x1"},"content":[{"type":"text","text":"Standup"}]},{"type":"paragraph","content":[{"type":"text","text":"Done."}]}]}"#
        XCTAssertEqual(WriteVerification.append(sent: note, answer: page), .verified)
        let unchanged = #"{"type":"doc","content":[{"type":"paragraph","content":[{"type":"text","text":"Before."}]}]}"#
        guard case .differs(let difference) = WriteVerification.append(sent: note, answer: unchanged) else { return XCTFail("a missing note differs") }
        XCTAssertEqual(difference.description, "did not land as sent: block 1 of the note differs: sent \"## Standup\", page holds nothing")
        XCTAssertEqual(WriteVerification.replace(sent: note, answer: page).isVerified, false, "a replace must hold exactly the note")
    }
}

private extension WriteVerification {
    var isVerified: Bool { self == .verified }
}
