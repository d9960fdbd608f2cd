import DocsSync
import Foundation
import ProductiveAPI
import ProductiveSandbox
import XCTest

/// `doctor --probe-sharing`'s probe against sandboxes that do and do not let subpages inherit.
final class SharingProbeTests: XCTestCase {
    private func probe(inheriting: Bool) async throws -> (SharingProbe.Finding, pagesLeft: Int) {
        var configuration = SandboxConfiguration(rateLimits: [.init(count: 100_000, window: .seconds(1))])
        configuration.subpagesInheritMemberships = inheriting
        let sandbox = try await SandboxServer.start(configuration)
        let client = ProductiveClient(configuration: ProductiveConfiguration(token: SandboxServer.defaultToken, organizationID: "1", baseURL: sandbox.baseURL))
        do {
            let found = try await SharingProbe.run(client, at: .project("42"))
            let left = try await client.listPages(.init(projectID: "42")).count
            try? await client.shutdown()
            await sandbox.stop()
            return (found, left)
        } catch {
            try? await client.shutdown()
            await sandbox.stop()
            throw error
        }
    }

    func testTheProbeTellsInheritedFromPerPageAndLeavesNoPage() async throws {
        let inherited = try await probe(inheriting: true)
        XCTAssertEqual(inherited.0.inheritance, .inherited)
        XCTAssertEqual(inherited.pagesLeft, 0)
        let perPage = try await probe(inheriting: false)
        XCTAssertEqual(perPage.0.inheritance, .perPage)
        XCTAssertEqual(perPage.pagesLeft, 0)
    }
}
