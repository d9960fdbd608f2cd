import Foundation
import ProductiveAPI
import ProductiveSandbox
import XCTest

/// `diff` on a page renamed in Productive (a rename does not move the version), through the built
/// binary against the sandbox: it differs (text and json), exit 1, where plan calls it drift.
final class DiffRenameTests: XCTestCase {
    func testDiffReportsATitleChangedInProductive() async throws {
        let sandbox = try await SandboxServer.start()
        let docs = FileManager.default.temporaryDirectory.appendingPathComponent("cli-diff-rename-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: docs) }
        try FileManager.default.copyItem(at: CLI.packageRoot.appendingPathComponent("samples"), to: docs)
        let environment = ["PRODUCTIVE_BASE_URL": sandbox.baseURL, "PRODUCTIVE_UPLOAD_URL": sandbox.uploadURL, "PRODUCTIVE_API_TOKEN": SandboxServer.defaultToken, "PRODUCTIVE_ORGANIZATION_ID": "1"]
        let published = try CLI.run(["publish", docs.path, "--project", "5", "--allow-errors"], environment: environment)
        XCTAssertEqual(published.status, 0, published.stderr)
        let clean = try CLI.run(["diff", docs.path], environment: environment)
        XCTAssertEqual(clean.status, 0, clean.stdout + clean.stderr)

        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: docs.appendingPathComponent(".productive-docs.json"))) as? [String: Any]
        let pages = try XCTUnwrap(manifest?["pages"] as? [String: [String: Any]])
        let (key, entry) = try XCTUnwrap(pages.first { $0.key.hasSuffix("onboarding.md") })
        let (id, title) = (try XCTUnwrap(entry["page_id"] as? String), try XCTUnwrap(entry["title"] as? String))
        let colleague = ProductiveClient(configuration: ProductiveConfiguration(token: SandboxServer.defaultToken, organizationID: "1", baseURL: sandbox.baseURL))
        try await colleague.rename(id, to: "\(title) (renamed by Ana)")
        try await colleague.shutdown()

        let plan = try CLI.run(["plan", docs.path], environment: environment)
        XCTAssertTrue(plan.stdout.contains("renamed in Productive"), plan.stdout)
        let text = try CLI.run(["diff", docs.path], environment: environment)
        XCTAssertEqual(text.status, 1, text.stdout + text.stderr)
        XCTAssertTrue(text.stdout.contains("# \(key) (page \(id)): renamed in Productive"), text.stdout)
        XCTAssertTrue(text.stdout.contains("to \"\(title) (renamed by Ana)\" (the file says \"\(title)\")"), text.stdout)
        XCTAssertTrue(text.stdout.contains("1 page differs"), text.stdout)

        let json = try CLI.run(["diff", docs.path, "--format", "json"], environment: environment)
        XCTAssertEqual(json.status, 1, json.stderr)
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let diffs = try XCTUnwrap(object?["pages"] as? [[String: Any]], json.stdout)
        XCTAssertEqual(diffs.count, 1, json.stdout)
        XCTAssertEqual(diffs.first?["path"] as? String, key)
        XCTAssertEqual(diffs.first?["title"] as? String, "\(title) (renamed by Ana)")
        XCTAssertEqual(diffs.first?["file_title"] as? String, title)
        XCTAssertEqual(diffs.first?["last_written_title"] as? String, title)
        XCTAssertEqual(diffs.first?["diff"] as? String, "", "the bodies are the same")
        await sandbox.stop()
    }
}
