@testable import DocsSync
import Foundation
import ProductiveAPI
import ProductiveSandbox
import XCTest

/// `plan` says what `publish` does, interrupted creates included, and `publish` decides again for a
/// page that changed in Productive while it ran (issue 8, "One plan that decides").
final class PlanAndRunTests: XCTestCase {
    func testPlanResolvesAnInterruptedCreateAsPublishDoes() async throws {
        let docs = try await PublishFixture()
        addTeardownBlock { await docs.close() }
        try docs.write("README.md", "# Guide\n\nTop.\n")
        _ = try await docs.publish()
        let root = try XCTUnwrap(docs.manifest().pages["."]?.pageID)
        // A run sent these creates and was killed before recording the pages: one of them landed.
        let landed = try await docs.client.createPage(title: "Install", markdown: "Our install steps.\n", in: .under(parent: root, root: root))
        try docs.write("install.md", "# Install\n\nOur install steps.\n")
        try docs.write("upgrade.md", "# Upgrade\n\nOur upgrade steps.\n")
        var manifest = try docs.manifest()
        manifest.pending["install.md"] = Manifest.Intent(title: "Install", parentID: root, projectID: nil, existing: [])
        manifest.pending["upgrade.md"] = Manifest.Intent(title: "Upgrade", parentID: root, projectID: nil, existing: [])
        try manifest.write(to: docs.manifestPath)

        let plan = try await docs.publisher().plan()
        let install = try XCTUnwrap(plan.items.first { $0.key == "install.md" })
        XCTAssertEqual(install.pageID, landed.id, "the page the interrupted create made, proven")
        XCTAssertEqual(install.actions, [.update])
        XCTAssertTrue(install.detail?.contains("made by an interrupted run") == true, install.detail ?? "")
        let upgrade = try XCTUnwrap(plan.items.first { $0.key == "upgrade.md" })
        XCTAssertEqual(upgrade.actions, [.create])
        XCTAssertTrue(upgrade.detail?.contains("created again") == true, upgrade.detail ?? "")
        XCTAssertEqual(try docs.manifest().pending.count, 2, "plan writes nothing, the manifest included")

        let report = try await docs.publish()
        XCTAssertFalse(report.failed, "\(report.results)")
        XCTAssertEqual(try docs.manifest().pages["install.md"]?.pageID, install.pageID, "publish did what plan said")
        XCTAssertEqual(report.results.first { $0.key == "upgrade.md" }?.outcome, .created)
        XCTAssertTrue(try docs.manifest().pending.isEmpty)
        let titles = try await docs.remotePages().map(\.title)
        XCTAssertEqual(titles.filter { $0 == "Install" }.count, 1, "no duplicate: \(titles)")
    }

    func testAPageEditedWhileTheRunGoesOnIsDecidedAgainAndNotOverwritten() async throws {
        // The first publish makes two pages; the create of the second run answers slowly, and a
        // colleague edits guide.md's page meanwhile (after the plan read it).
        let slowCreate = SandboxFault(.trickle(interval: .milliseconds(3)), on: .create, times: 1, skip: 2)
        let docs = try await PublishFixture(faults: [slowCreate])
        addTeardownBlock { await docs.close() }
        try docs.write("README.md", "# Guide\n\nTop.\n")
        try docs.write("guide.md", "# Setup\n\nFirst version.\n")
        _ = try await docs.publish()
        let pageID = try XCTUnwrap(docs.manifest().pages["guide.md"]?.pageID)

        try docs.write("guide.md", "# Setup\n\nSecond version.\n")
        try docs.write("new.md", "# New\n\nA new page.\n")
        let plan = try await docs.publisher().plan()
        XCTAssertEqual(plan.items.first { $0.key == "guide.md" }?.actions, [.update], "planned as a plain update")

        let colleague = docs.client
        let edited = Edited()
        let base = try docs.publisher()
        let publisher = Publisher(settings: base.settings, workspace: base.workspace, client: docs.client) { event in
            guard case .started = event else { return }
            edited.task = Task { try await colleague.write(.replaceWithMarkdown, "A colleague's edit.", to: pageID) }
        }
        let report = try await publisher.publish()
        _ = try await edited.task?.value
        let result = try XCTUnwrap(report.results.first { $0.key == "guide.md" })
        XCTAssertEqual(result.outcome, .skipped, "\(result)")
        XCTAssertTrue(result.reason?.contains("while this run went on") == true, result.reason ?? "")
        let page = try await docs.client.page(pageID)
        XCTAssertTrue(page.bodyText.contains("A colleague's edit."), "the edit made during the run is kept: \(page.bodyText)")
        XCTAssertEqual(report.results.first { $0.key == "new.md" }?.outcome, .created)
    }

    func testARenameMadeInProductiveIsKeptNotRenamedBack() async throws {
        let docs = try await PublishFixture()
        addTeardownBlock { await docs.close() }
        try docs.write("README.md", "# Guide\n\nTop.\n")
        try docs.write("setup.md", "# Setup\n\nSteps.\n")
        _ = try await docs.publish()
        let pageID = try XCTUnwrap(docs.manifest().pages["setup.md"]?.pageID)
        // A colleague renames the page: a title is not a body write, the version does not move.
        _ = try await docs.client.rename(pageID, to: "Getting set up")

        let plan = try await docs.publisher().plan()
        let item = try XCTUnwrap(plan.items.first { $0.key == "setup.md" })
        XCTAssertEqual(item.actions, [.drift], "\(item)")
        XCTAssertTrue(item.detail?.contains("renamed in Productive") == true, item.detail ?? "")
        let report = try await docs.publish()
        XCTAssertEqual(report.writes, 0)
        var title = try await docs.client.page(pageID).title
        XCTAssertEqual(title, "Getting set up", "their title is kept")

        // Renamed in the file too: a conflict, skipped; --force renames it.
        try docs.write("setup.md", "# Installing\n\nSteps.\n")
        let conflict = try await docs.publisher().plan()
        XCTAssertEqual(conflict.items.first { $0.key == "setup.md" }?.actions, [.conflict, .rename])
        let skipped = try await docs.publish()
        XCTAssertEqual(skipped.results.first { $0.key == "setup.md" }?.outcome, .skipped)
        title = try await docs.client.page(pageID).title
        XCTAssertEqual(title, "Getting set up")
        let forced = try await docs.publish(onConflict: .overwrite)
        XCTAssertEqual(forced.results.first { $0.key == "setup.md" }?.outcome, .updated)
        title = try await docs.client.page(pageID).title
        XCTAssertEqual(title, "Installing")
        let after = try await docs.publisher().plan()
        XCTAssertTrue(after.isUnchanged, "\(after.items)")
    }

    func testAMoveMadeInProductiveIsKeptUnlessForced() async throws {
        let docs = try await PublishFixture()
        addTeardownBlock { await docs.close() }
        try docs.write("README.md", "# Guide\n\nTop.\n")
        try docs.write("ops/README.md", "# Ops\n\nRunning things.\n")
        try docs.write("ops/paging.md", "# Paging\n\nWho gets paged.\n")
        try docs.write("team.md", "# Team\n\nPeople.\n")
        _ = try await docs.publish()
        let manifest = try docs.manifest()
        let paging = try XCTUnwrap(manifest.pages["ops/paging.md"]?.pageID)
        let team = try XCTUnwrap(manifest.pages["team.md"]?.pageID)
        let ops = try XCTUnwrap(manifest.pages["ops/"]?.pageID)
        // A colleague files the paging page under Team.
        _ = try await docs.client.move(paging, to: team)

        let plan = try await docs.publisher().plan()
        let item = try XCTUnwrap(plan.items.first { $0.key == "ops/paging.md" })
        XCTAssertEqual(item.actions, [.drift], "\(item)")
        XCTAssertTrue(item.detail?.contains("moved in Productive") == true, item.detail ?? "")
        let report = try await docs.publish()
        XCTAssertEqual(report.writes, 0)
        var parent = try await docs.client.page(paging).parentPageID
        XCTAssertEqual(parent, team, "their move is kept")

        let forcedPlan = try await docs.publisher(onConflict: .overwrite).plan()
        XCTAssertEqual(forcedPlan.items.first { $0.key == "ops/paging.md" }?.actions, [.conflict, .move])
        _ = try await docs.publish(onConflict: .overwrite)
        parent = try await docs.client.page(paging).parentPageID
        XCTAssertEqual(parent, ops, "--force puts it back")
        let after = try await docs.publisher().plan()
        XCTAssertTrue(after.isUnchanged, "\(after.items)")
    }
}

/// The colleague's edit, started from the publisher's event callback.
private final class Edited: @unchecked Sendable {
    var task: Task<Page, Error>?
}
