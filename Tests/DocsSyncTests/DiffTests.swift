import DocsSync
import Foundation
import ProductiveAPI
import ProductiveSandbox
import XCTest

/// `diff` against the sandbox over HTTP, and the line diff it prints.
final class DiffTests: XCTestCase {
    private func publishedSamples() async throws -> PublishFixture {
        let docs = try await PublishFixture(copying: PublishFixture.packageRoot.appendingPathComponent("samples"))
        addTeardownBlock { await docs.close() }
        let report = try await docs.publish()
        XCTAssertFalse(report.failed, "\(report.results)")
        return docs
    }

    func testNoDifferencesRightAfterPublishing() async throws {
        let docs = try await publishedSamples()
        let report = try await Differ(client: docs.client, config: docs.config, organizationID: "1").diff([], root: docs.folder, manifestPath: docs.manifestPath)
        XCTAssertFalse(report.hasDifferences, report.diffs.map(\.unified).joined())
        XCTAssertEqual(report.same, 5, "every published file (the two folders without an index have no file)")
    }

    func testARemoteAppendShowsAsAddedLines() async throws {
        let docs = try await publishedSamples()
        let onboarding = try XCTUnwrap(try docs.manifest().pages["handbook/onboarding.md"]?.pageID)
        _ = try await docs.client.write(.appendMarkdown, "Added in Productive by a colleague.", to: onboarding)

        let report = try await Differ(client: docs.client, config: docs.config, organizationID: "1").diff([], root: docs.folder, manifestPath: docs.manifestPath)
        XCTAssertEqual(report.diffs.map(\.path), ["handbook/onboarding.md"])
        let diff = try XCTUnwrap(report.diffs.first)
        XCTAssertTrue(diff.editedRemotely)
        XCTAssertFalse(diff.changedLocally)
        XCTAssertTrue(diff.unified.hasPrefix("--- a/handbook/onboarding.md (file)\n+++ b/handbook/onboarding.md (page \(onboarding), "), diff.unified)
        XCTAssertTrue(diff.unified.contains("\n+Added in Productive by a colleague.\n"), diff.unified)
        XCTAssertFalse(diff.unified.contains("\n-"), "nothing removed:\n\(diff.unified)")
        XCTAssertNotNil(diff.edit.updatedAt ?? diff.edit.editedAt, "when it was edited")
        XCTAssertEqual(diff.edit.updaterID, "501", "who edited it: the sandbox token's person")
        XCTAssertTrue(diff.edit.description.hasPrefix("by person 501 at "), diff.edit.description)
    }

    func testALocalEditShowsAsRemovedFromThePage() async throws {
        let docs = try await publishedSamples()
        let text = try String(contentsOf: docs.folder.appendingPathComponent("handbook/onboarding.md"), encoding: .utf8)
        try docs.write("handbook/onboarding.md", text + "\nNot published yet.\n")
        let report = try await Differ(client: docs.client, config: docs.config, organizationID: "1").diff(["handbook/onboarding.md"], root: docs.folder, manifestPath: docs.manifestPath)
        let diff = try XCTUnwrap(report.diffs.first)
        XCTAssertTrue(diff.changedLocally)
        XCTAssertFalse(diff.editedRemotely)
        XCTAssertTrue(diff.unified.contains("\n-Not published yet.\n"), diff.unified)
    }

    func testUnifiedDiffHunks() {
        let old = (1...12).map { "line \($0)" }.joined(separator: "\n") + "\n"
        var lines = (1...12).map { "line \($0)" }
        lines[1] = "line two"
        lines.insert("inserted", at: 11)
        let new = lines.joined(separator: "\n") + "\n"
        XCTAssertEqual(LineDiff.unified(old, new, oldLabel: "a", newLabel: "b", context: 1), """
            --- a
            +++ b
            @@ -1,3 +1,3 @@
             line 1
            -line 2
            +line two
             line 3
            @@ -11,2 +11,3 @@
             line 11
            +inserted
             line 12

            """)
        XCTAssertEqual(LineDiff.unified(old, old, oldLabel: "a", newLabel: "b"), "")
        XCTAssertEqual(LineDiff.unified("", "x\n", oldLabel: "a", newLabel: "b"), "--- a\n+++ b\n@@ -0,0 +1,1 @@\n+x\n")
    }

    func testEditScriptIsShortest() {
        let a = "a b c a b b a".split(separator: " ").map(String.init)
        let b = "c b a b a c".split(separator: " ").map(String.init)
        let edits = LineDiff.edits(a, b)
        XCTAssertEqual(edits.filter { if case .same = $0 { return false } else { return true } }.count, 5, "Myers' example: D = 5")
        var rebuilt: [String] = []
        for edit in edits {
            switch edit {
            case .same(let line), .added(let line): rebuilt.append(line)
            case .removed: continue
            }
        }
        XCTAssertEqual(rebuilt, b)
    }
}
