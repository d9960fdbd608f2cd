import DocsSync
import Foundation
import ProductiveAPI
import ProductiveFormat
import ProductiveSandbox
import XCTest

/// `mentions: true` against the sandbox over HTTP: a `[@Name](mailto:..)` link of an active user
/// becomes a mention through the HTML path, an unknown address is a finding and stays a link, the
/// plan names who is notified, a second publish notifies no one, and pull gives the same link back.
final class MentionPublishTests: XCTestCase {
    static let guide = """
        # Guide

        Ask [@Ana Lopez](mailto:ana@example.com) first.

        Or [@Nobody](mailto:nobody@example.com), or write to [the list](mailto:list@example.com).

        """

    private func fixture(mentions: Bool = true) async throws -> PublishFixture {
        let docs = try await PublishFixture(directory: SharingPublishTests.directory)
        addTeardownBlock { await docs.close() }
        docs.config.mentions = mentions
        try docs.write("guide.md", Self.guide)
        return docs
    }

    func testAMentionResolvesTheUnknownAddressIsAFindingAndASecondPublishNotifiesNoOne() async throws {
        let docs = try await fixture()
        let plan = try await docs.publisher().plan()
        XCTAssertEqual(plan.notifications, ["guide.md": ["Ana Lopez <ana@example.com>"]], plan.render(.text))
        XCTAssertTrue(plan.render(.text).contains("notify            guide.md  Ana Lopez <ana@example.com>"), plan.render(.text))
        XCTAssertTrue(plan.render(.markdown).contains("#### Who this publish notifies\n\n- `guide.md`: Ana Lopez &lt;ana@example.com&gt;"), plan.render(.markdown))
        XCTAssertTrue(plan.render(.json).contains("\"notify\" : {\n    \"guide.md\" : [\n      \"Ana Lopez <ana@example.com>\""), plan.render(.json))
        let unresolved = plan.findings.filter { $0.finding.ruleID == SyncRules.unresolvedMention.id }
        XCTAssertEqual(unresolved.map(\.path), ["guide.md"])
        XCTAssertEqual(unresolved.first?.finding.position.line, 5)
        XCTAssertTrue(unresolved.first?.finding.message.contains("nobody@example.com") ?? false)

        let report = try await docs.publish()
        XCTAssertFalse(report.failed, "\(report.results)")
        XCTAssertEqual(report.results.map(\.reason), [nil, nil], "created with its Markdown form, then its HTML, each as sent: \(report.results)")
        XCTAssertEqual(report.results.map(\.verification), [.verified, .verified])
        let entry = try XCTUnwrap(docs.manifest().pages["guide.md"])
        XCTAssertEqual(entry.format, .html)
        XCTAssertEqual(entry.mentions, ["ana@example.com": "503"])
        let payload = try XCTUnwrap(docs.sandbox.requests.payloads.last(for: entry.pageID))
        XCTAssertTrue(payload.contains("<span mention-type=\"user\" mention-id=\"503\" mention-label=\"Ana Lopez\">Ana Lopez</span>"), payload)
        XCTAssertTrue(payload.contains("href=\"mailto:nobody@example.com\""), payload)
        XCTAssertTrue(payload.contains("href=\"mailto:list@example.com\""), "a mailto link without @ is a link: \(payload)")

        let again = try await docs.publisher().plan()
        XCTAssertEqual(again.notifications, [:])
        XCTAssertTrue(again.isUnchanged, again.render(.text))
        let second = try await docs.publish()
        XCTAssertEqual(second.writes, 0, second.summary)

        // A new mention notifies only the person newly mentioned.
        try docs.write("guide.md", Self.guide + "Also [@Anna Lopez](mailto:anna.lopez@example.com).\n")
        let third = try await docs.publisher().plan()
        XCTAssertEqual(third.notifications, ["guide.md": ["Anna Lopez <anna.lopez@example.com>"]])
    }

    func testWithoutTheOptionOrWithNoNotifyNothingIsAMention() async throws {
        let off = try await fixture(mentions: false)
        let plan = try await off.publisher().plan()
        XCTAssertEqual(plan.notifications, [:])
        XCTAssertFalse(plan.findings.contains { $0.finding.ruleID == SyncRules.unresolvedMention.id })
        _ = try await off.publish()
        XCTAssertEqual(try off.manifest().pages["guide.md"]?.format, .markdown)
        XCTAssertEqual(try off.manifest().pages["guide.md"]?.mentions, [:])

        let quiet = try await fixture()
        var settings = Publisher.Settings(config: quiet.config, manifestPath: quiet.manifestPath, organizationID: "1")
        settings.notify = false
        let publisher = Publisher(settings: settings, workspace: try Workspace.scan(quiet.folder, config: quiet.config, ignoring: [Manifest.defaultFileName]), client: quiet.client)
        let quietPlan = try await publisher.plan()
        XCTAssertEqual(quietPlan.notifications, [:])
        _ = try await publisher.publish()
        XCTAssertEqual(try quiet.manifest().pages["guide.md"]?.hash, try off.manifest().pages["guide.md"]?.hash, "--no-notify sends what no option sends")
    }

    func testPullTurnsAMentionBackIntoTheSameLink() async throws {
        let docs = try await fixture()
        _ = try await docs.publish()
        let id = try XCTUnwrap(docs.manifest().pages["guide.md"]?.pageID)
        let page = try await docs.client.page(id)
        let html = HTMLWriter().write(try StoredBodyReader.read(page.body).document)
        XCTAssertTrue(html.contains("mention-type=\"user\""), html)
        _ = try await docs.colleague.write(.replaceWithHTML, html.replacingOccurrences(of: "first.", with: "before anyone else."), to: id)
        let pulled = try await Puller(client: docs.client, config: docs.config, organizationID: "1").pullFiles(["guide.md"], root: docs.folder, manifestPath: docs.manifestPath)
        let text = try String(contentsOf: docs.folder.appendingPathComponent("guide.md"), encoding: .utf8)
        XCTAssertTrue(text.contains("Ask [@Ana Lopez](mailto:ana@example.com) before anyone else."), "\(pulled)\n\(text)")
        XCTAssertTrue(text.contains("Or [@Nobody](mailto:nobody@example.com), or write to [the list](mailto:list@example.com)."), text)
    }
}
