import DocsSync
import XCTest

/// The one-line publish summary, against the sandbox over loopback: counts in words, `write`
/// singular for one.
final class PublishSummaryTests: XCTestCase {
    func testOneWriteIsSingularAndSeveralPlural() async throws {
        let docs = try await PublishFixture()
        addTeardownBlock { await docs.close() }
        try docs.write("guide.md", "# Guide\n\nOne page.\n")
        let first = try await docs.publish()
        XCTAssertEqual(first.writes, 2, first.summary)
        XCTAssertEqual(first.summary, "2 created; 2 writes", "the folder's page and the file's")
        try docs.write("guide.md", "# Guide\n\nOne page, edited.\n")
        let second = try await docs.publish()
        XCTAssertEqual(second.writes, 1, second.summary)
        XCTAssertEqual(second.summary, "1 updated, 1 unchanged; 1 write")
        let third = try await docs.publish()
        XCTAssertEqual(third.summary, "2 unchanged; 0 writes")
    }
}
