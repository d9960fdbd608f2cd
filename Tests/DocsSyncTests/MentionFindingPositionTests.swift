@testable import DocsSync
import ProductiveFormat
import XCTest

/// PD912 (an address that is not exactly one active user) is reported at the link's own line and
/// column, against the sandbox's people over loopback; and how the column is found.
final class MentionFindingPositionTests: XCTestCase {
    func testAnUnresolvedMentionIsReportedAtItsLinksColumn() async throws {
        let docs = try await PublishFixture(directory: SharingPublishTests.directory)
        addTeardownBlock { await docs.close() }
        docs.config.mentions = true
        try docs.write("guide.md", "# Guide\n\nAsk [@Ana Lopez](mailto:ana@example.com) first.\n\nOr, ü, [@Nobody](mailto:Nobody@example.com).\n")
        let plan = try await docs.publisher().plan()
        let unresolved = plan.findings.filter { $0.finding.ruleID == SyncRules.unresolvedMention.id }
        XCTAssertEqual(unresolved.map(\.path), ["guide.md"], plan.render(.text))
        XCTAssertEqual(unresolved.first?.finding.position, SourcePosition(line: 5, column: 9), "the `[` after `Or, ü, ` (8 bytes)")
    }

    func testTheColumnIsTheOpeningBracketOfTheFirstLinkToTheTarget() {
        let text = Array("Intro.\n\nsee mailto:x@y.z and [@X](MAILTO:x@y.z) and [@X](mailto:x@y.z)\n".utf8)
        XCTAssertEqual(LinkPosition.of("mailto:x@y.z", in: text), SourcePosition(line: 3, column: 22), "the link, not the bare address before it")
        let link = Array("Intro.\n\n- [@X](MAILTO:x@y.z)\n".utf8)
        XCTAssertEqual(LinkPosition.of("mailto:x@y.z", in: link), SourcePosition(line: 3, column: 3))
        XCTAssertEqual(LinkPosition.of("mailto:none@y.z", in: link), .start)
        XCTAssertEqual(LinkPosition.of("mailto:x@y.z", in: Array("Write mailto:x@y.z.\n".utf8)), SourcePosition(line: 1, column: 7), "no link: the address")
    }
}
