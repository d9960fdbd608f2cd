import Foundation
import ProductiveAPI
import ProductiveSandbox
import XCTest

/// No duplicate tree, ever: a lost or stale manifest stops publish before any write (exit 2, with the
/// commands that recover), and `publish --adopt` takes the existing pages back.
final class ExistingTreeTests: XCTestCase {
    private var sandbox: SandboxServer?

    override func tearDown() async throws {
        await sandbox?.stop()
        sandbox = nil
    }

    private func start() async throws -> [String: String] {
        let server = try await SandboxServer.start()
        sandbox = server
        return ["PRODUCTIVE_BASE_URL": server.baseURL, "PRODUCTIVE_UPLOAD_URL": server.uploadURL, "PRODUCTIVE_API_TOKEN": SandboxServer.defaultToken, "PRODUCTIVE_ORGANIZATION_ID": "1"]
    }

    /// samples/ (six pages, one of them a subfolder's) published to project 5.
    private func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("cli-tree-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: CLI.packageRoot.appendingPathComponent("samples"), to: url)
        try "project: 5\nexclude:\n  - legacy-notes.md\n".write(to: url.appendingPathComponent("productive-docs.yml"), atomically: true, encoding: .utf8)
        return url
    }

    private func pageCount(_ environment: [String: String]) async throws -> Int {
        let client = ProductiveClient(configuration: ProductiveConfiguration(
            token: SandboxServer.defaultToken, organizationID: "1", baseURL: environment["PRODUCTIVE_BASE_URL"] ?? ""))
        defer { Task { try? await client.shutdown() } }
        return try await client.listPages(.init(projectID: "5")).count
    }

    func testALostManifestStopsBeforeAnyWriteAndAdoptTakesTheTreeBack() async throws {
        let environment = try await start()
        let docs = try folder()
        let first = try CLI.run(["publish", docs.path], environment: environment)
        XCTAssertEqual(first.status, 0, first.stderr)
        let pages = try await pageCount(environment)
        XCTAssertEqual(pages, 6)
        let manifest = docs.appendingPathComponent(".productive-docs.json")
        let recorded = try Manifest(manifest)
        try FileManager.default.removeItem(at: manifest)

        for command in ["plan", "publish"] {
            let stopped = try CLI.run([command, docs.path], environment: environment)
            XCTAssertEqual(stopped.status, 2, "\(command): \(stopped.stdout)\(stopped.stderr)")
            XCTAssertTrue(stopped.stderr.contains("already is and the manifest does not own it"), stopped.stderr)
            XCTAssertTrue(stopped.stderr.contains("`productive-docs publish \(docs.path) --adopt`"), stopped.stderr)
            let top = try XCTUnwrap(recorded.pages["."])
            XCTAssertTrue(stopped.stderr.contains("`productive-docs pull NEW-FOLDER --root-page \(top)`"), stopped.stderr)
        }
        let after = try await pageCount(environment)
        XCTAssertEqual(after, 6, "nothing was created")

        let adopted = try CLI.run(["publish", docs.path, "--adopt"], environment: environment)
        XCTAssertEqual(adopted.status, 0, adopted.stdout + adopted.stderr)
        XCTAssertTrue(adopted.stdout.contains("6 adopted, 0 not adopted, 0 already in the manifest; 0 writes"), adopted.stdout)
        XCTAssertEqual(try Manifest(manifest).pages, recorded.pages, "the same pages as before the loss")

        let again = try CLI.run(["publish", docs.path], environment: environment)
        XCTAssertEqual(again.status, 0, again.stdout + again.stderr)
        XCTAssertTrue(again.stdout.contains("6 unchanged; 0 writes"), again.stdout)
    }

    func testAStaleManifestInASecondCloneStopsBeforeCreatingTheSamePageTwice() async throws {
        let environment = try await start()
        let first = try folder()
        XCTAssertEqual(try CLI.run(["publish", first.path], environment: environment).status, 0)
        let second = FileManager.default.temporaryDirectory.appendingPathComponent("cli-tree-clone-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: first, to: second)
        for clone in [first, second] {
            try "# Release notes\n\nVersion 2.\n".write(to: clone.appendingPathComponent("release-notes.md"), atomically: true, encoding: .utf8)
        }
        XCTAssertEqual(try CLI.run(["publish", first.path], environment: environment).status, 0)

        let stale = try CLI.run(["publish", second.path], environment: environment)
        XCTAssertEqual(stale.status, 2, stale.stdout + stale.stderr)
        XCTAssertTrue(stale.stderr.contains("`release-notes.md` would be created as \"Release notes\""), stale.stderr)
        let count = try await pageCount(environment)
        XCTAssertEqual(count, 7)
        let adopted = try CLI.run(["publish", second.path, "--adopt"], environment: environment)
        XCTAssertEqual(adopted.status, 0, adopted.stdout + adopted.stderr)
        XCTAssertTrue(adopted.stdout.contains("1 adopted, 0 not adopted, 6 already in the manifest"), adopted.stdout)
    }

    func testAdoptLeavesAPageWhoseBodyIsNotTheFiles() async throws {
        let environment = try await start()
        let docs = try folder()
        XCTAssertEqual(try CLI.run(["publish", docs.path], environment: environment).status, 0)
        let recorded = try Manifest(docs.appendingPathComponent(".productive-docs.json"))
        let onboarding = try XCTUnwrap(recorded.pages["handbook/onboarding.md"])
        let client = ProductiveClient(configuration: ProductiveConfiguration(
            token: SandboxServer.defaultToken, organizationID: "1", baseURL: environment["PRODUCTIVE_BASE_URL"] ?? ""))
        _ = try await client.write(.replaceWithMarkdown, "Quizzical zebras juxtapose xylophones: 0987654321.", to: onboarding)
        try? await client.shutdown()
        try FileManager.default.removeItem(at: docs.appendingPathComponent(".productive-docs.json"))

        let adopted = try CLI.run(["publish", docs.path, "--adopt"], environment: environment)
        XCTAssertEqual(adopted.status, 1, adopted.stdout + adopted.stderr)
        XCTAssertTrue(adopted.stdout.contains("not adopted handbook/onboarding.md: page \(onboarding) holds words the file does not have"), adopted.stdout)
        XCTAssertTrue(adopted.stdout.contains("5 adopted, 1 not adopted"), adopted.stdout)
    }

    func testAdoptRecordsAPageWithTheFilesWordsButOlderContentAsAConflict() async throws {
        let environment = try await start()
        let docs = try folder()
        XCTAssertEqual(try CLI.run(["publish", docs.path], environment: environment).status, 0)
        try FileManager.default.removeItem(at: docs.appendingPathComponent(".productive-docs.json"))
        let file = docs.appendingPathComponent("handbook/announcements.md")
        try (try String(contentsOf: file, encoding: .utf8) + "\nA paragraph added in git.\n").write(to: file, atomically: true, encoding: .utf8)

        let adopted = try CLI.run(["publish", docs.path, "--adopt"], environment: environment)
        XCTAssertEqual(adopted.status, 0, adopted.stdout + adopted.stderr)
        XCTAssertTrue(adopted.stdout.contains("handbook/announcements.md (page "), adopted.stdout)
        XCTAssertTrue(adopted.stdout.contains("holds an older or edited form of the file: the next publish reports a conflict"), adopted.stdout)
        let next = try CLI.run(["publish", docs.path], environment: environment)
        XCTAssertEqual(next.status, 1, "nothing it cannot tell from its own write is overwritten: \(next.stdout)")
        XCTAssertTrue(next.stdout.contains("skipped   handbook/announcements.md"), next.stdout)
        let forced = try CLI.run(["publish", docs.path, "--force"], environment: environment)
        XCTAssertEqual(forced.status, 0, forced.stdout + forced.stderr)
        XCTAssertTrue(forced.stdout.contains("1 updated, 5 unchanged"), forced.stdout)
    }
}

/// The page ids of a manifest file, read as JSON (the test does not link DocsSync).
private struct Manifest {
    let pages: [String: String]

    init(_ url: URL) throws {
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any]
        let pages = object?["pages"] as? [String: [String: Any]] ?? [:]
        self.pages = pages.compactMapValues { $0["page_id"] as? String }
    }
}
