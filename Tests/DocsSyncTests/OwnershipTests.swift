import DocsSync
import Foundation
import ProductiveAPI
import ProductiveSandbox
import XCTest

/// The tool writes to or deletes only pages it can prove are its own (issue 8, "Ownership").
final class OwnershipTests: XCTestCase {
    private func fixture(samples: Bool = false) async throws -> PublishFixture {
        let docs = try await PublishFixture(copying: samples ? PublishFixture.packageRoot.appendingPathComponent("samples") : nil)
        addTeardownBlock { await docs.close() }
        return docs
    }

    func testStaleIntentNeverAdoptsAnUnrelatedSameTitledPage() async throws {
        let docs = try await fixture()
        try docs.write("README.md", "# Guide\n\nTop.\n")
        _ = try await docs.publish()
        let root = try XCTUnwrap(docs.manifest().pages["."]?.pageID)
        // Another team's pages with the titles our files will have, made after our (stale) intents.
        let theirs = try await docs.client.createPage(title: "Install", markdown: "Their install notes.", in: .under(parent: root, root: root))
        let theirsToo = try await docs.client.createPage(title: "Upgrade", markdown: "Their upgrade notes.", in: .under(parent: root, root: root))
        try docs.write("install.md", "# Install\n\nOur install steps.\n")
        try docs.write("upgrade.md", "# Upgrade\n\nOur upgrade steps.\n")
        var manifest = try docs.manifest()
        manifest.pending["install.md"] = Manifest.Intent(title: "Install", parentID: root, projectID: nil, existing: [])
        manifest.pending["upgrade.md"] = Manifest.Intent(title: "Upgrade", parentID: root, projectID: nil, existing: nil)
        try manifest.write(to: docs.manifestPath)

        // Unproven, the intents are dropped; creating again beside their pages stops the run.
        do {
            _ = try await docs.publish()
            XCTFail("a page of the same title the manifest does not own stops the run")
        } catch let error as ExistingTreeError {
            XCTAssertEqual(Set(error.clashes.map(\.existingID)), [theirs.id, theirsToo.id])
        }
        XCTAssertNil(try docs.manifest().pages["install.md"], "nothing adopted")
        docs.allowDuplicateTitles = true
        let report = try await docs.publish()
        XCTAssertFalse(report.failed, "\(report.results)")
        let install = try XCTUnwrap(docs.manifest().pages["install.md"]?.pageID)
        let upgrade = try XCTUnwrap(docs.manifest().pages["upgrade.md"]?.pageID)
        XCTAssertNotEqual(install, theirs.id, "a same-titled page whose body is not ours is never adopted")
        XCTAssertNotEqual(upgrade, theirsToo.id, "an intent without proof (older manifest) adopts nothing")
        for page in [theirs, theirsToo] {
            let after = try await docs.client.page(page.id)
            XCTAssertEqual(after.versionNumber, page.versionNumber, "their page was not written")
            XCTAssertTrue(after.bodyText.contains("Their"), after.bodyText)
        }
        XCTAssertTrue(try docs.manifest().pending.isEmpty)
    }

    func testForeignPageInTheManifestIsNeverWrittenNorPruned() async throws {
        let docs = try await fixture(samples: true)
        _ = try await docs.publish()
        let foreign = try await docs.client.createPage(title: "Other team's doc", markdown: "Theirs.", in: .project("99"))
        let foreignChild = try await docs.client.createPage(title: "Their child", markdown: "Theirs too.", in: .under(parent: foreign.id, root: foreign.id))
        var manifest = try docs.manifest()
        manifest.pages["gone.md"] = Manifest.Entry(pageID: foreign.id, parentID: nil, title: "Gone", hash: "x", format: .markdown, versionNumber: nil)
        let onboarding = try XCTUnwrap(manifest.pages["handbook/onboarding.md"])
        manifest.pages["handbook/onboarding.md"]?.pageID = foreignChild.id
        try manifest.write(to: docs.manifestPath)
        try docs.write("handbook/onboarding.md", "# Onboarding\n\nChanged locally.\n")

        let plan = try await docs.publisher(prune: true).plan()
        XCTAssertEqual(plan.items.first { $0.key == "gone.md" }?.actions, [.foreign])
        XCTAssertEqual(plan.items.first { $0.key == "handbook/onboarding.md" }?.actions, [.foreign])
        let report = try await docs.publish(prune: true)
        XCTAssertEqual(report.results.first { $0.key == "gone.md" }?.outcome, .skipped)
        XCTAssertEqual(report.results.first { $0.key == "handbook/onboarding.md" }?.outcome, .skipped)
        XCTAssertTrue(report.needsAttention)
        let stillThere = try await docs.client.page(foreign.id)
        XCTAssertEqual(stillThere.title, "Other team's doc")
        let child = try await docs.client.page(foreignChild.id)
        XCTAssertEqual(child.versionNumber, foreignChild.versionNumber, "not written")
        XCTAssertFalse(child.bodyText.contains("Changed locally"))
        // Our own page was left alone too: the manifest line is wrong, the user fixes it.
        _ = try await docs.client.page(onboarding.pageID)
    }

    func testPruneDeletesOnlyPagesOfThisTree() async throws {
        let docs = try await fixture(samples: true)
        _ = try await docs.publish()
        let legacy = try XCTUnwrap(docs.manifest().pages["handbook/legacy-notes.md"]?.pageID)
        // The page was moved out of the tree in Productive: no longer provably ours.
        let elsewhere = try await docs.client.createPage(title: "Elsewhere", markdown: "x", in: .project("99"))
        _ = try await docs.client.move(legacy, to: elsewhere.id)
        try docs.remove("handbook/legacy-notes.md")
        let report = try await docs.publish(prune: true)
        XCTAssertEqual(report.results.first { $0.key == "handbook/legacy-notes.md" }?.outcome, .skipped)
        _ = try await docs.client.page(legacy)
    }

    func testRetargetIsRequiredToPublishElsewhere() async throws {
        let docs = try await fixture()
        try docs.write("README.md", "# Guide\n\nTop.\n")
        _ = try await docs.publish()
        docs.config.projectID = "43"
        do {
            _ = try await docs.publish()
            XCTFail("a different project needs --retarget")
        } catch let error as ConfigError {
            XCTAssertTrue(error.description.contains("--retarget"), error.description)
        }
        let report = try await docs.publisher(retarget: true).publish()
        XCTAssertEqual(report.count(.created), 1)
        XCTAssertEqual(try docs.manifest().projectID, "43")
    }

    func testRootPageMustExist() async throws {
        let docs = try await fixture()
        try docs.write("README.md", "# Guide\n")
        docs.config.projectID = nil
        docs.config.rootPageID = "999999"
        do {
            _ = try await docs.publisher().plan()
            XCTFail("a missing root page is a configuration error")
        } catch let error as ConfigError {
            XCTAssertTrue(error.description.contains("999999"), error.description)
        }
    }
}

/// A create whose answer is lost, with a same-titled sibling under the parent: the sibling is
/// never taken for the page the create made.
final class LostCreateTests: XCTestCase {
    func testALostCreateAnswerNeverAdoptsASameTitledSibling() async throws {
        let docs = try await PublishFixture()
        addTeardownBlock { await docs.close() }
        try docs.write("README.md", "# Guide\n\nTop.\n")
        _ = try await docs.publish()
        let root = try XCTUnwrap(docs.manifest().pages["."]?.pageID)
        let theirs = try await docs.client.createPage(title: "Install", markdown: "Another team's install notes.", in: .under(parent: root, root: root))

        let proxy = try HostileProxy.dropping("POST /api/v2/pages/create_with_markdown", upstreamPort: docs.sandbox.port)
        defer { proxy.stop() }
        let client = ProductiveClient(configuration: ProductiveConfiguration(
            token: SandboxServer.defaultToken, organizationID: "1", baseURL: proxy.baseURL,
            rateLimits: [RateLimit(count: 100_000, window: .seconds(1))]
        ), retryBaseDelay: .milliseconds(5))
        try docs.write("install.md", "# Install\n\nOur install steps.\n")
        let workspace = try Workspace.scan(docs.folder, config: docs.config, ignoring: [Manifest.defaultFileName])
        // Another team's page of the same title is there: created beside it only when told to.
        var settings = Publisher.Settings(config: docs.config, manifestPath: docs.manifestPath, organizationID: "1")
        do {
            _ = try await Publisher(settings: settings, workspace: workspace, client: client).publish()
            XCTFail("a page of the same title the manifest does not own stops the run")
        } catch let error as ExistingTreeError {
            XCTAssertEqual(error.clashes.map(\.existingID), [theirs.id])
        }
        XCTAssertEqual(proxy.actedCount, 0, "nothing was sent")
        settings.allowDuplicateTitles = true
        let publisher = Publisher(settings: settings, workspace: workspace, client: client)
        let report = try await publisher.publish()
        try await client.shutdown()
        XCTAssertEqual(proxy.actedCount, 1, "the create's answer was lost")

        let mine = try XCTUnwrap(docs.manifest().pages["install.md"]?.pageID, "\(report.results)")
        XCTAssertNotEqual(mine, theirs.id, "the sibling was not adopted")
        let sibling = try await docs.client.page(theirs.id)
        XCTAssertEqual(sibling.versionNumber, theirs.versionNumber, "and not overwritten")
        XCTAssertTrue(sibling.bodyText.contains("Another team's"))
        let installs = try await docs.remotePages().filter { $0.title == "Install" }
        XCTAssertEqual(installs.count, 2, "theirs and ours, once each")
    }
}
