@testable import DocsSync
import Foundation
import XCTest

/// The render stage finishes a page once per set of inputs: a run that changes nothing renders
/// each page once, and `publish --adopt` renders each page it proves once.
final class RenderOnceTests: XCTestCase {
    func testAnUnchangedRunAndAnAdoptionRenderEachPageOnce() async throws {
        let docs = try await PublishFixture(copying: PublishFixture.packageRoot.appendingPathComponent("samples"))
        addTeardownBlock { await docs.close() }
        let first = try await docs.publish()
        XCTAssertFalse(first.failed, "\(first.results)")

        let again = try docs.publisher()
        let second = try await again.publish()
        XCTAssertEqual(second.writes, 0)
        let pages = again.workspace.pages.count
        XCTAssertEqual(again.renderer.cache.renders, pages, "plan and run: one render per page")

        try FileManager.default.removeItem(atPath: docs.manifestPath)
        let adopting = try docs.publisher()
        let adopted = try await adopting.adoptExistingTree()
        XCTAssertEqual(adopted.adopted.count, pages, "\(adopted.notAdopted)")
        XCTAssertEqual(adopting.renderer.cache.renders, pages, "each page proven is rendered once")
    }
}
