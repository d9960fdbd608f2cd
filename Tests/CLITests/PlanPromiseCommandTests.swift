import Foundation
import ProductiveSandbox
import XCTest

/// `plan --json` against `publish --json` through the built binary: per file, the outcome the plan
/// promises is the outcome publish reports (issue 18, "The plan is the publish").
final class PlanPromiseCommandTests: XCTestCase {
    /// Path → outcome from `plan --json` (`items`) or `publish --json` (`results`).
    private func outcomes(_ json: String, list: String) throws -> [String: String] {
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        var outcomes: [String: String] = [:]
        for row in object?[list] as? [[String: Any]] ?? [] {
            outcomes[row["path"] as? String ?? "?"] = row["outcome"] as? String ?? "none"
        }
        return outcomes
    }

    func testAFixedFileIsPlannedAsItIsPublished() async throws {
        let sandbox = try await SandboxServer.start()
        addTeardownBlock { await sandbox.stop() }
        let docs = FileManager.default.temporaryDirectory.appendingPathComponent("cli-promise-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: docs, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: docs) }
        let environment = ["PRODUCTIVE_BASE_URL": sandbox.baseURL, "PRODUCTIVE_API_TOKEN": SandboxServer.defaultToken, "PRODUCTIVE_ORGANIZATION_ID": "1"]
        try "project: 5\n".write(to: docs.appendingPathComponent("productive-docs.yml"), atomically: true, encoding: .utf8)
        try "# Handbook\n\nRead the [FAQ](faq.md).\n".write(to: docs.appendingPathComponent("README.md"), atomically: true, encoding: .utf8)
        try "# FAQ\n\n<script>alert(1)</script>\n".write(to: docs.appendingPathComponent("faq.md"), atomically: true, encoding: .utf8)

        let lint = try CLI.run(["lint", docs.path])
        XCTAssertEqual(lint.status, 1, lint.stdout)
        XCTAssertTrue(lint.stdout.contains("README.md:3:10: warning: link to `faq.md`: faq.md is not published in this run: it is held back by 1 lint error; sent as plain text [PD017]"), "lint knows it offline: \(lint.stdout)")
        let first = try CLI.run(["publish", docs.path, "--json"], environment: environment)
        XCTAssertEqual(first.status, 1, "a file is held back: \(first.stderr)")
        XCTAssertTrue(first.stderr.contains("README.md:3:10: warning: link to `faq.md`: faq.md is not published in this run: it is held back by 1 lint error; sent as plain text [PD017]"), first.stderr)

        try "# FAQ\n\nAnswers.\n".write(to: docs.appendingPathComponent("faq.md"), atomically: true, encoding: .utf8)
        let plan = try CLI.run(["plan", docs.path, "--json"], environment: environment)
        XCTAssertEqual(plan.status, 0, plan.stderr)
        XCTAssertTrue(plan.stdout.contains("\"detail\" : \"links: faq.md is now published\""), plan.stdout)
        let published = try CLI.run(["publish", docs.path, "--json"], environment: environment)
        XCTAssertEqual(published.status, 0, published.stderr)
        let promised = try outcomes(plan.stdout, list: "items")
        XCTAssertEqual(promised, [".": "updated", "faq.md": "created"])
        XCTAssertEqual(try outcomes(published.stdout, list: "results"), promised)
    }
}
