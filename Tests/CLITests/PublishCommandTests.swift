import Foundation
import ProductiveSandbox
import XCTest

/// `init`, `plan` and `publish` through the built binary.
final class PublishCommandTests: XCTestCase {
    private func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("cli-publish-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: CLI.packageRoot.appendingPathComponent("samples"), to: url)
        return url
    }

    func testInitWritesACommentedConfigOnce() throws {
        let docs = try folder()
        let first = try CLI.run(["init", docs.path])
        XCTAssertEqual(first.status, 0)
        let text = try String(contentsOf: docs.appendingPathComponent("productive-docs.yml"), encoding: .utf8)
        XCTAssertTrue(text.contains("# project: 123456"))
        XCTAssertEqual(try CLI.run(["init", docs.path]).status, 2, "no overwrite without --force")
    }

    /// A missing folder is named as missing (not as a file that cannot be written), and not created.
    func testInitOnAMissingFolderSaysSoAndCreatesNothing() throws {
        let missing = FileManager.default.temporaryDirectory.appendingPathComponent("cli-init-\(UUID().uuidString)/initdir")
        let result = try CLI.run(["init", missing.path])
        XCTAssertEqual(result.status, 2, result.stderr)
        XCTAssertEqual(result.stderr, "error: \(missing.path): no such folder (init writes into an existing docs folder: create it first, or check the path)\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: missing.deletingLastPathComponent().path))
    }

    func testConfigurationErrorsExitTwo() throws {
        let docs = try folder()
        let environment = ["PRODUCTIVE_API_TOKEN": "t", "PRODUCTIVE_ORGANIZATION_ID": "1", "PRODUCTIVE_BASE_URL": "http://127.0.0.1:9/api/v2"]
        let noTarget = try CLI.run(["plan", docs.path], environment: environment)
        XCTAssertEqual(noTarget.status, 2)
        XCTAssertTrue(noTarget.stderr.contains("--project"))
        try "colour: blue\n".write(to: docs.appendingPathComponent("productive-docs.yml"), atomically: true, encoding: .utf8)
        let unknown = try CLI.run(["publish", docs.path, "--project", "1"], environment: environment)
        XCTAssertEqual(unknown.status, 2)
        XCTAssertTrue(unknown.stderr.contains("unknown setting `colour`"))
    }

    func testPublishThenPlanAsJSONAndMarkdown() async throws {
        let sandbox = try await SandboxServer.start()
        let docs = try folder()
        let environment = ["PRODUCTIVE_BASE_URL": sandbox.baseURL, "PRODUCTIVE_UPLOAD_URL": sandbox.uploadURL, "PRODUCTIVE_API_TOKEN": SandboxServer.defaultToken, "PRODUCTIVE_ORGANIZATION_ID": "1"]
        try "project: 5\nexclude:\n  - legacy-notes.md\n".write(to: docs.appendingPathComponent("productive-docs.yml"), atomically: true, encoding: .utf8)

        let dryRun = try CLI.run(["publish", docs.path, "--dry-run"], environment: environment)
        XCTAssertEqual(dryRun.status, 0, dryRun.stderr)
        XCTAssertTrue(dryRun.stdout.contains("6 create"), dryRun.stdout)

        let published = try CLI.run(["publish", docs.path, "--json"], environment: environment)
        XCTAssertEqual(published.status, 0, published.stderr)
        let report = try JSONSerialization.jsonObject(with: Data(published.stdout.utf8)) as? [String: Any]
        let results = report?["results"] as? [[String: Any]] ?? []
        XCTAssertEqual(results.count, 6)
        XCTAssertTrue(results.allSatisfy { $0["outcome"] as? String == "created" })
        XCTAssertTrue(published.stderr.contains("created handbook/onboarding.md"), "plain progress lines when not a terminal")

        let plan = try CLI.run(["plan", docs.path, "--json"], environment: environment)
        let object = try JSONSerialization.jsonObject(with: Data(plan.stdout.utf8)) as? [String: Any]
        XCTAssertEqual((object?["summary"] as? [String: Int])?["unchanged"], 6)

        try "# Onboarding\n\nChanged.\n".write(to: docs.appendingPathComponent("handbook/onboarding.md"), atomically: true, encoding: .utf8)
        let appended = try CLI.run(["append", "--to", docs.appendingPathComponent("handbook/runbooks/deploy.md").path, "--once", "n1"], stdin: "Deployed.\n", environment: environment)
        XCTAssertEqual(appended.status, 0, appended.stderr)
        let deployID = results.first { $0["path"] as? String == "handbook/runbooks/deploy.md" }?["page_id"] as? String
        // deploy.md shows an image and a PDF: created, then its body written with their attachments.
        XCTAssertEqual(appended.stdout, "appended to page \(deployID ?? "?") as markdown, version 2\n")
        let notPublished = try CLI.run(["append", "--to", docs.appendingPathComponent("handbook/legacy-notes.md").path], stdin: "x\n", environment: environment)
        XCTAssertEqual(notPublished.status, 2)
        XCTAssertTrue(notPublished.stderr.contains("not in"))

        let markdown = try CLI.run(["plan", docs.path, "--format", "markdown"], environment: environment)
        XCTAssertTrue(markdown.stdout.contains("<details><summary><b>update</b> <code>handbook/onboarding.md</code> “Onboarding”"), markdown.stdout)
        XCTAssertTrue(markdown.stdout.contains("\n+Changed.\n"), markdown.stdout)
        await sandbox.stop()
    }
}
