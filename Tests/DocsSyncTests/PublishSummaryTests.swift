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
        XCTAssertEqual(first.writes, 1, first.summary)
        XCTAssertEqual(first.summary, "1 created; 1 write")
        try docs.write("runbook.md", "# Runbook\n\nTwo.\n")
        try docs.write("faq.md", "# FAQ\n\nThree.\n")
        let second = try await docs.publish()
        XCTAssertEqual(second.writes, 2, second.summary)
        XCTAssertEqual(second.summary, "2 created, 1 unchanged; 2 writes")
        let third = try await docs.publish()
        XCTAssertEqual(third.summary, "3 unchanged; 0 writes")
    }
}
