import Foundation
import XCTest

/// Runs the built `productive-docs` binary and checks stdout, stderr and the exit code.
final class CLITests: XCTestCase {
    // MARK: lint

    func testLintCleanFileExitsZero() throws {
        let path = try CLI.temporaryFile("Intro text.\n\n## Section\n\n- a\n- b\n")
        let result = try CLI.run(["lint", path])
        XCTAssertEqual(result.status, 0)
        XCTAssertEqual(result.stdout, "")
        XCTAssertEqual(result.stderr, "0 errors, 0 warnings, 0 infos in 1 file\n")
    }

    func testLintErrorsExitOneWithSortedFileLineColumnFindings() throws {
        let path = try CLI.temporaryFile("#### Deep\n\n<script>x()</script>\n")
        let result = try CLI.run(["lint", path])
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.stdout, """
            \(path):1:1: warning: level 4 heading sent as level 3 [PD001]
            \(path):3:1: error: <script> removed with its content [PD006]

            """)
    }

    func testStrictMakesWarningsFailAndDisableSilencesARule() throws {
        let path = try CLI.temporaryFile("Intro.\n\n#### Deep\n")
        XCTAssertEqual(try CLI.run(["lint", path]).status, 0)
        XCTAssertEqual(try CLI.run(["lint", "--strict", path]).status, 1)
        let disabled = try CLI.run(["lint", "--strict", "--disable", "PD001", path])
        XCTAssertEqual(disabled.status, 0)
        XCTAssertEqual(disabled.stdout, "")
    }

    func testLintFoldersRecursivelyAndStdin() throws {
        let result = try CLI.run(["lint", "samples", "-"], stdin: "#### From stdin\n")
        XCTAssertEqual(result.status, 1, "legacy-notes.md has a <script>")
        XCTAssertTrue(result.stdout.contains("samples/handbook/legacy-notes.md:36:1: error:"))
        XCTAssertTrue(result.stdout.contains("samples/handbook/runbooks/") || !result.stdout.contains("deploy.md:"))
        XCTAssertTrue(result.stdout.contains("<stdin>:1:1: warning: level 4 heading"))
        XCTAssertTrue(result.stderr.contains("in 6 files"))
    }

    func testUsageAndInputErrorsExitTwo() throws {
        let missing = try CLI.run(["lint", "/nonexistent/file.md"])
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.stderr.contains("/nonexistent/file.md: no such file or directory"))
        let badOption = try CLI.run(["lint", "--format", "xml", "samples"])
        XCTAssertEqual(badOption.status, 2)
        XCTAssertTrue(badOption.stderr.contains("xml"))
        let badRule = try CLI.run(["lint", "--disable", "PD999", "samples"])
        XCTAssertEqual(badRule.status, 2)
        XCTAssertTrue(badRule.stderr.contains("PD999"))
        XCTAssertEqual(try CLI.run(["lint"]).status, 2)
    }

    func testJSONGitHubAndSARIFFormats() throws {
        let path = try CLI.temporaryFile("Text <kbd>K</kbd>.\n")
        let json = try CLI.run(["lint", "--format", "json", path])
        XCTAssertEqual(json.status, 0)
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let findings = object?["findings"] as? [[String: Any]]
        XCTAssertEqual(findings?.first?["rule"] as? String, "PD005")
        XCTAssertEqual(findings?.first?["line"] as? Int, 1)
        XCTAssertEqual(findings?.first?["column"] as? Int, 6)
        XCTAssertEqual((object?["summary"] as? [String: Any])?["warnings"] as? Int, 1)

        let github = try CLI.run(["lint", "--format", "github", path])
        XCTAssertEqual(github.stdout, "::warning file=\(path),line=1,col=6,title=PD005::<kbd> has no Productive element: its text is kept, the tag removed\n")

        let sarif = try CLI.run(["lint", "--format", "sarif", path])
        let log = try JSONSerialization.jsonObject(with: Data(sarif.stdout.utf8)) as? [String: Any]
        XCTAssertEqual(log?["version"] as? String, "2.1.0")
        let run0 = (log?["runs"] as? [[String: Any]])?.first
        let results = run0?["results"] as? [[String: Any]]
        XCTAssertEqual(results?.first?["ruleId"] as? String, "PD005")
        XCTAssertEqual(results?.first?["level"] as? String, "warning")
    }

    func testNoColorWhenNotATerminal() throws {
        let path = try CLI.temporaryFile("#### Deep\n")
        XCTAssertFalse(try CLI.run(["lint", path]).stdout.contains("\u{1B}["))
    }

    // MARK: convert

    func testConvertPrintsExactlyThePayload() throws {
        let path = try CLI.temporaryFile("# Guide\n\nSome **bold** text.\n\n> [!WARNING]\n> Hot.\n")
        let html = try CLI.run(["convert", path])
        XCTAssertEqual(html.status, 0)
        XCTAssertEqual(html.stdout, "<p>Some <strong>bold</strong> text.</p>\n<banner type=\"warning\">\n<p>Hot.</p>\n</banner>\n")
        XCTAssertEqual(html.stderr, "")

        let markdown = try CLI.run(["convert", path, "--to", "markdown", "--title-heading", "keep"])
        XCTAssertEqual(markdown.stdout, "# Guide\n\nSome **bold** text.\n\n> Hot.\n")
    }

    func testConvertReportGoesToStderr() throws {
        let path = try CLI.temporaryFile("Text\n\n###### Six\n")
        let result = try CLI.run(["convert", path, "--report"])
        XCTAssertEqual(result.status, 0)
        XCTAssertEqual(result.stdout, "Text\n\n### Six\n")
        XCTAssertTrue(result.stderr.contains("sent as markdown"))
        XCTAssertTrue(result.stderr.contains("\(path):3:1: warning: level 6 heading sent as level 3 [PD001]"))
    }

    func testConvertOfABinaryFileFails() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("pd-\(UUID().uuidString).md")
        try Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 7) }).write(to: url)
        let result = try CLI.run(["convert", url.path])
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.stdout, "")
        XCTAssertTrue(result.stderr.contains("binary file"))
    }

    func testConvertFromStdin() throws {
        let result = try CLI.run(["convert", "-", "--to", "html"], stdin: "Hello *there*\n")
        XCTAssertEqual(result.stdout, "<p>Hello <em>there</em></p>\n")
    }

    // MARK: rules

    func testRulesReferenceMatchesDocs() throws {
        let result = try CLI.run(["rules", "--markdown"])
        let docs = try String(contentsOf: CLI.packageRoot.appendingPathComponent("docs/rules.md"), encoding: .utf8)
        XCTAssertEqual(result.stdout, docs)
        XCTAssertTrue(try CLI.run(["rules"]).stdout.contains("PD006  error"))
    }

    func testHelpDocumentsExitCodes() throws {
        let result = try CLI.run(["--help"])
        XCTAssertEqual(result.status, 0)
        XCTAssertTrue(result.stdout.contains("Exit codes"))
    }
}
