import DocsSync
import Foundation
import XCTest

/// `plan --format markdown` as a pull-request comment: a diff of each changed page's Markdown
/// against its current body, its findings, unchanged pages counted, the size bounded.
final class PlanPreviewTests: XCTestCase {
    private func fixture() async throws -> PublishFixture {
        let docs = try await PublishFixture()
        addTeardownBlock { await docs.close() }
        return docs
    }

    func testAChangedPageShowsItsNewWordsAsAddedLinesAndItsFindings() async throws {
        let docs = try await fixture()
        try docs.write("guide.md", "# Guide\n\nFirst words.\n\nSecond paragraph.\n")
        try docs.write("setup.md", "# Setup\n\nInstall it.\n")
        _ = try await docs.publish()
        try docs.write("guide.md", "# Guide\n\nFirst words.\n\nPress <kbd>K</kbd> for the brand new words.\n")

        let publisher = try docs.publisher()
        let preview = await publisher.preview(try await publisher.plan()).markdown()
        XCTAssertTrue(preview.contains("**1 update, 2 unchanged**"), "the folder's page, setup.md: \(preview)")
        XCTAssertTrue(preview.contains("<details><summary><b>update</b> <code>guide.md</code> “Guide”"), preview)
        XCTAssertTrue(preview.contains("\n-Second paragraph.\n"), preview)
        XCTAssertTrue(preview.contains("\n+Press K for the brand new words.\n"), preview)
        XCTAssertTrue(preview.contains("`guide.md:5:7` warning: "), preview)
        XCTAssertTrue(preview.contains("[PD005]"), preview)
        XCTAssertFalse(preview.contains("setup.md"), "unchanged pages are counted, not listed")
    }

    func testANewPageShowsItsWholeContentAdded() async throws {
        let docs = try await fixture()
        try docs.write("guide.md", "# Guide\n\nHello there.\n")
        let preview = try await docs.publisher().plan().render(.markdown)
        XCTAssertTrue(preview.contains("--- /dev/null"), preview)
        XCTAssertTrue(preview.contains("\n+Hello there.\n"), preview)
    }

    func testTheCommentStaysWithinGitHubsLimitWithANote() async throws {
        let docs = try await fixture()
        let paragraph = String(repeating: "All work and no play makes a long page. ", count: 50)
        for index in 0..<80 {
            try docs.write("page-\(index).md", "# Page \(index)\n\n" + String(repeating: paragraph + "\n\n", count: 2))
        }
        let preview = try await docs.publisher().plan().render(.markdown)
        XCTAssertLessThanOrEqual(preview.utf8.count, 65_536)
        XCTAssertTrue(preview.contains("more pages not shown: the comment would exceed GitHub's 65536 characters"), String(preview.suffix(400)))
        XCTAssertTrue(preview.contains("**81 create**"), "the folder's page and 80 files: \(preview.prefix(300))")
    }
}
