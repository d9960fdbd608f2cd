import Foundation
import ProductiveAPI
import ProductiveFormat
import ProductiveSandbox
import XCTest

/// Restore points over HTTP: `POST /page_versions` and the page's history.
final class PageVersionTests: XCTestCase {
    func testANamedVersionSnapshotsTheBodyAndTitleAndLeavesThePageAlone() async throws {
        try await withSandboxClient { client, _ in
            let page = try await client.createPage(title: "Runbook", markdown: "# Steps\n\nRestart it.\n", in: .project("7"))
            let before = try await client.page(page.id)
            let made = try await client.createPageVersion(of: page.id, name: "release 2.4")
            XCTAssertEqual(made.name, "release 2.4")
            XCTAssertEqual(made.pageID, page.id)
            XCTAssertEqual(made.titleSnapshot, "Runbook")
            XCTAssertEqual(made.personID, "501", "the person the token acts as")
            let snapshot = try StoredBodyReader.read(made.bodySnapshot).document
            XCTAssertEqual(snapshot, try StoredBodyReader.read(before.body).document)
            let after = try await client.page(page.id)
            XCTAssertEqual(after.versionNumber, before.versionNumber, "a restore point is no body write")
            XCTAssertEqual(after.body, before.body)

            try await client.write(.replaceWithMarkdown, "Rewritten.\n", to: page.id)
            _ = try await client.createPageVersion(of: page.id, name: "release 2.5")
            let history = try await client.pageVersions(of: page.id)
            XCTAssertEqual(history.map(\.name), ["release 2.5", "release 2.4"], "newest first")
            XCTAssertTrue(history[0].bodySnapshot?.contains("Rewritten.") ?? false)
            XCTAssertNotNil(history[0].createdAt)
            let other = try await client.createPage(title: "Other", markdown: "x", in: .project("7"))
            let otherVersions = try await client.pageVersions(of: other.id)
            XCTAssertEqual(otherVersions, [], "filtered by page")
        }
    }

    func testAVersionOfAMissingPageIsRefused() async throws {
        try await withSandboxClient { client, _ in
            do {
                try await client.createPageVersion(of: "999999", name: "x")
                XCTFail("a version of a missing page must be refused")
            } catch let error as ProductiveAPIError {
                XCTAssertEqual(error.status, 422)
            }
        }
    }

    func testALostAnswerMakesTheVersionOnce() async throws {
        let sandbox = SandboxConfiguration(rateLimits: [.init(count: 100_000, window: .seconds(1))], faults: [SandboxFault(.gatewayTimeoutAfterCommit, on: .snapshot, times: 1)])
        try await withSandboxClient(sandbox) { client, server in
            let page = try await client.createPage(title: "Runbook", markdown: "Steps.\n", in: .project("7"))
            let writes = server.requests.writes
            let made = try await client.createPageVersion(of: page.id, name: "release 3")
            XCTAssertEqual(made.name, "release 3")
            XCTAssertEqual(server.requests.writes - writes, 1, "verified by reading the history, not sent again")
            let history = try await client.pageVersions(of: page.id)
            XCTAssertEqual(history.map(\.name), ["release 3"])
        }
    }

    func testAnUnavailableServiceIsSentAgainOnlyWhenNothingLanded() async throws {
        let sandbox = SandboxConfiguration(rateLimits: [.init(count: 100_000, window: .seconds(1))], faults: [SandboxFault(.unavailable, on: .snapshot, times: 1)])
        try await withSandboxClient(sandbox) { client, _ in
            let page = try await client.createPage(title: "Runbook", markdown: "Steps.\n", in: .project("7"))
            _ = try await client.createPageVersion(of: page.id, name: "release 4")
            let history = try await client.pageVersions(of: page.id)
            XCTAssertEqual(history.map(\.name), ["release 4"])
        }
    }
}
