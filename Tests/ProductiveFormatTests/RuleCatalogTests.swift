import Foundation
import ProductiveFormat
import XCTest

final class RuleCatalogTests: XCTestCase {
    func testIDsAreUniqueStableAndSorted() {
        let ids = RuleCatalog.all.map(\.id)
        XCTAssertEqual(Set(ids).count, ids.count)
        XCTAssertEqual(ids, ids.sorted())
        XCTAssertTrue(ids.allSatisfy { $0.hasPrefix("PD") && $0.count == 5 })
        XCTAssertEqual(RuleCatalog.rule(id: "PD006")?.severity, .error)
    }

    /// docs/rules.md is generated; this fails when someone edits one without the other (`make docs` fixes it).
    func testRulesReferenceIsUpToDate() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let committed = try String(contentsOf: root.appendingPathComponent("docs/rules.md"), encoding: .utf8)
        XCTAssertEqual(committed, RuleCatalog.markdownReference(), "docs/rules.md is stale: run `make docs`")
    }
}
