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
        // An upload is one write of the report, and two API writes (the attachment and its temp_url;
        // the file itself goes to the file store).
        XCTAssertEqual(report.writes + report.uploads, docs.sandbox.requests.writes - writesBefore)
        XCTAssertFalse(try docs.manifest().pages.values.contains { $0.lastWriteDidNotLand })
        // The HTML path too: a page created with Markdown, then replaced with HTML, both checked.
        XCTAssertTrue(try docs.manifest().pages.values.contains { $0.format == .html }, "the samples have a page on the HTML path")
        let pages = try docs.manifest().pages.values
        let replaced = pages.filter { $0.format == .html || !$0.attachments.isEmpty }.count
        XCTAssertEqual(report.writes - report.uploads, report.count(.created) + replaced,
                       "one create per page and one replace per HTML page or page with attachments: nothing sent again")
    }

    /// Links and text the Markdown import stores in its own form (a user trial): a destination with
    /// a space is stored percent-encoded, an escaped URL as text. Each lands at the first write, on
    /// both paths.
    func testLinksStoredInTheirEncodedFormAndEscapedURLsLandAtTheFirstWrite() async throws {
        let docs = try await fixture()
        try docs.write("links.md", """
            # Links

            Space: [a](<https://x.example/a b>) and ![b](<https://x.example/b c.png>), accents: [c](https://x.example/é).

            Not links: https\\://example.com and www\\.example.org, but <https://example.net> is.
            """)
        try docs.write("html.md", "---\nformat: html\n---\n# HTML\n\nSpace: [a](<https://x.example/a b>).\n")
        let report = try await docs.publish()
        assertVerifiedClean(report)
        XCTAssertEqual(report.writes, report.count(.created) + 1, "one create per page, and the HTML page's replace: nothing sent twice")
        let again = try await docs.publish()
        XCTAssertEqual(again.writes, 0)
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
        XCTAssertTrue(reason.contains("did not land as sent: block 1 differs: - \"Second\" + \"First\"; 3 words missing from the page: Second, a, list"), reason)
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
        XCTAssertTrue(result.reason?.contains("the created body did not land as sent: block 1 is missing from the page: - \"Some words.\"; 2 words missing from the page: Some, words; sent again") ?? false, result.reason ?? "")
        XCTAssertEqual(report.writes, 2)
        let entry = try XCTUnwrap(docs.manifest().pages["."])
        XCTAssertFalse(entry.lastWriteDidNotLand)
        let page = try await docs.client.page(entry.pageID)
        XCTAssertTrue(page.bodyText.contains("Some words."))
    }

    /// Issue 18's incidents, against the sandbox's own reading of payloads (cmark-gfm's HTML, then
    /// the editor's schema and whitespace rules): none is a difference, on either path.
    func testHowTheEditorStoresABodyIsNoDifference() async throws {
        let docs = try await fixture()
        let files = [
            "README.md": "# Guide\n\nFirst line<br>\nsecond line.\n",
            "comment.md": "# Comment\n\nSome text <!-- a note -->\n",
            "directive.md": "# Directive\n\nSome text <!-- productive-docs-disable-line PD004 -->\n",
            "autolink.md": "# Autolink\n\nSee <https://example.com/a%20b> now.\n",
            "entities.md": "# Entities\n\nFish &amp; chips &copy; 2024 &#169;\n",
            "code.md": "# Code\n\nRun `a  b` now.\n",
            "unicode.md": "# Unicode\n\nCafe\u{301} cre\u{300}me\n",
            "html.md": "# HTML\n\n> [!NOTE]\n> A banner<br>\n> with a break <!-- and a comment -->\n\nSee <https://example.com/a%20b>, <u>`a  b`</u> and Cafe\u{301}.\n",
        ]
        for (path, text) in files { try docs.write(path, text) }
        let first = try await docs.publish()
        assertVerifiedClean(first)
        XCTAssertEqual(first.count(.created), files.count)
        XCTAssertTrue(try docs.manifest().pages["html.md"]?.format == .html, "the HTML path is exercised too")
        XCTAssertEqual(first.writes, files.count + 1, "one create per page, one replace for the HTML page: nothing sent again")
        for _ in 0..<2 {
            let again = try await docs.publish()
            XCTAssertEqual(again.writes, 0)
            XCTAssertFalse(again.needsAttention)
        }
    }

    func testAFormProductiveInsistsOnIsAcceptedOnceAndNeverSentAgain() async throws {
        // Every write is stored with `?ref=pd` after each link target: no word is lost, and the
        // server does the same on every write.
        let docs = try await fixture(faults: [SandboxFault(.linkSuffix("?ref=pd"), on: .write, times: nil)])
        try docs.write("README.md", "# Guide\n\nSee [the site](https://example.com/) first.\n")
        let first = try await docs.publish()
        XCTAssertFalse(first.needsAttention, "exit 0: \(first.results)")
        let result = try XCTUnwrap(first.results.first { $0.key == "." })
        XCTAssertEqual(result.outcome, .created)
        XCTAssertEqual(result.verification, .accepted)
        XCTAssertEqual(first.normalizedByProductive.map(\.key), ["."])
        let reason = try XCTUnwrap(result.reason)
        XCTAssertTrue(reason.contains("warning: Productive stores this page in its own form (block 1 differs: - \"site](https://example.com/)\" + \"site](https://example.com/?ref=pd)\")"), reason)
        XCTAssertEqual(first.writes, 2, "the create, and the replace that came back the same")
        let entry = try XCTUnwrap(docs.manifest().pages["."])
        XCTAssertFalse(entry.lastWriteDidNotLand)
        XCTAssertNotNil(entry.landedHash, "what landed is recorded: \(entry.hash)")
        XCTAssertNotNil(entry.sentHash)
        let plan = try await docs.publisher().plan()
        XCTAssertEqual(plan.items.first { $0.key == "." }?.actions, [.unchanged])
        for _ in 0..<2 {
            let again = try await docs.publish()
            XCTAssertEqual(again.writes, 0)
            XCTAssertFalse(again.needsAttention)
            XCTAssertTrue(again.normalizedByProductive.isEmpty, "warned once, in the run that accepted it")
        }
    }

    func testAReplaceThatComesBackInAnotherFormIsSentOnceMoreThenAcceptedAndPruneStillRuns() async throws {
        // The creates land as sent; from the third write on, links gain a suffix.
        let docs = try await fixture(faults: [SandboxFault(.linkSuffix("?ref=pd"), on: .write, times: nil, skip: 2)])
        try docs.write("README.md", "# Guide\n\nFirst words.\n")
        try docs.write("old.md", "# Old\n\nGoing away.\n")
        assertVerifiedClean(try await docs.publish())
        try docs.remove("old.md")
        try docs.write("README.md", "# Guide\n\nNow with [a link](https://example.com/).\n")
        let second = try await docs.publish(prune: true)
        XCTAssertFalse(second.needsAttention, "\(second.results)")
        XCTAssertEqual(second.results.first { $0.key == "." }?.verification, .accepted)
        XCTAssertEqual(second.results.first { $0.key == "old.md" }?.outcome, .deleted, "an accepted form is no failure: prune runs")
        XCTAssertEqual(second.writes, 3, "the replace, the same replace once more, the delete")
        let third = try await docs.publish()
        XCTAssertEqual(third.writes, 0)
    }

    func testAServerThatDropsAWordFailsVerificationWithTheWordEveryTime() async throws {
        let docs = try await fixture(faults: [SandboxFault(.dropLastWord, on: .replace, times: nil)])
        try docs.write("README.md", "# Guide\n\nFirst words.\n")
        try docs.write("old.md", "# Old\n\nGoing away.\n")
        assertVerifiedClean(try await docs.publish())
        try docs.remove("old.md")
        try docs.write("README.md", "# Guide\n\nSecond words here.\n")
        for run in 0..<2 {
            let report = try await docs.publish(prune: true)
            XCTAssertTrue(report.needsAttention, "exit 1")
            let result = try XCTUnwrap(report.results.first { $0.key == "." })
            XCTAssertEqual(result.outcome, .failed)
            XCTAssertEqual(result.verification, .differs)
            let reason = try XCTUnwrap(result.reason)
            XCTAssertTrue(reason.contains("did not land as sent: block 1 differs: - \"here.\"; 1 word missing from the page: here"), reason)
            XCTAssertEqual(report.results.first { $0.key == "old.md" }?.outcome, .skipped, "a real failure blocks prune")
            XCTAssertEqual(report.writes, 1, "run \(run + 1): a loss is not sent again in the same run")
            XCTAssertTrue(try docs.manifest().pages["."]?.lastWriteDidNotLand ?? false)
        }
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
        XCTAssertEqual(difference.description, "did not land as sent: block 1 of the note is missing from the page: - \"## Standup\"; 2 words missing from the page: Standup, Done")
        XCTAssertEqual(WriteVerification.replace(sent: note, answer: page).isVerified, false, "a replace must hold exactly the note")
    }

    /// The judgment the client asks after a lost answer is this one: a page that holds the words but
    /// lost a block (a divider, which words cannot see) does not hold the write; a page in a form that
    /// loses nothing does (its answer is judged as any write's); an unreadable body leaves it to words.
    func testTheLandingCheckAfterALostAnswerIsTheModelsJudgment() {
        let sent = Document(blocks: [.paragraph([.text("Intro.")]), .divider, .paragraph([.text("More.")])])
        let check = WriteVerification.check(sent: sent)
        func page(_ body: String?) -> Page { Page(id: "7", title: "T", versionNumber: 2, body: body) }
        let held = #"{"type":"doc","content":[{"type":"paragraph","attrs":{"id":"a"},"content":[{"type":"text","text":"Intro."}]},{"type":"divider"},{"type":"paragraph","content":[{"type":"text","text":"More."}]}]}"#
        let dividerGone = #"{"type":"doc","content":[{"type":"paragraph","content":[{"type":"text","text":"Intro."}]},{"type":"paragraph","content":[{"type":"text","text":"More."}]}]}"#
        XCTAssertEqual(check(page(held)), true)
        XCTAssertEqual(check(page(dividerGone)), false, "a lost block is no landing, though every word is there")
        XCTAssertNil(check(page("not json")), "unreadable: the client's words decide")
        XCTAssertNil(check(page(nil)))
        let note = WriteVerification.check(sent: Document(blocks: [.paragraph([.text("Done.")])]), append: true)
        let appended = #"{"type":"doc","content":[{"type":"paragraph","content":[{"type":"text","text":"Before."}]},{"type":"paragraph","content":[{"type":"text","text":"Done."}]}]}"#
        XCTAssertEqual(note(page(appended)), true)
        XCTAssertEqual(note(page(dividerGone)), false)
    }
}

private extension WriteVerification {
    var isVerified: Bool { self == .verified }
}
