import Foundation
import ProductiveAPI
import ProductiveSandbox
import XCTest

/// `publish --snapshot NAME` and `publish --verbose` through the built binary.
final class SnapshotCommandTests: XCTestCase {
    func testPublishWithASnapshotMakesARestorePointPerChangedPage() async throws {
        let sandbox = try await SandboxServer.start()
        addTeardownBlock { await sandbox.stop() }
        let docs = FileManager.default.temporaryDirectory.appendingPathComponent("cli-snapshot-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: docs, withIntermediateDirectories: true)
        try "# Guide\n\nTop.\n".write(to: docs.appendingPathComponent("README.md"), atomically: true, encoding: .utf8)
        let environment = ["PRODUCTIVE_BASE_URL": sandbox.baseURL, "PRODUCTIVE_UPLOAD_URL": sandbox.uploadURL, "PRODUCTIVE_API_TOKEN": SandboxServer.defaultToken, "PRODUCTIVE_ORGANIZATION_ID": "1"]

        let empty = try CLI.run(["publish", docs.path, "--project", "5", "--snapshot", " "], environment: environment)
        XCTAssertEqual(empty.status, 2, empty.stderr)
        XCTAssertTrue(empty.stderr.contains("--snapshot takes a name"), empty.stderr)

        let result = try CLI.run(["publish", docs.path, "--project", "5", "--snapshot", "release 1", "--json"], environment: environment)
        XCTAssertEqual(result.status, 0, result.stderr)
        let report = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let page = try XCTUnwrap((report["results"] as? [[String: Any]])?.first)
        XCTAssertEqual(page["verification"] as? String, "verified")
        let versionID = try XCTUnwrap(page["restore_point_id"] as? String)
        let client = ProductiveClient(configuration: ProductiveConfiguration(token: SandboxServer.defaultToken, organizationID: "1", baseURL: sandbox.baseURL))
        let versions = try await client.pageVersions(of: try XCTUnwrap(page["page_id"] as? String))
        try await client.shutdown()
        XCTAssertEqual(versions.map(\.id), [versionID])
        XCTAssertEqual(versions.map(\.name), ["release 1"])
    }

    func testVerboseSaysWhenAWriteCouldNotBeVerified() async throws {
        let sandbox = try await SandboxServer.start(SandboxConfiguration(faults: [SandboxFault(.bodylessAnswer, on: .create, times: nil)]))
        addTeardownBlock { await sandbox.stop() }
        let docs = FileManager.default.temporaryDirectory.appendingPathComponent("cli-verbose-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: docs, withIntermediateDirectories: true)
        try "# Guide\n\nTop.\n".write(to: docs.appendingPathComponent("README.md"), atomically: true, encoding: .utf8)
        let environment = ["PRODUCTIVE_BASE_URL": sandbox.baseURL, "PRODUCTIVE_UPLOAD_URL": sandbox.uploadURL, "PRODUCTIVE_API_TOKEN": SandboxServer.defaultToken, "PRODUCTIVE_ORGANIZATION_ID": "1"]
        let result = try CLI.run(["publish", docs.path, "--project", "5", "--verbose"], environment: environment)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("created   . (page 1001) (not verified: the answer carried no readable body)"), result.stdout)
    }
}
