import DocsSync
import Foundation
import ProductiveAPI
import ProductiveSandbox
import XCTest

/// `publish --snapshot NAME`: a restore point after each page the run changed, over HTTP.
final class SnapshotTests: XCTestCase {
    private func fixture(faults: [SandboxFault] = []) async throws -> PublishFixture {
        let docs = try await PublishFixture(faults: faults)
        addTeardownBlock { await docs.close() }
        try docs.write("README.md", "# Guide\n\nTop.\n")
        try docs.write("setup.md", "# Setup\n\nSteps.\n")
        return docs
    }

    private func publish(_ docs: PublishFixture, snapshot: String?) async throws -> PublishReport {
        let workspace = try Workspace.scan(docs.folder, config: docs.config, ignoring: [Manifest.defaultFileName])
        let settings = Publisher.Settings(config: docs.config, manifestPath: docs.manifestPath, organizationID: "1", snapshot: snapshot)
        return try await Publisher(settings: settings, workspace: workspace, client: docs.client).publish()
    }

    func testEveryChangedPageGetsARestorePointAndOnlyThose() async throws {
        let docs = try await fixture()
        let first = try await publish(docs, snapshot: "v1")
        XCTAssertFalse(first.failed)
        XCTAssertEqual(first.writes, 4, "two creates, two restore points")
        for result in first.results {
            XCTAssertNotNil(result.restorePointID, result.key)
            let id = try XCTUnwrap(result.pageID)
            let versions = try await docs.client.pageVersions(of: id)
            XCTAssertEqual(versions.map(\.name), ["v1"])
            XCTAssertEqual(versions.first?.id, result.restorePointID)
        }

        let unchanged = try await publish(docs, snapshot: "v2")
        XCTAssertEqual(unchanged.writes, 0, "nothing changed: no restore point")

        try docs.write("setup.md", "# Setup\n\nNew steps.\n")
        let third = try await publish(docs, snapshot: "v3")
        XCTAssertEqual(third.writes, 2, "one replace, one restore point")
        let setup = try XCTUnwrap(third.results.first { $0.key == "setup.md" })
        let versions = try await docs.client.pageVersions(of: try XCTUnwrap(setup.pageID))
        XCTAssertEqual(versions.map(\.name), ["v3", "v1"])
        XCTAssertTrue(versions[0].bodySnapshot?.contains("New steps.") ?? false, "the snapshot holds the published body")
        let top = try await docs.client.pageVersions(of: try XCTUnwrap(third.results.first { $0.key == "." }?.pageID))
        XCTAssertEqual(top.map(\.name), ["v1"])
    }

    func testAFailedRestorePointIsReportedAndThePublishStands() async throws {
        let docs = try await fixture(faults: [SandboxFault(.unavailable, on: .snapshot, times: nil)])
        let report = try await publish(docs, snapshot: "v1")
        XCTAssertFalse(report.failed, "the pages are published")
        XCTAssertEqual(report.count(.created), 2)
        XCTAssertEqual(report.restorePointFailures.count, 2)
        for result in report.results {
            XCTAssertNil(result.restorePointID)
            XCTAssertTrue(result.reason?.contains("restore point \"v1\" not made") ?? false, result.reason ?? "")
        }
        XCTAssertEqual(try docs.manifest().pages.count, 2, "recorded in the manifest")
        let again = try await publish(docs, snapshot: "v1")
        XCTAssertEqual(again.writes, 0)
    }
}
