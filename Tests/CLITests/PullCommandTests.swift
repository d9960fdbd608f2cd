import Foundation
import ProductiveSandbox
import XCTest

/// `pull`, `diff` and plan's pointer at diff, through the built binary against the sandbox.
final class PullCommandTests: XCTestCase {
    func testPullPublishDiffAndPullFileAsAUser() async throws {
        let sandbox = try await SandboxServer.start()
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("cli-pull-\(UUID().uuidString)")
        let docs = work.appendingPathComponent("docs")
        let pulled = work.appendingPathComponent("pulled")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: CLI.packageRoot.appendingPathComponent("samples"), to: docs)
        let environment = ["PRODUCTIVE_BASE_URL": sandbox.baseURL, "PRODUCTIVE_UPLOAD_URL": sandbox.uploadURL, "PRODUCTIVE_API_TOKEN": SandboxServer.defaultToken, "PRODUCTIVE_ORGANIZATION_ID": "1"]
        let published = try CLI.run(["publish", docs.path, "--project", "5", "--allow-errors"], environment: environment)
        XCTAssertEqual(published.status, 0, published.stderr)

        let pull = try CLI.run(["pull", pulled.path, "--project", "5"], environment: environment)
        XCTAssertEqual(pull.status, 0, pull.stderr)
        XCTAssertTrue(pull.stdout.contains("7 written"), pull.stdout)

        // Publishing the pulled folder right away writes nothing (no target flag: the manifest has it).
        let writes = sandbox.requests.writes
        let republished = try CLI.run(["publish", pulled.path, "--allow-errors"], environment: environment)
        XCTAssertEqual(republished.status, 0, republished.stderr + republished.stdout)
        XCTAssertEqual(sandbox.requests.writes, writes, republished.stdout)
        let clean = try CLI.run(["diff", pulled.path], environment: environment)
        XCTAssertEqual(clean.status, 0, clean.stderr + clean.stdout)
        XCTAssertTrue(clean.stdout.contains("no differences"), clean.stdout)

        // A colleague's edit: plan points at diff, diff shows it, pull brings it in.
        let file = pulled.appendingPathComponent("team-handbook/onboarding.md")
        let append = try CLI.run(["append", "--to", file.path, "-"], stdin: "A line added in Productive.\n", environment: environment)
        XCTAssertEqual(append.status, 0, append.stderr)
        let plan = try CLI.run(["plan", pulled.path], environment: environment)
        XCTAssertTrue(plan.stdout.contains("productive-docs diff"), plan.stdout)
        let diff = try CLI.run(["diff", pulled.path], environment: environment)
        XCTAssertEqual(diff.status, 1, diff.stderr)
        XCTAssertTrue(diff.stdout.contains("+A line added in Productive."), diff.stdout)
        let json = try CLI.run(["diff", file.path, "--format", "json"], environment: environment)
        XCTAssertEqual(json.status, 1, json.stderr)
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        XCTAssertEqual((object?["pages"] as? [[String: Any]])?.first?["path"] as? String, "team-handbook/onboarding.md", json.stdout)

        let pullFile = try CLI.run(["pull", file.path], environment: environment)
        XCTAssertEqual(pullFile.status, 0, pullFile.stderr + pullFile.stdout)
        XCTAssertTrue(pullFile.stdout.contains("updated"), pullFile.stdout)
        XCTAssertTrue(try String(contentsOf: file, encoding: .utf8).contains("A line added in Productive."))
        XCTAssertEqual(try CLI.run(["diff", pulled.path], environment: environment).status, 0)

        // Another folder is never written into.
        let refused = try CLI.run(["pull", work.path, "--project", "5"], environment: environment)
        XCTAssertEqual(refused.status, 2)
        XCTAssertTrue(refused.stderr.contains("not empty"), refused.stderr)
        await sandbox.stop()
        try? FileManager.default.removeItem(at: work)
    }
}
