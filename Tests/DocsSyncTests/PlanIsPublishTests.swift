@testable import DocsSync
import Foundation
import ProductiveFormat
import XCTest

/// "What plan prints is what it does" (issue 18): on the same folder, `plan --json`'s actions and
/// promised outcome per file equal `publish --json`'s outcomes, through a first publish, a held-back
/// file fixed, a rename and a move, against the sandbox; and no link weakens without a finding.
final class PlanIsPublishTests: XCTestCase {
    /// One file in `plan --json` and in `publish --json`.
    private struct Row: Equatable {
        var actions: [String]
        var planned: String
        var published: String
        var planDetail: String?
        var publishReason: String?
    }

    /// Plans, then publishes, the folder as it is: per path, what each said (both read from their JSON).
    private func planAndPublish(_ docs: PublishFixture, file: StaticString = #filePath, line: UInt = #line) async throws -> [String: Row] {
        let plan = try await docs.publisher().plan()
        let report = try await docs.publish()
        let planned = try JSONSerialization.jsonObject(with: Data(plan.render(.json).utf8)) as? [String: Any]
        let encoder = JSONEncoder()
        let published = try JSONSerialization.jsonObject(with: encoder.encode(report)) as? [String: Any]
        var rows: [String: Row] = [:]
        for item in planned?["items"] as? [[String: Any]] ?? [] {
            let path = item["path"] as? String ?? "?"
            rows[path] = Row(actions: item["actions"] as? [String] ?? [], planned: item["outcome"] as? String ?? "none",
                             published: "missing from publish", planDetail: item["detail"] as? String)
        }
        for result in published?["results"] as? [[String: Any]] ?? [] {
            let path = result["path"] as? String ?? "?"
            var row = rows[path] ?? Row(actions: [], planned: "missing from plan", published: "")
            row.published = result["outcome"] as? String ?? "none"
            row.publishReason = result["reason"] as? String
            rows[path] = row
        }
        for (path, row) in rows.sorted(by: { $0.key < $1.key }) {
            XCTAssertEqual(row.planned, row.published, "\(path): plan said \(row.actions) (\(row.planDetail ?? "")), publish did \(row.published) (\(row.publishReason ?? ""))", file: file, line: line)
        }
        XCTAssertEqual(plan.findings, report.findings, "plan and publish report the same findings", file: file, line: line)
        XCTAssertFalse(report.failed, "\(report.results)", file: file, line: line)
        // And the run left nothing for the next one.
        let again = try await docs.publisher().plan()
        let pending = again.items.filter { !$0.actions.allSatisfy { [.unchanged, .blocked].contains($0) } }
        XCTAssertEqual(pending.map(\.key), [], "\(pending.map { "\($0.key): \($0.actions) \($0.detail ?? "")" })", file: file, line: line)
        return rows
    }

    private func linkFindings(_ plan: Plan) -> [String] {
        plan.findings.filter { RenderedPage.linkRuleIDs.contains($0.finding.ruleID) }.map {
            "\($0.path):\($0.finding.position.line):\($0.finding.position.column): \($0.finding.message) [\($0.finding.ruleID)]"
        }.sorted()
    }

    func testPlanEqualsPublishThroughAFixedFileARenameAndAMove() async throws {
        let docs = try await PublishFixture()
        addTeardownBlock { await docs.close() }
        docs.config.pageURLTemplate = "https://app.productive.io/{organization_id}/docs/page/{page_id}"
        try docs.write("README.md", "# Handbook\n\nStart with [the guide](guide.md#install-it) and the [FAQ](faq.md).\n")
        try docs.write("guide.md", "# Guide\n\n## Install it\n\nSteps.\n\n## Upgrade\n\nMore steps.\n")
        try docs.write("faq.md", "# FAQ\n\n<script>alert(1)</script>\n\nAnswers.\n")
        try docs.write("ops/run.md", "# Run\n\nBack to [the guide](../guide.md#upgrade) and [the FAQ](../faq.md).\n")

        // 1. First publish: the FAQ is held back by its lint error, and the links to it say so.
        let firstPlan = try await docs.publisher().plan()
        XCTAssertEqual(linkFindings(firstPlan), [
            "README.md:3:53: link to `faq.md`: faq.md is not published in this run: it is held back by 1 lint error; sent as plain text [PD017]",
            "ops/run.md:3:46: link to `../faq.md`: faq.md is not published in this run: it is held back by 1 lint error; sent as plain text [PD017]",
        ])
        let first = try await planAndPublish(docs)
        XCTAssertEqual(first["faq.md"]?.actions, ["blocked"])
        XCTAssertEqual(first["."]?.published, "created")
        XCTAssertEqual(first["ops/"]?.published, "created")

        // 2. The FAQ is fixed: the pages that link to it change, and the plan says so and why.
        try docs.write("faq.md", "# FAQ\n\nAnswers.\n")
        let fixed = try await planAndPublish(docs)
        XCTAssertEqual(fixed["faq.md"]?.actions, ["create"])
        XCTAssertEqual(fixed["."]?.actions, ["update"])
        XCTAssertEqual(fixed["."]?.planDetail, "links: faq.md is now published")
        XCTAssertEqual(fixed["."]?.publishReason, "links: faq.md is now published")
        XCTAssertEqual(fixed["ops/run.md"]?.actions, ["update"])
        XCTAssertEqual(fixed["guide.md"]?.actions, ["unchanged"])
        let faqID = try XCTUnwrap(docs.manifest().pages["faq.md"]?.pageID)
        let readmeID = try XCTUnwrap(docs.manifest().pages["."]?.pageID)
        let readme = try await docs.client.page(readmeID)
        XCTAssertTrue(readme.body?.contains("/docs/page/\(faqID)") == true, "the link points at the new page: \(readme.body ?? "")")

        // 3. A rename: guide.md becomes install.md with a new title; the links follow it.
        try docs.remove("guide.md")
        try docs.write("install.md", "# Install\n\n## Install it\n\nSteps.\n\n## Upgrade\n\nMore steps.\n")
        try docs.write("README.md", "# Handbook\n\nStart with [the guide](install.md#install-it) and the [FAQ](faq.md).\n")
        try docs.write("ops/run.md", "# Run\n\nBack to [the guide](../install.md#upgrade) and [the FAQ](../faq.md).\n")
        let renamed = try await planAndPublish(docs)
        XCTAssertEqual(renamed["install.md"]?.actions, ["rename"])
        XCTAssertNil(renamed["guide.md"], "the page went with the file")
        XCTAssertEqual(renamed["."]?.actions, ["unchanged"], "the same page, the same link")

        // 4. A move: faq.md goes into help/; run.md still names the old path, and is told.
        try docs.remove("faq.md")
        try docs.write("help/faq.md", "# FAQ\n\nAnswers.\n")
        try docs.write("README.md", "# Handbook\n\nStart with [the guide](install.md#install-it) and the [FAQ](help/faq.md).\n")
        let movePlan = try await docs.publisher().plan()
        XCTAssertEqual(linkFindings(movePlan), [
            "ops/run.md:3:48: link to `../faq.md`: there is no file `faq.md` in the docs folder; sent as plain text [PD017]",
        ])
        let moved = try await planAndPublish(docs)
        XCTAssertEqual(moved["help/"]?.actions, ["create"])
        XCTAssertEqual(moved["help/faq.md"]?.actions, ["move"])
        XCTAssertEqual(moved["help/faq.md"]?.published, "updated")
        XCTAssertEqual(try docs.manifest().pages["help/faq.md"]?.pageID, faqID, "the page moved, it was not made again")
        XCTAssertEqual(moved["ops/run.md"]?.actions, ["update"])
        XCTAssertEqual(moved["."]?.actions, ["unchanged"])
    }

    func testAPageDeletedInProductiveIsCreatedAgainAndItsLinkersUpdated() async throws {
        let docs = try await PublishFixture()
        addTeardownBlock { await docs.close() }
        try docs.write("README.md", "# Handbook\n\nSee the [FAQ](faq.md).\n")
        try docs.write("faq.md", "# FAQ\n\nAnswers.\n")
        _ = try await docs.publish()
        let faqID = try XCTUnwrap(docs.manifest().pages["faq.md"]?.pageID)
        try await docs.client.delete(faqID)

        let rows = try await planAndPublish(docs)
        XCTAssertEqual(rows["faq.md"]?.actions, ["missing-remotely"])
        XCTAssertEqual(rows["faq.md"]?.published, "created")
        XCTAssertEqual(rows["."]?.actions, ["update"])
        XCTAssertEqual(rows["."]?.planDetail, "links: faq.md gets its page again (it was deleted in Productive)")
        XCTAssertNotEqual(try docs.manifest().pages["faq.md"]?.pageID, faqID)
    }

    func testEveryWeakenedLinkHasAFindingInPlanAndLint() async throws {
        let docs = try await PublishFixture()
        addTeardownBlock { await docs.close() }
        docs.config.exclude = ["drafts/**"]
        try docs.write("README.md", """
            # Handbook

            [a](guide.md#install-it) [b](guide.md#instal) [c](guide.md#legacy) [d](drafts/plan.md)
            [e](private.md) [f](gone.md) [g](broken.md) [h](../outside.md) [i](guide.md#Install-It)

            """)
        try docs.write("guide.md", "# Guide\n\n## Install it\n\n<a name=\"legacy\"></a>\n\nSteps.\n")
        try docs.write("drafts/plan.md", "# Plan\n")
        try docs.write("private.md", "---\npublish: false\n---\n# Private\n")
        try docs.write("broken.md", "# Broken\n\n<script>x</script>\n")
        let expected = [
            "README.md:3:1: link to `guide.md#install-it`: a page mention cannot point at a heading: the anchor `#install-it` is dropped (set `page_url_template` to keep anchors) [PD905]",
            "README.md:3:26: link to `guide.md#instal`: guide.md has no heading with the anchor `#instal`: the link goes to the top of the page [PD905]",
            "README.md:3:47: link to `guide.md#legacy`: a page mention cannot point at a heading: the anchor `#legacy` is dropped (set `page_url_template` to keep anchors) [PD905]",
            "README.md:3:68: link to `drafts/plan.md`: `drafts/plan.md` is not published: excluded by the folder's include/exclude settings; sent as plain text [PD017]",
            "README.md:4:17: link to `gone.md`: there is no file `gone.md` in the docs folder; sent as plain text [PD017]",
            "README.md:4:1: link to `private.md`: `private.md` is not published: its front matter says `publish: false`; sent as plain text [PD017]",
            "README.md:4:30: link to `broken.md`: broken.md is not published in this run: it is held back by 1 lint error; sent as plain text [PD017]",
            "README.md:4:45: link to `../outside.md`: the path leads out of the docs folder; sent as plain text [PD017]",
            "README.md:4:64: link to `guide.md#Install-It`: a page mention cannot point at a heading: the anchor `#Install-It` is dropped (set `page_url_template` to keep anchors) [PD905]",
        ]
        let planned = try await docs.publisher().plan()
        XCTAssertEqual(linkFindings(planned), expected)

        // lint sees the same offline, from the folder's files and settings.
        try "project: 42\nexclude:\n  - drafts/**\n".write(to: docs.folder.appendingPathComponent(DocsConfig.fileName), atomically: true, encoding: .utf8)
        let readme = docs.folder.appendingPathComponent("README.md").path
        let context = try FileContext.discover(for: readme)
        let lint = try XCTUnwrap(context.publishedPages(for: [readme], organizationID: "1")[readme])
        let lintFindings = lint.findings.filter { RenderedPage.linkRuleIDs.contains($0.ruleID) }
            .map { "README.md:\($0.position.line):\($0.position.column): \($0.message) [\($0.ruleID)]" }.sorted()
        XCTAssertEqual(lintFindings, expected)

        // With a URL template, the anchors of headings that exist are kept.
        docs.config.pageURLTemplate = "https://app.productive.io/{organization_id}/docs/page/{page_id}"
        try docs.remove("broken.md")
        _ = try await docs.publish()
        let plan = try await docs.publisher().plan()
        XCTAssertEqual(linkFindings(plan).filter { $0.contains("PD905") }, [
            "README.md:3:26: link to `guide.md#instal`: guide.md has no heading with the anchor `#instal`: the link goes to the top of the page [PD905]",
        ])
        let guideID = try XCTUnwrap(docs.manifest().pages["guide.md"]?.pageID)
        let payload = try XCTUnwrap(plan.items.first { $0.key == "." }?.rendered?.payload.text)
        XCTAssertTrue(payload.contains("/docs/page/\(guideID)#install-it)"), payload)
        XCTAssertTrue(payload.contains("/docs/page/\(guideID)#legacy)"), payload)
        XCTAssertTrue(payload.contains("[b](https://app.productive.io/1/docs/page/\(guideID))"), "the anchor that names no heading is dropped: \(payload)")
    }
}
