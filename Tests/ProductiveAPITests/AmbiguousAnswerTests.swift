import Foundation
import ProductiveAPI
import ProductiveSandbox
import XCTest

/// Items 1 and 2 of issue 12: a 502/503/504 or a reset after a change is a lost answer, verified by
/// proof before anything is sent again; "landed" means the content is there.
final class AmbiguousAnswerTests: XCTestCase {
    private func sandbox(_ faults: SandboxFault...) -> SandboxConfiguration {
        SandboxConfiguration(rateLimits: [.init(count: 100_000, window: .seconds(1))], faults: faults)
    }

    private func expectKind(_ kind: ProductiveAPIError.Kind, file: StaticString = #filePath, line: UInt = #line, _ body: () async throws -> Void) async -> ProductiveAPIError? {
        do {
            try await body()
            XCTFail("expected a \(kind) error", file: file, line: line)
        } catch let error as ProductiveAPIError {
            XCTAssertEqual(error.kind, kind, "\(error)", file: file, line: line)
            XCTAssertFalse(error.description.contains(SandboxServer.defaultToken), file: file, line: line)
            return error
        } catch {
            XCTFail("not a ProductiveAPIError: \(error)", file: file, line: line)
        }
        return nil
    }

    func testA504AfterACreateThatLandedMakesNoDuplicate() async throws {
        try await withSandboxClient(sandbox(SandboxFault(.gatewayTimeoutAfterCommit, on: .create, times: 1))) { client, server in
            // The doc's own create meets the 504 first.
            let doc = try await client.createPage(title: "Handbook", markdown: "Welcome to the **handbook**.", in: .project("1"))
            let child = try await client.createPage(title: "Setup", markdown: "Install it.", in: .under(parent: doc.id, root: doc.id))
            let docs = try await client.listPages(.init(projectID: "1"))
            XCTAssertEqual(docs.filter { $0.title == "Handbook" }.map(\.id), [doc.id], "one doc, the one adopted")
            XCTAssertEqual(docs.count, 2)
            XCTAssertEqual(child.parentPageID, doc.id)
            XCTAssertEqual(server.requests.writes, 2, "the create was never sent twice")
        }
    }

    func testA504AfterAnAppendOnceThatLandedWritesTheNoteOnce() async throws {
        try await withSandboxClient(sandbox(SandboxFault(.gatewayTimeoutAfterCommit, on: .append, times: 1))) { client, server in
            let page = try await client.createPage(title: "Standups", markdown: "Notes below.", in: .project("1"))
            let note = "- Shipped it\n\n*\(NoteKey.line("standup-1"))*\n"
            let outcome = try await client.appendOnce(.appendMarkdown, note, key: "standup-1", to: page.id)
            guard case .appended(let result) = outcome else { return XCTFail("\(outcome)") }
            XCTAssertEqual(result.versionNumber, 1)
            let body = try await client.page(page.id).bodyText
            XCTAssertEqual(body.components(separatedBy: NoteKey.line("standup-1")).count - 1, 1)
            XCTAssertEqual(server.requests.writes, 2, "one create, one append")
            let again = try await client.appendOnce(.appendMarkdown, note, key: "standup-1", to: page.id)
            guard case .alreadyThere = again else { return XCTFail("\(again)") }
        }
    }

    func testA504AfterAPlainAppendOrReplaceIsConfirmedByTheBody() async throws {
        let faults = [SandboxFault(.gatewayTimeoutAfterCommit, on: .append, times: 1), SandboxFault(.gatewayTimeoutAfterCommit, on: .replace, times: 1)]
        try await withSandboxClient(SandboxConfiguration(rateLimits: [.init(count: 100_000, window: .seconds(1))], faults: faults)) { client, server in
            let page = try await client.createPage(title: "Log", markdown: "Start.", in: .project("1"))
            let appended = try await client.write(.appendMarkdown, "1. First [link](https://example.com/x)\n2. Second `code`\n", to: page.id)
            XCTAssertEqual(appended.versionNumber, 1)
            let replaced = try await client.write(.replaceWithHTML, "<h2>Title</h2><p>Only <strong>this</strong> &amp; that.</p>", to: page.id, currentVersion: .known(1))
            XCTAssertEqual(replaced.versionNumber, 2)
            XCTAssertEqual(server.requests.writes, 3, "neither write was sent twice")
            let text = try await client.page(page.id).bodyText
            XCTAssertFalse(text.contains("First"))
            XCTAssertTrue(text.contains("Only this & that."))
        }
    }

    /// A 500 is not retried, but after a change it may have landed: the client looks first.
    func testA500AfterACreateThatLandedIsTakenAndOneThatDidNotIsReported() async throws {
        let faults = [SandboxFault(.serverErrorAfterCommit, on: .create, times: 1), SandboxFault(.serverErrorAfterCommit, on: .append, times: 1)]
        try await withSandboxClient(SandboxConfiguration(rateLimits: [.init(count: 100_000, window: .seconds(1))], faults: faults)) { client, server in
            let doc = try await client.createPage(title: "Doc", markdown: "Root text.", in: .project("1"))
            let docs = try await client.listPages(.init(projectID: "1"))
            XCTAssertEqual(docs.map(\.id), [doc.id])
            let written = try await client.write(.appendMarkdown, "More text.", to: doc.id)
            XCTAssertEqual(written.versionNumber, 1)
            XCTAssertEqual(server.requests.writes, 2, "neither was sent twice")
        }
        try await withSandboxClient(SandboxConfiguration(hostileResponse: .plainTextError)) { client, server in
            // Every answer is a 500 here, the read-back too: unknown whether it landed, and not sent again.
            let error = await expectKind(.noAnswer) { _ = try await client.write(.appendMarkdown, "x", to: "5", currentVersion: .known(nil)) }
            XCTAssertTrue(error?.description.contains("HTTP 500 on PATCH /pages/5/append_markdown, and reading it back failed") == true, "\(String(describing: error))")
            XCTAssertEqual(server.requests.writes, 1, "a 500 is not retried")
        }
    }

    func testA503BeforeTheChangeIsVerifiedThenSentAgain() async throws {
        try await withSandboxClient(sandbox(SandboxFault(.unavailable, on: .append, times: 1))) { client, server in
            let page = try await client.createPage(title: "Log", markdown: "Start.", in: .project("1"))
            let result = try await client.appendOnce(.appendMarkdown, "Done.\n\n*\(NoteKey.line("k1"))*", key: "k1", to: page.id)
            guard case .appended(let written) = result else { return XCTFail("\(result)") }
            XCTAssertEqual(written.versionNumber, 1)
            XCTAssertEqual(server.requests.writes, 3, "create, the refused append, the append again")
        }
    }

    /// The change lands, a colleague rewrites the page, the connection resets: the note is gone and the
    /// version moved twice. The client says so and sends nothing again (today: exit 0, note missing).
    func testResetAfterCommitWithAColleagueRewriteSaysSo() async throws {
        let fault = SandboxFault(.resetAfterCommit(colleague: .replace("The colleague's version.")), on: .append, times: 1)
        try await withSandboxClient(sandbox(fault)) { client, server in
            let page = try await client.createPage(title: "Standups", markdown: "Notes below.", in: .project("1"))
            let error = await expectKind(.changedMeanwhile) {
                _ = try await client.appendOnce(.appendMarkdown, "Done.\n\n*\(NoteKey.line("k2"))*", key: "k2", to: page.id)
            }
            XCTAssertTrue(error?.description.contains("someone else changed the page") == true, "\(String(describing: error))")
            XCTAssertEqual(server.requests.writes, 2, "not sent again")
            let text = try await client.page(page.id).bodyText
            XCTAssertTrue(text.contains("The colleague's version."))
        }
    }

    /// A colleague adds a line after the note: the key is in the body, so the note landed.
    func testResetAfterCommitWithAColleagueAppendStillFindsTheNote() async throws {
        let fault = SandboxFault(.resetAfterCommit(colleague: .append("Added by a colleague.")), on: .append, times: 1)
        try await withSandboxClient(sandbox(fault)) { client, server in
            let page = try await client.createPage(title: "Standups", markdown: "Notes below.", in: .project("1"))
            let outcome = try await client.appendOnce(.appendMarkdown, "Done.\n\n*\(NoteKey.line("k3"))*", key: "k3", to: page.id)
            guard case .appended = outcome else { return XCTFail("\(outcome)") }
            XCTAssertEqual(server.requests.writes, 2)
        }
    }

    /// Without a key, an append is proven by the body ending with it: a colleague's line after it is
    /// not proof, so the client reports the change instead of success.
    func testPlainAppendWithAColleagueEditIsNotReportedAsSuccess() async throws {
        let fault = SandboxFault(.resetAfterCommit(colleague: .append("Added by a colleague.")), on: .append, times: 1)
        try await withSandboxClient(sandbox(fault)) { client, server in
            let page = try await client.createPage(title: "Log", markdown: "Start.", in: .project("1"))
            _ = await expectKind(.changedMeanwhile) { try await client.write(.appendMarkdown, "Deployed 2.4.0.", to: page.id) }
            XCTAssertEqual(server.requests.writes, 2)
        }
    }

    /// A lost create answer never adopts a page that existed before (older than the request on the
    /// server's clock, or excluded by the caller): the create is sent again. Two new same-titled pages
    /// cannot be told apart: `.createUnresolved`, and nothing is sent again.
    func testALostCreateNeverAdoptsAnOlderOrExcludedPage() async throws {
        let faults = [
            SandboxFault(.unavailable, on: .create, times: 1, skip: 2),
            SandboxFault(.unavailable, on: .create, times: 1, skip: 5),
            SandboxFault(.unavailable, on: .create, times: 1, skip: 7),
        ]
        try await withSandboxClient(SandboxConfiguration(rateLimits: [.init(count: 100_000, window: .seconds(1))], faults: faults)) { client, _ in
            let doc = try await client.createPage(title: "Doc", markdown: "root", in: .project("1"))
            let under = ProductiveClient.Location.under(parent: doc.id, root: doc.id)
            let older = try await client.createPage(title: "Guide", markdown: "Same body.", in: under)
            try await Task.sleep(for: .milliseconds(2200))
            let second = try await client.createPage(title: "Guide", markdown: "Same body.", in: under)
            XCTAssertNotEqual(second.id, older.id, "an older page is never taken for the lost create")

            let fresh = try await client.createPage(title: "Fresh", markdown: "Same body.", in: under)
            let another = try await client.createPage(title: "Fresh", markdown: "Same body.", in: under, excluding: [fresh.id])
            XCTAssertNotEqual(another.id, fresh.id, "an excluded page is never taken for the lost create")

            let error = await expectKind(.createUnresolved) { _ = try await client.createPage(title: "Fresh", markdown: "Same body.", in: under) }
            XCTAssertTrue(error?.description.contains("nothing was overwritten") == true)
            XCTAssertTrue(error?.description.contains("check the parent page") == true)
            let children = try await client.listPages(.init(parentPageIDs: [doc.id]))
            XCTAssertEqual(children.filter { $0.title == "Guide" }.count, 2)
            XCTAssertEqual(children.filter { $0.title == "Fresh" }.count, 2, "the unresolved create was not sent again")
        }
    }

    /// One new same-titled page whose body is not what was sent: not adopted, not duplicated.
    func testALostCreateWithADifferentBodyIsUnresolved() async throws {
        try await withSandboxClient(sandbox(SandboxFault(.unavailable, on: .create, times: 1, skip: 2))) { client, server in
            let doc = try await client.createPage(title: "Doc", markdown: "root", in: .project("1"))
            let under = ProductiveClient.Location.under(parent: doc.id, root: doc.id)
            _ = try await client.createPage(title: "Plan", markdown: "A colleague's plan.", in: under)
            _ = await expectKind(.createUnresolved) { _ = try await client.createPage(title: "Plan", markdown: "Our plan.", in: under) }
            XCTAssertEqual(server.requests.writes, 3)
        }
    }
}
