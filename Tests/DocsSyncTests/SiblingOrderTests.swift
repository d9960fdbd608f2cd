import DocsSync
import Foundation
import ProductiveAPI
import ProductiveSandbox
import XCTest

/// Order as code against the sandbox over HTTP: `nav:`, front matter `order:` and name prefixes
/// decide where pages land; a change of order costs the fewest moves a move-to-end allows; a
/// reorder made in Productive is drift; a pulled tree keeps its order.
final class SiblingOrderTests: XCTestCase {
    private func fixture() async throws -> PublishFixture {
        let docs = try await PublishFixture()
        addTeardownBlock { await docs.close() }
        return docs
    }

    /// The titles of the children of the page of `key`, in Productive's order (`position`).
    private func childTitles(_ docs: PublishFixture, of key: String) async throws -> [String] {
        let parent = try XCTUnwrap(docs.manifest().pages[key]?.pageID)
        let children = try await docs.client.listPages(.init(parentPageIDs: [parent]), fields: ["title", "parent_page_id", "position"])
        XCTAssertTrue(children.allSatisfy { $0.position != nil }, "the sandbox gives every page its position")
        return children.sorted { ($0.position ?? 0) < ($1.position ?? 0) }.map(\.title)
    }

    private func moveRequests(_ docs: PublishFixture) -> Int {
        docs.sandbox.requests.writes
    }

    /// Five files in `order:` 1...5, published.
    private func publishedFive(_ docs: PublishFixture) async throws {
        try docs.write("README.md", "# Handbook\n\nStart.\n")
        for (index, name) in ["a", "b", "c", "d", "e"].enumerated() {
            try docs.write("\(name).md", "---\norder: \(index + 1)\n---\n# Page \(name.uppercased())\n\nText \(name).\n")
        }
        let report = try await docs.publish()
        XCTAssertFalse(report.failed, "\(report.results)")
    }

    private func setOrder(_ docs: PublishFixture, _ name: String, _ order: Double) throws {
        try docs.write("\(name).md", "---\norder: \(order)\n---\n# Page \(name.uppercased())\n\nText \(name).\n")
    }

    func testNavOrderAndPrefixesLandInThatOrderAndRepublishMovesNothing() async throws {
        let docs = try await fixture()
        try docs.write("README.md", "# Handbook\n\nStart.\n")
        try docs.write("appendix.md", "# Appendix\n\nLast: no prefix.\n")
        try docs.write("02-setup.md", "Set it up (no heading: the title is the name without its prefix).\n")
        try docs.write("01-intro.md", "# Intro\n\nFirst.\n")
        try docs.write("10-guide/index.md", "The guide (no heading: the folder's name without its prefix).\n")
        try docs.write("10-guide/install.md", "---\norder: 2\n---\n# Install\n\nSecond in the guide.\n")
        try docs.write("10-guide/basics.md", "---\norder: 1\n---\n# Basics\n\nAfter the nav entry.\n")
        try docs.write("10-guide/zz-first.md", "# Named in nav\n\nFirst in the guide.\n")
        docs.config.nav = ["10-guide/zz-first.md"]

        let plan = try await docs.publisher().plan()
        let creates = plan.items.filter { $0.key.hasPrefix("10-guide/") && $0.key != "10-guide/" }.map { ($0.key, $0.operations.first) }
        XCTAssertEqual(creates.map(\.0), ["10-guide/zz-first.md", "10-guide/basics.md", "10-guide/install.md"])
        XCTAssertEqual(creates.map(\.1), [.create(under: "10-guide/", position: 1), .create(under: "10-guide/", position: 2), .create(under: "10-guide/", position: 3)])

        let report = try await docs.publish()
        XCTAssertFalse(report.failed, "\(report.results)")
        let top = try await childTitles(docs, of: ".")
        XCTAssertEqual(top, ["Intro", "setup", "guide", "Appendix"])
        let guide = try await childTitles(docs, of: "10-guide/")
        XCTAssertEqual(guide, ["Named in nav", "Basics", "Install"])

        let writes = moveRequests(docs)
        let again = try await docs.publisher().plan()
        XCTAssertTrue(again.isUnchanged, again.render(.text))
        let second = try await docs.publish()
        XCTAssertEqual(second.writes, 0)
        XCTAssertEqual(moveRequests(docs), writes)
    }

    func testMovingOneFileInTheOrderIsTheFewestMovesAndRepublishMovesNothing() async throws {
        let docs = try await fixture()
        try await publishedFive(docs)

        // B to the end: the others are a run in order, so B alone moves.
        try setOrder(docs, "b", 6)
        var plan = try await docs.publisher().plan()
        var top = try XCTUnwrap(plan.items.first { $0.key == "." })
        XCTAssertEqual(top.actions, [.reorder])
        XCTAssertEqual(top.operations, [.reorder(moves: ["b.md"])])
        XCTAssertTrue(plan.render(.text).contains("reorder: move b.md to the end, in that order (1 request)"), plan.render(.text))
        XCTAssertTrue(plan.render(.json).contains("\"requests\" : 1"), plan.render(.json))
        var writes = moveRequests(docs)
        var report = try await docs.publish()
        XCTAssertEqual(moveRequests(docs) - writes, 1, report.summary)
        XCTAssertEqual(report.results.first { $0.key == "." }?.outcome, .updated)
        var titles = try await childTitles(docs, of: ".")
        XCTAssertEqual(titles, ["Page A", "Page C", "Page D", "Page E", "Page B"])

        // E between A and C: a move-to-end keeps A and E in place and moves C and D after them.
        try setOrder(docs, "e", 1.5)
        plan = try await docs.publisher().plan()
        top = try XCTUnwrap(plan.items.first { $0.key == "." })
        XCTAssertEqual(top.operations, [.reorder(moves: ["c.md", "d.md", "b.md"])], "A and E stay; the rest of the files' order moves")
        writes = moveRequests(docs)
        report = try await docs.publish()
        XCTAssertEqual(moveRequests(docs) - writes, 3, report.summary)
        titles = try await childTitles(docs, of: ".")
        XCTAssertEqual(titles, ["Page A", "Page E", "Page C", "Page D", "Page B"])

        writes = moveRequests(docs)
        plan = try await docs.publisher().plan()
        XCTAssertTrue(plan.isUnchanged, plan.render(.text))
        report = try await docs.publish()
        XCTAssertEqual(report.writes, 0)
        XCTAssertEqual(moveRequests(docs), writes, "republishing moves nothing")
    }

    func testANewFileBetweenOthersIsCreatedAtItsPositionWithoutMoves() async throws {
        let docs = try await fixture()
        try await publishedFive(docs)
        try docs.write("new.md", "---\norder: 2.5\n---\n# Page New\n\nBetween B and C.\n")
        let plan = try await docs.publisher().plan()
        XCTAssertEqual(plan.items.first { $0.key == "new.md" }?.operations.first, .create(under: ".", position: 3))
        XCTAssertEqual(plan.items.first { $0.key == "." }?.actions, [.unchanged])
        let writes = moveRequests(docs)
        _ = try await docs.publish()
        XCTAssertEqual(moveRequests(docs) - writes, 1, "one create, no move")
        let titles = try await childTitles(docs, of: ".")
        XCTAssertEqual(titles, ["Page A", "Page B", "Page New", "Page C", "Page D", "Page E"])
        let again = try await docs.publisher().plan()
        XCTAssertTrue(again.isUnchanged, again.render(.text))
    }

    func testAManualReorderInProductiveIsDriftAndForcePutsItBack() async throws {
        let docs = try await fixture()
        try await publishedFive(docs)
        let root = try XCTUnwrap(docs.manifest().pages["."]?.pageID)
        let a = try XCTUnwrap(docs.manifest().pages["a.md"]?.pageID)
        // A colleague drags A to the end in Productive.
        _ = try await docs.colleague.move(a, to: root)

        let plan = try await docs.publisher().plan()
        let top = try XCTUnwrap(plan.items.first { $0.key == "." })
        XCTAssertEqual(top.actions, [.drift])
        XCTAssertEqual(top.operations, [])
        XCTAssertTrue(top.detail?.contains("children reordered in Productive (now b.md, c.md, d.md, e.md, a.md): kept") == true, top.detail ?? "")
        var writes = moveRequests(docs)
        let kept = try await docs.publish()
        XCTAssertEqual(kept.writes, 0)
        XCTAssertEqual(moveRequests(docs), writes)
        var titles = try await childTitles(docs, of: ".")
        XCTAssertEqual(titles.last, "Page A", "the Productive order is kept")

        let forced = try await docs.publisher(onConflict: .overwrite).plan()
        XCTAssertEqual(forced.items.first { $0.key == "." }?.operations, [.reorder(moves: ["b.md", "c.md", "d.md", "e.md"])])
        writes = moveRequests(docs)
        _ = try await docs.publish(onConflict: .overwrite)
        XCTAssertEqual(moveRequests(docs) - writes, 4)
        titles = try await childTitles(docs, of: ".")
        XCTAssertEqual(titles, ["Page A", "Page B", "Page C", "Page D", "Page E"])
        let after = try await docs.publisher().plan()
        XCTAssertTrue(after.isUnchanged, after.render(.text))
    }

    func testPullWritesOrderSoThatTheNextPublishMovesNothing() async throws {
        let docs = try await fixture()
        try await publishedFive(docs)
        let root = try XCTUnwrap(docs.manifest().pages["."]?.pageID)
        let b = try XCTUnwrap(docs.manifest().pages["b.md"]?.pageID)
        _ = try await docs.colleague.move(b, to: root)  // A C D E B in Productive

        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pulled-\(UUID().uuidString)")
        addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
        let manifestPath = folder.appendingPathComponent(Manifest.defaultFileName).path
        _ = try await Puller(client: docs.client, config: DocsConfig(), organizationID: "1").pullTree(.page(root), into: folder, manifestPath: manifestPath)
        let pageB = try String(contentsOf: folder.appendingPathComponent("page-b.md"), encoding: .utf8)
        XCTAssertTrue(pageB.hasPrefix("---\ntitle: Page B\norder: 5\n---\n"), pageB)

        let workspace = try Workspace.scan(folder, config: DocsConfig(), ignoring: [Manifest.defaultFileName])
        XCTAssertEqual(workspace.pages.dropFirst().map(\.title), ["Page A", "Page C", "Page D", "Page E", "Page B"])
        let settings = Publisher.Settings(config: DocsConfig(), manifestPath: manifestPath, organizationID: "1")
        let publisher = Publisher(settings: settings, workspace: workspace, client: docs.client)
        let plan = try await publisher.plan()
        XCTAssertTrue(plan.isUnchanged, plan.render(.text))
        let writes = moveRequests(docs)
        let report = try await publisher.publish()
        XCTAssertEqual(report.writes, 0)
        XCTAssertEqual(moveRequests(docs), writes, "the pulled order is the published order: nothing moves")
    }

    func testALostMoveToEndAnswerIsSentAgainAndThePageStaysLast() async throws {
        // The fourth write (the move) lands, then its answer is lost (504).
        let docs = try await PublishFixture(faults: [SandboxFault(.gatewayTimeoutAfterCommit, on: .write, times: 1, skip: 3)])
        addTeardownBlock { await docs.close() }
        let parent = try await docs.client.createPage(title: "Parent", markdown: "P", in: .project("42"))
        let under = ProductiveClient.Location.under(parent: parent.id, root: parent.id)
        let a = try await docs.client.createPage(title: "A", markdown: "A", in: under)
        _ = try await docs.client.createPage(title: "B", markdown: "B", in: under)
        let moved = try await docs.client.moveToEnd(a.id, of: parent.id)
        XCTAssertEqual(moved.parentPageID, parent.id)
        XCTAssertEqual(docs.sandbox.requests.writes, 5, "the move was sent again: its parent alone proves nothing")
        let children = try await docs.client.listPages(.init(parentPageIDs: [parent.id]), fields: ["title", "position"])
        XCTAssertEqual(children.sorted { ($0.position ?? 0) < ($1.position ?? 0) }.map(\.title), ["B", "A"])
    }

    func testANavEntryThatNamesNoFileIsAConfigurationError() async throws {
        let docs = try await fixture()
        try docs.write("README.md", "# Handbook\n")
        docs.config.nav = ["missing.md"]
        XCTAssertThrowsError(try docs.publisher()) { error in
            XCTAssertEqual("\(error)", "productive-docs.yml: `nav` entry `missing.md` names no published file or folder of the docs folder")
        }
    }
}

/// `nav:` in productive-docs.yml, read without a server.
final class NavConfigTests: XCTestCase {
    private func load(_ yaml: String) throws -> DocsConfig {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("nav-\(UUID().uuidString).yml").path
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try DocsConfig.load(path)
    }

    func testNavIsAListOfPathsAndABadEntryNamesTheSetting() throws {
        XCTAssertEqual(try load("nav:\n  - intro.md\n  - ./guide/\n  - guide/install.md\n").nav, ["intro.md", "guide", "guide/install.md"])
        XCTAssertThrowsError(try load("nav: intro.md\n")) { XCTAssertTrue("\($0)".contains("`nav` must be a list of paths"), "\($0)") }
        XCTAssertThrowsError(try load("nav:\n  - Intro: intro.md\n")) { XCTAssertTrue("\($0)".contains("`nav` entry 1 must be a path"), "\($0)") }
        XCTAssertThrowsError(try load("nav:\n  - ../outside.md\n")) { XCTAssertTrue("\($0)".contains("must be a path inside the docs folder"), "\($0)") }
        XCTAssertThrowsError(try load("nav:\n  - a.md\n  - ./a.md\n")) { XCTAssertTrue("\($0)".contains("`nav` names `./a.md` twice"), "\($0)") }
    }
}
