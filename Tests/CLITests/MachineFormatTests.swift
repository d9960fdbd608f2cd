import Foundation
import XCTest

/// SARIF and GitLab Code Quality output, checked against the fields their consumers read.
final class MachineFormatTests: XCTestCase {
    private func folder(_ files: [String: String]) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("pd-formats-\(UUID().uuidString)")
        for (path, content) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try content.write(to: url, atomically: true, encoding: .utf8)
        }
        return root
    }

    private func json(_ text: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(text.utf8))
    }

    // MARK: SARIF

    func testSARIFLocatesFilesByEncodedRelativeURIsAndCountsCodePoints() throws {
        let root = try folder(["my docs/é#1.md": "café <kbd>x</kbd>\n"])
        let result = try CLI.run(["lint", "--format", "sarif", "./my docs/é#1.md"], in: root)
        XCTAssertEqual(result.status, 0)
        let run = try XCTUnwrap(((try json(result.stdout) as? [String: Any])?["runs"] as? [[String: Any]])?.first)
        XCTAssertEqual(run["columnKind"] as? String, "unicodeCodePoints")
        let base = try XCTUnwrap((run["originalUriBaseIds"] as? [String: [String: String]])?["%SRCROOT%"]?["uri"])
        XCTAssertTrue(base.hasPrefix("file:///") && base.hasSuffix("/"), base)

        let location = try XCTUnwrap((((run["results"] as? [[String: Any]])?.first?["locations"] as? [[String: Any]])?.first?["physicalLocation"]) as? [String: Any])
        let artifact = try XCTUnwrap(location["artifactLocation"] as? [String: String])
        XCTAssertEqual(artifact["uri"], "my%20docs/%C3%A9%231.md")
        XCTAssertEqual(artifact["uriBaseId"], "%SRCROOT%")
        let region = try XCTUnwrap(location["region"] as? [String: Int])
        XCTAssertEqual(region["startLine"], 1)
        XCTAssertEqual(region["startColumn"], 6, "`<` is the 6th code point (7th byte) of `café <kbd>`")

        let text = try CLI.run(["lint", "./my docs/é#1.md"], in: root)
        XCTAssertTrue(text.stdout.hasPrefix("./my docs/é#1.md:1:7: warning:"), "the text format keeps cmark's byte column")
    }

    func testSARIFUsesAnAbsoluteFileURIOutsideTheWorkingDirectory() throws {
        let elsewhere = try folder(["a b.md": "<kbd>x</kbd>\n"])
        let here = try folder(["keep.md": "Text.\n"])
        let result = try CLI.run(["lint", "--format", "sarif", elsewhere.appendingPathComponent("a b.md").path], in: here)
        XCTAssertTrue(result.stdout.contains("\"uri\" : \"file://\(elsewhere.standardizedFileURL.path)/a%20b.md\""), result.stdout)
    }

    func testSARIFDriverCarriesTheToolVersion() throws {
        let version = try CLI.run(["--version"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        XCTAssertFalse(version.isEmpty)
        let root = try folder(["doc.md": "Text.\n"])
        let log = try json(try CLI.run(["lint", "--format", "sarif", "doc.md"], in: root).stdout) as? [String: Any]
        let driver = (((log?["runs"] as? [[String: Any]])?.first?["tool"] as? [String: Any])?["driver"]) as? [String: Any]
        XCTAssertEqual(driver?["name"] as? String, "productive-docs")
        XCTAssertEqual(driver?["version"] as? String, version)
    }

    // MARK: GitLab Code Quality

    func testGitLabCodeQualityHasTheDocumentedFields() throws {
        let root = try folder(["sub/doc.md": "#### Deep\n\n<script>x()</script>\n\n<!-- note -->\n\nPress <kbd>a</kbd><kbd>a</kbd>.\n"])
        let result = try CLI.run(["lint", "--format", "gitlab", "./sub/doc.md"], in: root)
        XCTAssertEqual(result.status, 1, "findings at error level still fail")
        XCTAssertEqual(result.stderr, "", "machine formats print no summary")
        let issues = try XCTUnwrap(try json(result.stdout) as? [[String: Any]])
        XCTAssertEqual(issues.count, 5)
        for issue in issues {
            XCTAssertEqual(issue["type"] as? String, "issue")
            XCTAssertFalse((issue["description"] as? String ?? "").isEmpty)
            XCTAssertNotNil(issue["check_name"] as? String)
            XCTAssertEqual((issue["fingerprint"] as? String)?.count, 16)
            XCTAssertTrue(["info", "minor", "major", "critical", "blocker"].contains(issue["severity"] as? String ?? ""))
            let location = try XCTUnwrap(issue["location"] as? [String: Any])
            XCTAssertEqual(location["path"] as? String, "sub/doc.md")
            XCTAssertNotNil((location["lines"] as? [String: Any])?["begin"] as? Int)
        }
        let byRule = Dictionary(grouping: issues) { $0["check_name"] as? String ?? "" }
        XCTAssertEqual(byRule["PD001"]?.first?["severity"] as? String, "minor")
        XCTAssertEqual(byRule["PD006"]?.first?["severity"] as? String, "major")
        XCTAssertEqual(byRule["PD007"]?.first?["severity"] as? String, "info")
        XCTAssertEqual(((byRule["PD006"]?.first?["location"] as? [String: Any])?["lines"] as? [String: Any])?["begin"] as? Int, 3)
        XCTAssertEqual(byRule["PD005"]?.count, 2)
        let fingerprints = issues.compactMap { $0["fingerprint"] as? String }
        XCTAssertEqual(Set(fingerprints).count, fingerprints.count, "identical findings on one line still differ")

        let again = try CLI.run(["lint", "--format", "gitlab", "sub/doc.md"], in: root)
        XCTAssertEqual(again.stdout, result.stdout, "fingerprints are stable across runs and spellings of the path")
    }

    func testGitLabFingerprintFollowsRulePathLineAndMessage() throws {
        let root = try folder(["a.md": "#### Deep\n", "b.md": "#### Deep\n", "c.md": "Intro.\n\n#### Deep\n"])
        let issues = try ["a.md", "b.md", "c.md"].map { path in
            try XCTUnwrap(try json(try CLI.run(["lint", "--format", "gitlab", path], in: root).stdout) as? [[String: Any]]).first?["fingerprint"] as? String
        }
        XCTAssertEqual(Set(issues.compactMap { $0 }).count, 3)
        XCTAssertEqual(try CLI.run(["lint", "--format", "gitlab", "c.md"], in: root).stdout.contains(try XCTUnwrap(issues[2])), true)
    }
}
