import Foundation
import ProductiveSandbox
import XCTest

/// The `lint:` settings of productive-docs.yml reach publish through the conversion options.
final class PublishLintSettingsTests: XCTestCase {
    private func docs(config: String) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("pd-publish-lint-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try "# Guide\n\nSee [the draft](drafts/plan.md).\n".write(to: root.appendingPathComponent("guide.md"), atomically: true, encoding: .utf8)
        try ("project: 5\n" + config).write(to: root.appendingPathComponent("productive-docs.yml"), atomically: true, encoding: .utf8)
        return root
    }

    func testPublishReportsLinkFindingsWithTheConfiguredSeverityOrNotAtAll() async throws {
        let sandbox = try await SandboxServer.start()
        let environment = ["PRODUCTIVE_BASE_URL": sandbox.baseURL, "PRODUCTIVE_UPLOAD_URL": sandbox.uploadURL, "PRODUCTIVE_API_TOKEN": SandboxServer.defaultToken, "PRODUCTIVE_ORGANIZATION_ID": "1"]

        let plain = try CLI.run(["publish", try docs(config: "").path], environment: environment)
        XCTAssertEqual(plain.status, 0, plain.stderr)
        XCTAssertTrue(plain.stderr.contains("guide.md:3:5: warning: link to `drafts/plan.md`"), plain.stderr)

        let raised = try CLI.run(["publish", try docs(config: "lint:\n  rules:\n    unpublished-link: error\n").path], environment: environment)
        XCTAssertTrue(raised.stderr.contains("guide.md:3:5: error: link to `drafts/plan.md`"), raised.stderr)

        let silenced = try CLI.run(["publish", try docs(config: "lint:\n  rules:\n    PD017: off\n").path], environment: environment)
        XCTAssertEqual(silenced.status, 0, silenced.stderr)
        XCTAssertFalse(silenced.stderr.contains("PD017"), silenced.stderr)
        await sandbox.stop()
    }
}
