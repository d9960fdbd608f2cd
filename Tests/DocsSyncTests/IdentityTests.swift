import DocsSync
import Foundation
import ProductiveAPI
import XCTest

/// Identity survives renames; appends and publishing live together; drift is visible.
final class IdentityTests: XCTestCase {
    private func fixture() async throws -> PublishFixture {
        let docs = try await PublishFixture()
        addTeardownBlock { await docs.close() }
        try docs.write("README.md", "# Guide\n\nTop.\n")
        try docs.write("setup.md", "# Setup\n\nInstall the tools, then run make.\n")
        return docs
    }

    func testRenameInPlaceKeepsThePage() async throws {
        let docs = try await fixture()
        _ = try await docs.publish()
        let id = try XCTUnwrap(docs.manifest().pages["setup.md"]?.pageID)
        try FileManager.default.moveItem(at: docs.folder.appendingPathComponent("setup.md"), to: docs.folder.appendingPathComponent("getting-started.md"))
        let plan = try await docs.publisher().plan()
        XCTAssertEqual(plan.items.first { $0.key == "getting-started.md" }?.pageID, id)
        XCTAssertEqual(plan.items.first { $0.key == "getting-started.md" }?.actions, [.unchanged])
        let report = try await docs.publish(prune: true)
        XCTAssertEqual(report.writes, 0)
        XCTAssertEqual(try docs.manifest().pages["getting-started.md"]?.pageID, id)
        XCTAssertNil(try docs.manifest().pages["setup.md"])
        let pages = try await docs.remotePages()
        XCTAssertEqual(pages.count, 2)
    }

    func testFrontMatterPageIDKeepsThePageThroughARenameWithEdits() async throws {
        let docs = try await fixture()
        _ = try await docs.publish()
        let id = try XCTUnwrap(docs.manifest().pages["setup.md"]?.pageID)
        try docs.remove("setup.md")
        try docs.write("install.md", "---\npage_id: \(id)\n---\n# Setup\n\nNew words entirely.\n")
        let report = try await docs.publish(prune: true)
        XCTAssertEqual(report.results.first { $0.key == "install.md" }?.pageID, id)
        XCTAssertEqual(report.count(.deleted), 0)
        let page = try await docs.client.page(id)
        XCTAssertTrue(page.bodyText.contains("New words entirely."))
    }

    func testFrontMatterPageIDAdoptsAnExistingPage() async throws {
        let docs = try await fixture()
        _ = try await docs.publish()
        let root = try XCTUnwrap(docs.manifest().pages["."]?.pageID)
        let wiki = try await docs.client.createPage(title: "Old wiki page", markdown: "Old text.", in: .under(parent: root, root: root))
        try docs.write("wiki.md", "---\npage_id: \(wiki.id)\n---\n# Wiki\n\nMigrated text.\n")
        let plan = try await docs.publisher().plan()
        XCTAssertEqual(plan.items.first { $0.key == "wiki.md" }?.actions, [.adopt])
        let report = try await docs.publish()
        XCTAssertEqual(report.results.first { $0.key == "wiki.md" }?.pageID, wiki.id, "\(report.results)")
        let page = try await docs.client.page(wiki.id)
        XCTAssertEqual(page.title, "Wiki")
        XCTAssertTrue(page.bodyText.contains("Migrated text."))
        XCTAssertEqual(try docs.manifest().pages["wiki.md"]?.pageID, wiki.id)
        let again = try await docs.publish()
        XCTAssertEqual(again.writes, 0)
    }

    func testTwoFilesNamingOnePageIDAreAnError() async throws {
        let docs = try await fixture()
        _ = try await docs.publish()
        let id = try XCTUnwrap(docs.manifest().pages["setup.md"]?.pageID)
        try docs.write("a.md", "---\npage_id: \(id)\n---\n# A\n")
        try docs.write("b.md", "---\npage_id: \(id)\n---\n# B\n")
        let report = try await docs.publish()
        XCTAssertEqual(report.results.first { $0.key == "a.md" }?.outcome, .skipped)
        XCTAssertEqual(report.results.first { $0.key == "b.md" }?.outcome, .skipped)
        XCTAssertTrue(report.findings.contains { $0.path == "a.md" && $0.finding.message.contains("named by 2 files") })
        let title = try await docs.client.page(id).title
        XCTAssertEqual(title, "Setup")
    }

    func testAppendThenEditThenPublishNeverErasesNotesSilently() async throws {
        let docs = try await fixture()
        _ = try await docs.publish()
        let id = try XCTUnwrap(docs.manifest().pages["setup.md"]?.pageID)
        _ = try await docs.client.appendOnce(.appendMarkdown, "Deployed 1.2.\n\nnote key: deploy-1.2", key: "deploy-1.2", to: id)

        var plan = try await docs.publisher().plan()
        var item = try XCTUnwrap(plan.items.first { $0.key == "setup.md" })
        XCTAssertEqual(item.actions, [.drift], "the tool's own append is not a conflict")
        XCTAssertTrue(item.detail?.contains("deploy-1.2") == true, item.detail ?? "")
        let quiet = try await docs.publish()
        XCTAssertFalse(quiet.needsAttention)
        XCTAssertEqual(quiet.writes, 0)

        try docs.write("setup.md", "# Setup\n\nInstall the tools, then run make install.\n")
        plan = try await docs.publisher().plan()
        item = try XCTUnwrap(plan.items.first { $0.key == "setup.md" })
        XCTAssertEqual(item.actions, [.conflict])
        XCTAssertTrue(item.detail?.contains("publishing would erase") == true, item.detail ?? "")
        let report = try await docs.publish()
        XCTAssertEqual(report.results.first { $0.key == "setup.md" }?.outcome, .skipped)
        XCTAssertTrue(report.results.first { $0.key == "setup.md" }?.reason?.contains("deploy-1.2") == true)
        let body = try await docs.client.page(id).bodyText
        XCTAssertTrue(body.contains("Deployed 1.2."), "the note is still there")
    }

    func testUnchangedFileWithRemoteEditShowsDriftWithWhen() async throws {
        let docs = try await fixture()
        _ = try await docs.publish()
        let id = try XCTUnwrap(docs.manifest().pages["setup.md"]?.pageID)
        _ = try await docs.colleague.write(.replaceWithMarkdown, "A colleague rewrote this.", to: id)
        let plan = try await docs.publisher().plan()
        let item = try XCTUnwrap(plan.items.first { $0.key == "setup.md" })
        XCTAssertEqual(item.actions, [.drift])
        XCTAssertTrue(item.detail?.contains("edited in Productive at ") == true, item.detail ?? "")
        XCTAssertTrue(item.detail?.contains(" by person 502") == true, "who: the updater of the page: \(item.detail ?? "")")
        XCTAssertTrue(plan.render(.text).contains("drift"))
        let report = try await docs.publish()
        XCTAssertEqual(report.writes, 0, "drift is shown, nothing is overwritten")
    }

    /// A manifest reset to before the tool's last publish (a commit of it that failed): the page moved
    /// on by the tool's own write, which is said so, never blamed on a colleague.
    func testTheToolsOwnEarlierWriteIsNotAColleaguesEdit() async throws {
        let docs = try await fixture()
        _ = try await docs.publish()
        let stale = docs.manifestText()
        try docs.write("setup.md", "# Setup\n\nSecond version.\n")
        _ = try await docs.publish()
        try docs.writeManifest(stale)
        let plan = try await docs.publisher().plan()
        let item = try XCTUnwrap(plan.items.first { $0.key == "setup.md" })
        XCTAssertTrue(item.detail?.contains(" by this tool's token (person 501: an earlier publish whose manifest was not kept") == true, item.detail ?? "")
        XCTAssertFalse(item.detail?.contains(" by person ") == true, item.detail ?? "")
    }
}
