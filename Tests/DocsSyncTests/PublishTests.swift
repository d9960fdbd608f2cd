import DocsSync
import Foundation
import ProductiveAPI
import ProductiveSandbox
import XCTest

/// Publishing against the sandbox over HTTP: the scenarios a docs repository lives through.
final class PublishTests: XCTestCase {
    private func fixture(samples: Bool = true) async throws -> PublishFixture {
        let docs = try await PublishFixture(copying: samples ? PublishFixture.packageRoot.appendingPathComponent("samples") : nil)
        addTeardownBlock { await docs.close() }
        return docs
    }

    func testPublishSamplesThenRepublishWithZeroWrites() async throws {
        let docs = try await fixture()
        let first = try await docs.publish()
        XCTAssertFalse(first.failed, "\(first.results)")
        XCTAssertEqual(first.count(.created), 7)
        let pages = try await docs.remotePages()
        XCTAssertEqual(pages.count, 7)
        XCTAssertEqual(Set(pages.map(\.title)), ["Team Handbook", "Onboarding", "Announcements", "Legacy notes", "runbooks", "Deploy runbook", docs.folder.lastPathComponent])
        let manifest = try docs.manifest()
        XCTAssertEqual(manifest.pages.count, 7)
        XCTAssertTrue(manifest.pending.isEmpty)

        let writesBefore = docs.sandbox.requests.writes
        let readsBefore = docs.sandbox.requests.reads
        let plan = try await docs.publisher().plan()
        XCTAssertTrue(plan.isUnchanged, plan.render(.text))
        XCTAssertEqual(docs.sandbox.requests.reads - readsBefore, 1, "one list request per 200 pages")
        let second = try await docs.publish()
        XCTAssertEqual(second.writes, 0)
        XCTAssertEqual(second.count(.unchanged), 7)
        XCTAssertEqual(docs.sandbox.requests.writes, writesBefore, "an unchanged tree costs zero writes")
    }

    func testEditingOneFileIsExactlyOneWrite() async throws {
        let docs = try await fixture()
        _ = try await docs.publish()
        try docs.write("handbook/runbooks/deploy.md", "---\ntitle: Deploy runbook\n---\n# Deploying a release\n\nNew step.\n")
        let writes = docs.sandbox.requests.writes
        let report = try await docs.publish()
        // One body write; the image and the PDF the page no longer shows are deleted after it.
        XCTAssertEqual(report.writes - report.attachmentDeletions, 1, report.summary)
        XCTAssertEqual(report.attachmentDeletions, 2, report.summary)
        XCTAssertEqual(docs.sandbox.requests.writes - writes, 3)
        XCTAssertEqual(report.results.first { $0.key == "handbook/runbooks/deploy.md" }?.outcome, .updated)
    }

    func testRetitleAndMoveBetweenFolders() async throws {
        let docs = try await fixture(samples: false)
        try docs.write("README.md", "# Guide\n\nTop.\n")
        try docs.write("a/README.md", "# Part A\n")
        try docs.write("b/README.md", "# Part B\n")
        try docs.write("a/setup.md", "# Setup\n\nSteps.\n")
        _ = try await docs.publish()
        let setupID = try XCTUnwrap(docs.manifest().pages["a/setup.md"]?.pageID)
        let partB = try XCTUnwrap(docs.manifest().pages["b/"]?.pageID)

        try docs.write("a/setup.md", "# Installation\n\nSteps.\n")
        var plan = try await docs.publisher().plan()
        XCTAssertEqual(plan.items.first { $0.key == "a/setup.md" }?.actions, [.rename], "the title heading is not in the body")
        _ = try await docs.publish()
        var page = try await docs.client.page(setupID)
        XCTAssertEqual(page.title, "Installation")

        try FileManager.default.moveItem(at: docs.folder.appendingPathComponent("a/setup.md"), to: docs.folder.appendingPathComponent("b/setup.md"))
        plan = try await docs.publisher().plan()
        XCTAssertEqual(plan.items.first { $0.key == "b/setup.md" }?.actions, [.move])
        let report = try await docs.publish()
        XCTAssertEqual(report.results.first { $0.key == "b/setup.md" }?.pageID, setupID, "the same page, moved")
        page = try await docs.client.page(setupID)
        XCTAssertEqual(page.parentPageID, partB)
        XCTAssertNil(try docs.manifest().pages["a/setup.md"])
        XCTAssertEqual(try docs.manifest().pages["b/setup.md"]?.parentID, partB)
    }

    func testDeletedFileIsAnOrphanAndPruneDeletesIt() async throws {
        let docs = try await fixture()
        _ = try await docs.publish()
        let legacy = try XCTUnwrap(docs.manifest().pages["handbook/legacy-notes.md"]?.pageID)
        try docs.remove("handbook/legacy-notes.md")
        let plan = try await docs.publisher().plan()
        XCTAssertEqual(plan.items.first { $0.key == "handbook/legacy-notes.md" }?.actions, [.orphan])
        let kept = try await docs.publish()
        XCTAssertEqual(kept.results.first { $0.key == "handbook/legacy-notes.md" }?.outcome, .skipped)
        _ = try await docs.client.page(legacy)  // still there without --prune

        let pruned = try await docs.publish(prune: true)
        XCTAssertEqual(pruned.results.first { $0.key == "handbook/legacy-notes.md" }?.outcome, .deleted)
        do {
            _ = try await docs.client.page(legacy)
            XCTFail("pruned page should be gone")
        } catch let error as ProductiveAPIError {
            XCTAssertEqual(error.status, 404)
        }
        XCTAssertNil(try docs.manifest().pages["handbook/legacy-notes.md"])
    }

    func testPruneNeverDeletesAPageWithForeignSubpages() async throws {
        let docs = try await fixture()
        _ = try await docs.publish()
        let runbooks = try XCTUnwrap(docs.manifest().pages["handbook/runbooks/"]?.pageID)
        let root = try XCTUnwrap(docs.manifest().pages["."]?.pageID)
        _ = try await docs.client.createPage(title: "Someone's page", markdown: "Theirs.", in: .under(parent: runbooks, root: root))
        try docs.remove("handbook/runbooks")
        let report = try await docs.publish(prune: true)
        let result = report.results.first { $0.key == "handbook/runbooks/" }
        XCTAssertEqual(result?.outcome, .skipped)
        XCTAssertTrue(result?.reason?.contains("subpage this folder does not own") == true)
        _ = try await docs.client.page(runbooks)
    }

    func testRemoteEditIsAConflictAndNothingIsOverwritten() async throws {
        let docs = try await fixture()
        _ = try await docs.publish()
        let onboarding = try XCTUnwrap(docs.manifest().pages["handbook/onboarding.md"]?.pageID)
        _ = try await docs.client.write(.appendMarkdown, "Added in Productive.", to: onboarding)
        try docs.write("handbook/onboarding.md", "# Onboarding\n\nRewritten locally.\n")

        let plan = try await docs.publisher().plan()
        XCTAssertEqual(plan.items.first { $0.key == "handbook/onboarding.md" }?.actions, [.conflict])
        let skipped = try await docs.publish()
        XCTAssertEqual(skipped.results.first { $0.key == "handbook/onboarding.md" }?.outcome, .skipped)
        XCTAssertFalse(skipped.failed)
        var body = try await docs.client.page(onboarding).bodyText
        XCTAssertTrue(body.contains("Added in Productive."))
        XCTAssertFalse(body.contains("Rewritten locally."))

        let failing = try await docs.publish(onConflict: .fail)
        XCTAssertTrue(failing.failed)
        let forced = try await docs.publish(onConflict: .overwrite)
        XCTAssertEqual(forced.results.first { $0.key == "handbook/onboarding.md" }?.outcome, .updated)
        body = try await docs.client.page(onboarding).bodyText
        XCTAssertTrue(body.contains("Rewritten locally."))
        let after = try await docs.publisher().plan()
        XCTAssertTrue(after.isUnchanged)
    }

    func testRemoteDeleteIsRecreated() async throws {
        let docs = try await fixture()
        _ = try await docs.publish()
        let old = try XCTUnwrap(docs.manifest().pages["handbook/announcements.md"]?.pageID)
        try await docs.client.delete(old)
        let plan = try await docs.publisher().plan()
        XCTAssertEqual(plan.items.first { $0.key == "handbook/announcements.md" }?.actions, [.missingRemotely])
        let report = try await docs.publish()
        let result = report.results.first { $0.key == "handbook/announcements.md" }
        XCTAssertEqual(result?.outcome, .created)
        XCTAssertNotEqual(result?.pageID, old)
        XCTAssertTrue(result?.reason?.contains("created again") == true)
    }

    func testLinksBetweenPublishedFiles() async throws {
        let docs = try await fixture(samples: false)
        try docs.write("README.md", "# Home\n\nRead [setup](guide/setup.md#install) and [the draft](drafts/x.md).\n")
        try docs.write("guide/setup.md", "# Setup\n\n## Install\n\nBack [home](../README.md).\n")
        docs.config.pageURLTemplate = "https://app.productive.io/{organization_id}-acme/docs/page/{page_id}"
        let report = try await docs.publish()
        XCTAssertEqual(report.linkFindings, ["README.md:3:42: warning: link to `drafts/x.md`: there is no file `drafts/x.md` in the docs folder; sent as plain text [PD017]"])
        let manifest = try docs.manifest()
        let setup = try XCTUnwrap(manifest.pages["guide/setup.md"]?.pageID)
        let home = try XCTUnwrap(manifest.pages["."]?.pageID)
        let homeBody = try await docs.client.page(home).body ?? ""
        XCTAssertTrue(homeBody.contains("https://app.productive.io/1-acme/docs/page/\(setup)#install"), "links get their page in a second pass")
        XCTAssertFalse(homeBody.contains("drafts/x.md"), "a link to an unpublished file keeps only its text")
        let setupBody = try await docs.client.page(setup).body ?? ""
        XCTAssertTrue(setupBody.contains("/docs/page/\(home)"))

        docs.config.pageURLTemplate = nil
        _ = try await docs.publish()
        let mention = try await docs.client.page(home).body ?? ""
        XCTAssertTrue(mention.contains("\"mention\""), "without a template, a page mention (HTML path)")
        XCTAssertEqual(try docs.manifest().pages["."]?.format, .html)
    }

    func testTreeUnderAnExistingPage() async throws {
        let docs = try await fixture(samples: false)
        let space = try await docs.client.createPage(title: "Team space", markdown: "Ours.", in: .project("42"))
        try docs.write("README.md", "# Handbook\n\nHello.\n")
        try docs.write("ops/run.md", "# Run\n")
        docs.config.projectID = nil
        docs.config.rootPageID = space.id
        _ = try await docs.publish()
        let manifest = try docs.manifest()
        let top = try XCTUnwrap(manifest.pages["."])
        XCTAssertEqual(top.parentID, space.id)
        let run = try await docs.client.page(try XCTUnwrap(manifest.pages["ops/run.md"]?.pageID))
        XCTAssertEqual(run.rootPageID, space.id, "the doc at the top is the existing page")
        let again = try await docs.publish()
        XCTAssertEqual(again.writes, 0)
    }

    func testExcludedAndUnpublishedFilesAreLeftOut() async throws {
        let docs = try await fixture(samples: false)
        try docs.write("README.md", "# Home\n")
        try docs.write("drafts/idea.md", "# Idea\n")
        try docs.write("private.md", "---\npublish: false\n---\n# Private\n")
        docs.config.exclude = ["drafts/**"]
        _ = try await docs.publish()
        XCTAssertEqual(Set(try docs.manifest().pages.keys), ["."])
    }

    func testNewerManifestVersionIsRefused() async throws {
        let docs = try await fixture(samples: false)
        try docs.write("README.md", "# Home\n")
        try #"{"version": 99, "pages": {}}"#.write(toFile: docs.manifestPath, atomically: true, encoding: .utf8)
        do {
            _ = try await docs.publish()
            XCTFail("a newer manifest must be refused")
        } catch let error as ConfigError {
            XCTAssertTrue(error.description.contains("newer than this productive-docs"))
        }
    }

    func testManifestIsSortedPOSIXAndLeavesNoTemporaryFiles() async throws {
        let docs = try await fixture()
        _ = try await docs.publish()
        let text = try String(contentsOfFile: docs.manifestPath, encoding: .utf8)
        XCTAssertTrue(text.hasPrefix("{\n  \"pages\" : {\n    \".\" : {"))
        XCTAssertTrue(text.contains("\"handbook/runbooks/deploy.md\""))
        XCTAssertFalse(text.contains("\\\\"))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: docs.folder.path).filter { $0.hasSuffix(".tmp") }
        XCTAssertEqual(leftovers, [])
    }

    func testRustBookCorpus() async throws {
        let corpus = PublishFixture.packageRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus/rust-book")
        try XCTSkipUnless(FileManager.default.fileExists(atPath: corpus.path), "../shared is absent")
        let docs = try await PublishFixture(copying: corpus)
        addTeardownBlock { await docs.close() }
        let first = try await docs.publish()
        XCTAssertFalse(first.failed, "\(first.results.filter { $0.outcome == .failed })")
        XCTAssertEqual(first.count(.created), 113, "112 files and the top folder")
        let second = try await docs.publish()
        XCTAssertEqual(second.writes, 0)
    }
}
