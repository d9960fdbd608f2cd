import DocsSync
import Foundation
import XCTest

/// Lint gates publishing; binary, empty and escaping files never become pages.
final class LintGateTests: XCTestCase {
    private func fixture() async throws -> PublishFixture {
        let docs = try await PublishFixture()
        addTeardownBlock { await docs.close() }
        try docs.write("README.md", "# Guide\n\nTop.\n")
        return docs
    }

    func testBrokenFrontMatterWithPublishFalseIsNotSent() async throws {
        let docs = try await fixture()
        try docs.write("draft.md", "---\ntitle: [unclosed\npublish: false\n---\nSecret draft.\n")
        try docs.write("guide.md", "# Setup\n\nSteps.\n")
        let plan = try await docs.publisher().plan()
        XCTAssertEqual(plan.items.first { $0.key == "draft.md" }?.actions, [.blocked])
        XCTAssertTrue(plan.findings.contains { $0.path == "draft.md" && $0.finding.ruleID == "PD012" && $0.finding.severity == .error })
        let report = try await docs.publish()
        XCTAssertEqual(report.results.first { $0.key == "draft.md" }?.outcome, .skipped)
        XCTAssertEqual(report.results.first { $0.key == "guide.md" }?.outcome, .created, "the others are finished")
        XCTAssertTrue(report.needsAttention, "exit 1")
        let pages = try await docs.remotePages()
        XCTAssertFalse(pages.contains { $0.title.contains("draft") })
        for page in pages {
            let body = try await docs.client.page(page.id).bodyText
            XCTAssertFalse(body.contains("Secret draft"))
        }
    }

    func testAllowErrorsSendsWithFallbacks() async throws {
        let docs = try await fixture()
        try docs.write("notes.md", "---\ntitle: [unclosed\n---\n# Notes\n\nKept.\n")
        let report = try await docs.publish(allowErrors: true)
        XCTAssertEqual(report.results.first { $0.key == "notes.md" }?.outcome, .created)
        XCTAssertFalse(report.needsAttention)
    }

    func testBinaryAndEmptyFilesNeverBecomePages() async throws {
        let docs = try await fixture()
        var binary = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        for index in 0..<4096 { binary.append(UInt8(index % 7 == 0 ? 0 : index % 32)) }
        try binary.write(to: docs.folder.appendingPathComponent("logo.md"))
        try docs.write("empty.md", "  \n\n")
        let report = try await docs.publish(allowErrors: true)
        XCTAssertNil(report.results.first { $0.key == "logo.md" })
        XCTAssertNil(report.results.first { $0.key == "empty.md" })
        XCTAssertTrue(report.findings.contains { $0.path == "logo.md" && $0.finding.ruleID == "PD903" })
        XCTAssertTrue(report.findings.contains { $0.path == "empty.md" && $0.finding.ruleID == "PD902" })
        let pages = try await docs.remotePages()
        XCTAssertEqual(pages.count, 1, "only the folder's page: \(pages.map(\.title))")
    }

    func testEmptyFolderCreatesNothing() async throws {
        let docs = try await PublishFixture()
        addTeardownBlock { await docs.close() }
        XCTAssertThrowsError(try docs.publisher()) { error in
            XCTAssertTrue("\(error)".contains("no Markdown file to publish"), "\(error)")
        }
        XCTAssertEqual(docs.sandbox.requests.writes, 0)
    }

    func testSymlinkToAFileOutsideTheFolderIsNeverRead() async throws {
        let docs = try await fixture()
        let secret = FileManager.default.temporaryDirectory.appendingPathComponent("secret-\(UUID().uuidString).md")
        try "# Env\n\nPRODUCTIVE_API_TOKEN=SECRET-VALUE-123\n".write(to: secret, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: secret) }
        try FileManager.default.createSymbolicLink(at: docs.folder.appendingPathComponent("leak.md"), withDestinationURL: secret)
        try docs.write("inside.md", "# Inside\n\nShared.\n")
        try FileManager.default.createSymbolicLink(at: docs.folder.appendingPathComponent("alias.md"), withDestinationURL: docs.folder.appendingPathComponent("inside.md"))
        // A folder link to a folder outside: the files through it are outside too.
        let outside = FileManager.default.temporaryDirectory.appendingPathComponent("outside-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: outside) }
        try "# Keys\n\nPRODUCTIVE_API_TOKEN=SECRET-VALUE-456\n".write(to: outside.appendingPathComponent("keys.md"), atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(at: docs.folder.appendingPathComponent("linked"), withDestinationURL: outside)
        let report = try await docs.publish()
        XCTAssertNil(report.results.first { $0.key.hasPrefix("linked") }, "\(report.results.map(\.key))")
        XCTAssertTrue(report.findings.contains { $0.path == "leak.md" && $0.finding.ruleID == "PD901" })
        XCTAssertTrue(report.needsAttention, "an escaping symlink is an error: exit 1")
        XCTAssertNil(report.results.first { $0.key == "leak.md" })
        XCTAssertNotNil(report.results.first { $0.key == "alias.md" }, "a link inside the folder is fine")
        for page in try await docs.remotePages() {
            let body = try await docs.client.page(page.id).bodyText
            XCTAssertFalse(body.contains("SECRET-VALUE"), page.title)
        }
    }

    func testPlanShowsUnpublishedLinks() async throws {
        let docs = try await fixture()
        try docs.write("guide.md", "# Setup\n\nSee [the draft](drafts/plan.md).\n")
        let plan = try await docs.publisher().plan()
        XCTAssertTrue(plan.findings.contains { $0.path == "guide.md" && $0.finding.ruleID == "PD017" }, "\(plan.findings)")
    }
}
