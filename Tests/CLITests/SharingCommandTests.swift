import Foundation
import ProductiveSandbox
import XCTest

/// `sharing:` and `mentions:` through the built binary: the plan's lines, exit 2 before any write
/// for a name that does not resolve.
final class SharingCommandTests: XCTestCase {
    private func sandbox() async throws -> (SandboxServer, [String: String]) {
        var configuration = SandboxConfiguration()
        configuration.directory = SandboxDirectory(
            people: [.init(id: 501, firstName: "Tool", lastName: "Owner", email: "owner@example.com"), .init(id: 503, firstName: "Ana", lastName: "Lopez", email: "ana@example.com")],
            teams: [.init(id: 7, name: "Support", members: [503])]
        )
        let server = try await SandboxServer.start(configuration)
        addTeardownBlock { await server.stop() }
        let environment = ["PRODUCTIVE_BASE_URL": server.baseURL, "PRODUCTIVE_UPLOAD_URL": server.uploadURL, "PRODUCTIVE_API_TOKEN": SandboxServer.defaultToken, "PRODUCTIVE_ORGANIZATION_ID": "1"]
        return (server, environment)
    }

    private func folder(_ config: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("cli-sharing-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url.appendingPathComponent("ops"), withIntermediateDirectories: true)
        try "# Guide\n\nAsk [@Ana Lopez](mailto:ana@example.com).\n".write(to: url.appendingPathComponent("guide.md"), atomically: true, encoding: .utf8)
        try "# Runbook\n".write(to: url.appendingPathComponent("ops/runbook.md"), atomically: true, encoding: .utf8)
        try config.write(to: url.appendingPathComponent("productive-docs.yml"), atomically: true, encoding: .utf8)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }

    func testPlanShowsMembershipChangesAndWhoIsNotifiedThenPublishApplies() async throws {
        let (server, environment) = try await sandbox()
        let docs = try folder("project: 5\nmentions: true\nsharing:\n  teams:\n    Support: view\n  folders:\n    ops:\n      people:\n        ana@example.com: edit\n")
        let plan = try CLI.run(["plan", docs.path], environment: environment)
        XCTAssertEqual(plan.status, 0, plan.stderr)
        XCTAssertTrue(plan.stdout.contains("notify            guide.md  Ana Lopez <ana@example.com>"), plan.stdout)
        XCTAssertTrue(plan.stdout.contains("+ team \"Support\" view"), plan.stdout)
        XCTAssertTrue(plan.stdout.contains("+ person ana@example.com edit"), plan.stdout)
        let publish = try CLI.run(["publish", docs.path], environment: environment)
        XCTAssertEqual(publish.status, 0, publish.stderr)
        XCTAssertTrue(publish.stdout.contains("2 membership changes"), publish.stdout)
        XCTAssertEqual(try CLI.run(["plan", docs.path], environment: environment).stdout.contains("notify"), false)
        _ = server
    }

    func testAnUnresolvableNameExitsTwoBeforeAnyWrite() async throws {
        let (server, environment) = try await sandbox()
        let docs = try folder("project: 5\nsharing:\n  teams:\n    Nobody: edit\n")
        let publish = try CLI.run(["publish", docs.path], environment: environment)
        XCTAssertEqual(publish.status, 2, publish.stderr)
        XCTAssertTrue(publish.stderr.contains("no team is named \"Nobody\""), publish.stderr)
        XCTAssertEqual(server.requests.writes, 0)
        XCTAssertFalse(FileManager.default.fileExists(atPath: docs.appendingPathComponent(".productive-docs.json").path))
    }

    func testABadSharingBlockNamesTheSetting() throws {
        let docs = try folder("project: 5\nsharing:\n  people:\n    ana@example.com: admin\n")
        let plan = try CLI.run(["plan", docs.path], environment: ["PRODUCTIVE_API_TOKEN": "t", "PRODUCTIVE_ORGANIZATION_ID": "1", "PRODUCTIVE_BASE_URL": "http://127.0.0.1:9/api/v2"])
        XCTAssertEqual(plan.status, 2)
        XCTAssertTrue(plan.stderr.contains("`sharing.people.ana@example.com` must be view, comment, edit or full"), plan.stderr)
    }
}
