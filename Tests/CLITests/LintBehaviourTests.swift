import Foundation
import XCTest

/// `lint` as people who know markdownlint-cli2 and Vale drive it: config, inline comments, many
/// paths, colour, summary. Every test runs the built binary on real files.
final class LintBehaviourTests: XCTestCase {
    /// A fresh folder holding `files` (relative path → content).
    private func folder(_ files: [String: String]) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("pd-lint-\(UUID().uuidString)")
        for (path, content) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try content.write(to: url, atomically: true, encoding: .utf8)
        }
        return root
    }

    // MARK: A folder without productive-docs.yml

    /// `lint DIR` reads DIR as the docs folder, as `plan DIR` does: an anchor that cannot be kept
    /// is PD905 there too.
    func testLintOfAFolderWithoutConfigReportsADroppedAnchorAsPlanDoes() throws {
        let root = try folder([
            "guide.md": "# Guide\n\n## Install it\n\nText.\n",
            "README.md": "# Readme\n\nSee [install](guide.md#install-it) and [typo](guide.md#instal).\n",
        ])
        defer { try? FileManager.default.removeItem(at: root) }
        let result = try CLI.run(["lint", root.path, "--format", "json"])
        XCTAssertEqual(result.stdout.components(separatedBy: "PD905").count - 1, 2, result.stdout + result.stderr)
        let inside = try CLI.run(["lint", "."], in: root)
        XCTAssertTrue(inside.stdout.contains("README.md:3:5: warning: link to `guide.md#install-it`"), inside.stdout)
        XCTAssertTrue(inside.stdout.contains("[PD905]"), inside.stdout)
    }

    /// A docs folder with no file to publish (its only files empty or binary) still lints: each
    /// file is checked as it is outside a folder, not refused with publish's "no Markdown file"
    /// (a user trial).
    func testADocsFolderWithNothingToPublishLintsItsFiles() throws {
        let root = try folder([
            "productive-docs.yml": "project_id: \"1\"\n",
            "page.md": "",
            "bin.md": "PNG\u{1}\u{2}\u{3}\u{0}\u{4} binary",
        ])
        defer { try? FileManager.default.removeItem(at: root) }
        let binary = try CLI.run(["lint", "bin.md"], in: root)
        XCTAssertEqual(binary.status, 1, binary.stdout + binary.stderr)
        XCTAssertTrue(binary.stdout.contains("bin.md:1:1: error: this looks like a binary file"), binary.stdout + binary.stderr)
        XCTAssertFalse(binary.stderr.contains("no Markdown file to publish"), binary.stderr)
        let empty = try CLI.run(["lint", "page.md"], in: root)
        XCTAssertEqual(empty.status, 0, empty.stdout + empty.stderr)
        let whole = try CLI.run(["lint", "."], in: root)
        XCTAssertEqual(whole.status, 1, whole.stdout + whole.stderr)
        XCTAssertTrue(whole.stderr.contains("in 2 files"), whole.stderr)
    }

    /// A file `pull` left conflicted is an error (PD025), so it is never published as it is.
    func testConflictMarkersAreAnError() throws {
        let root = try folder([
            "guide.md": "# Guide\n\n<<<<<<< guide.md (the file)\nOurs.\n=======\nTheirs.\n>>>>>>> page 7 (edited in Productive)\n",
        ])
        defer { try? FileManager.default.removeItem(at: root) }
        let result = try CLI.run(["lint", "guide.md"], in: root)
        XCTAssertTrue(result.stdout.contains("guide.md:3:1: error: unresolved git conflict (lines 3–7)"), result.stdout)
        XCTAssertTrue(result.stdout.contains("[PD025]"), result.stdout)
        XCTAssertEqual(result.status, 1)
    }

    // MARK: productive-docs.yml `lint:`

    func testConfigSwitchesRulesOffAndSetsTheirSeverity() throws {
        let root = try folder([
            "productive-docs.yml": "lint:\n  rules:\n    PD005: off\n    heading-too-deep: error\n",
            "doc.md": "#### Deep\n\nPress <kbd>K</kbd>.\n",
        ])
        let result = try CLI.run(["lint", "doc.md"], in: root)
        XCTAssertEqual(result.stdout, "doc.md:1:1: error: level 4 heading sent as level 3 [PD001]\n")
        XCTAssertEqual(result.stderr, "1 error, 0 warnings, 0 infos in 1 file\n")
        XCTAssertEqual(result.status, 1)

        // --disable comes on top of the file.
        let flagged = try CLI.run(["lint", "--disable", "PD001", "doc.md"], in: root)
        XCTAssertEqual(flagged.stdout, "")
        XCTAssertEqual(flagged.status, 0)
    }

    func testStrictFromConfigAndTheFlagOverridesIt() throws {
        let root = try folder([
            "productive-docs.yml": "lint:\n  strict: true\n",
            "doc.md": "Intro.\n\n#### Deep\n",
        ])
        XCTAssertEqual(try CLI.run(["lint", "doc.md"], in: root).status, 1)
        XCTAssertEqual(try CLI.run(["lint", "--no-strict", "doc.md"], in: root).status, 0)
        try "lint:\n  strict: false\n".write(to: root.appendingPathComponent("productive-docs.yml"), atomically: true, encoding: .utf8)
        XCTAssertEqual(try CLI.run(["lint", "doc.md"], in: root).status, 0)
        XCTAssertEqual(try CLI.run(["lint", "--strict", "doc.md"], in: root).status, 1)
    }

    func testAnEmptyLintSectionIsTheDefaults() throws {
        for yaml in ["lint:\n", "lint:\n  rules:\n  # PD005: off\n"] {
            let root = try folder(["productive-docs.yml": yaml, "doc.md": "Press <kbd>K</kbd>.\n"])
            let result = try CLI.run(["lint", "doc.md"], in: root)
            XCTAssertEqual(result.status, 0, result.stderr)
            XCTAssertTrue(result.stdout.contains("[PD005]"), yaml)
        }
    }

    func testBadLintSettingsExitTwoNamingFileLineAndSetting() throws {
        let cases: [(yaml: String, expected: String)] = [
            ("format: auto\nlint:\n  rules:\n    PD099: off\n", "productive-docs.yml:4:5: unknown rule `PD099` in `lint.rules`"),
            ("lint:\n  rules:\n    PD005: loud\n", "productive-docs.yml:3:12: `lint.rules.PD005` must be off, on, info, warning or error"),
            ("lint:\n  strict: sometimes\n", "productive-docs.yml:2:11: `lint.strict` must be true or false"),
            ("lint:\n  rule:\n    PD005: off\n", "productive-docs.yml:2:3: unknown setting `lint.rule`"),
            ("lint: [PD005]\n", "productive-docs.yml:1:7: `lint` must be a mapping"),
            ("lint:\n  rules: PD005\n", "productive-docs.yml:2:10: `lint.rules` must map rule ids"),
        ]
        for (yaml, expected) in cases {
            let root = try folder(["productive-docs.yml": yaml, "doc.md": "Text.\n"])
            let result = try CLI.run(["lint", "doc.md"], in: root)
            XCTAssertEqual(result.status, 2, yaml)
            // The file is named as found: the nearest productive-docs.yml above the linted file.
            XCTAssertTrue(result.stderr.hasPrefix("error: ") && result.stderr.contains("\(root.path)/\(expected)"), "\(yaml)\n→ \(result.stderr)")
            XCTAssertEqual(result.stdout, "")
        }
    }

    // MARK: inline comments

    func testInlineCommentsSuppressFindingsAndAreNotContent() throws {
        let root = try folder(["doc.md": """
            <!-- productive-docs-disable-file PD001 -->
            #### Deep

            <!-- productive-docs-disable-next-line PD005 -->
            Press <kbd>A</kbd>.

            Press <kbd>B</kbd>.

            """])
        let result = try CLI.run(["lint", "doc.md"], in: root)
        XCTAssertEqual(result.stdout, "doc.md:7:7: warning: <kbd> has no Productive element: its text is kept, the tag removed [PD005]\n")
        XCTAssertEqual(result.status, 0)
        let payload = try CLI.run(["convert", "doc.md"], in: root)
        XCTAssertFalse(payload.stdout.contains("productive-docs-disable"), "a directive is never sent")
    }

    // MARK: paths

    func testAMissingPathAmongSeveralStillReportsTheOthersThenExitsTwo() throws {
        let root = try folder(["a.md": "#### Deep\n", "b.md": "<script>x()</script>\n"])
        let result = try CLI.run(["lint", "a.md", "missing.md", "b.md"], in: root)
        XCTAssertEqual(result.status, 2)
        XCTAssertEqual(result.stdout, """
            a.md:1:1: warning: level 4 heading sent as level 3 [PD001]
            b.md:1:1: error: <script> removed with its content [PD006]

            """)
        XCTAssertEqual(result.stderr, "1 error, 1 warning, 0 infos in 2 files\nerror: missing.md: no such file or directory\n")

        let json = try CLI.run(["lint", "--format", "json", "nope/", "a.md"], in: root)
        XCTAssertEqual(json.status, 2)
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        XCTAssertEqual((object?["findings"] as? [Any])?.count, 1, "the report is still complete JSON")
        XCTAssertTrue(json.stderr.contains("error: nope/: no such file or directory"))
    }

    func testTheSameFileNamedTwiceIsLintedOnce() throws {
        let root = try folder(["docs/a.md": "#### Deep\n", "docs/sub/b.md": "Text.\n"])
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("link.md").path, withDestinationPath: "docs/a.md")
        let result = try CLI.run(["lint", "docs/a.md", "./docs/a.md", "docs", "docs/../docs/sub/b.md", "link.md", "\(root.path)/docs/a.md"], in: root)
        XCTAssertEqual(result.stdout, "docs/a.md:1:1: warning: level 4 heading sent as level 3 [PD001]\n")
        XCTAssertEqual(result.stderr, "0 errors, 1 warning, 0 infos in 2 files\n")
    }

    func testALinkOutOfANamedFolderIsNeverRead() throws {
        let root = try folder(["docs/a.md": "# A\n\nText.\n", "outside/secret.md": "# Secret\n\nSECRET-VALUE <script>x()</script>\n"])
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("docs/leak.md").path, withDestinationPath: "../outside/secret.md")
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("docs/also.md").path, withDestinationPath: root.appendingPathComponent("outside/secret.md").path)
        let lint = try CLI.run(["lint", "docs"], in: root)
        XCTAssertEqual(lint.status, 2)
        XCTAssertFalse(lint.stdout.contains("leak.md") || lint.stdout.contains("also.md"), lint.stdout)
        XCTAssertTrue(lint.stderr.contains("error: docs/leak.md: a symbolic link to a file outside docs: not read"), lint.stderr)
        XCTAssertTrue(lint.stderr.contains("error: docs/also.md: a symbolic link to a file outside docs: not read"), lint.stderr)
        XCTAssertTrue(lint.stderr.contains("in 1 file"), lint.stderr)
        // convert writes nothing of it (nor anything else: its input is refused).
        let convert = try CLI.run(["convert", "docs", "--out", "out"], in: root)
        XCTAssertEqual(convert.status, 2)
        let written = (try? FileManager.default.subpathsOfDirectory(atPath: root.appendingPathComponent("out").path)) ?? []
        for file in written {
            let text = (try? String(contentsOf: root.appendingPathComponent("out").appendingPathComponent(file), encoding: .utf8)) ?? ""
            XCTAssertFalse(text.contains("SECRET-VALUE"), file)
        }
        // Named on its own, a link is the user's choice: read.
        XCTAssertTrue(try CLI.run(["lint", "docs/leak.md"], in: root).stdout.contains("PD006"))
    }

    // MARK: output

    func testSummaryCountsAreSingularAndPlural() throws {
        let root = try folder([
            "one.md": "<script>a()</script>\n\n#### Deep\n\n<!-- note -->\n",
            "two.md": "<script>a()</script>\n\n<script>b()</script>\n\n#### D\n\n#### E\n\n<!-- a -->\n\n<!-- b -->\n",
        ])
        XCTAssertEqual(try CLI.run(["lint", "one.md"], in: root).stderr, "1 error, 1 warning, 1 info in 1 file\n")
        XCTAssertEqual(try CLI.run(["lint", "two.md"], in: root).stderr, "2 errors, 2 warnings, 2 infos in 1 file\n")
        XCTAssertEqual(try CLI.run(["lint", "."], in: root).stderr, "3 errors, 3 warnings, 3 infos in 2 files\n")
    }

    func testColourOnATerminalOnlyWhenItCanShowIt() throws {
        let root = try folder(["doc.md": "#### Deep\n"])
        let coloured = try TerminalRunner.run(["lint", "doc.md"], environment: TerminalRunner.colourEnvironment, in: root)
        XCTAssertTrue(coloured.output.contains("\u{1B}[33mwarning\u{1B}[0m"), coloured.output)

        var dumb = TerminalRunner.colourEnvironment
        dumb["TERM"] = "dumb"
        let plain = try TerminalRunner.run(["lint", "doc.md"], environment: dumb, in: root)
        XCTAssertTrue(plain.output.contains("doc.md:1:1: warning:"), plain.output)
        XCTAssertFalse(plain.output.contains("\u{1B}["))

        var noColor = TerminalRunner.colourEnvironment
        noColor["NO_COLOR"] = "1"
        XCTAssertFalse(try TerminalRunner.run(["lint", "doc.md"], environment: noColor, in: root).output.contains("\u{1B}["))
    }
}
