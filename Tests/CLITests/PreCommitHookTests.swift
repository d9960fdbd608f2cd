import Foundation
import XCTest
import Yams

/// `.pre-commit-hooks.yaml`: the hooks lint Markdown files, and their entry, run the way pre-commit
/// runs it (entry, args, then the changed files), passes clean files and fails on an error.
final class PreCommitHookTests: XCTestCase {
    private func hooks() throws -> [[String: Any]] {
        let text = try String(contentsOf: CLI.packageRoot.appendingPathComponent(".pre-commit-hooks.yaml"), encoding: .utf8)
        return try XCTUnwrap(try Yams.load(yaml: text) as? [[String: Any]])
    }

    func testTheHooksAreWellFormed() throws {
        let hooks = try hooks()
        XCTAssertEqual(hooks.compactMap { $0["id"] as? String }, ["productive-docs-lint", "productive-docs-lint-source"])
        for hook in hooks {
            XCTAssertNotNil(hook["name"] as? String)
            XCTAssertEqual(hook["entry"] as? String, "productive-docs lint")
            XCTAssertEqual(hook["types"] as? [String], ["markdown"])
            XCTAssertTrue(["system", "swift"].contains(hook["language"] as? String ?? ""))
        }
    }

    func testTheEntryRunOnChangedFilesPassesCleanOnesAndFailsOnAnError() throws {
        let entry = try XCTUnwrap(try hooks().first?["entry"] as? String).split(separator: " ").map(String.init)
        XCTAssertEqual(entry.first, "productive-docs")
        let arguments = Array(entry.dropFirst())
        let clean = try CLI.temporaryFile("Intro.\n\n## Section\n\nText.\n", name: "clean.md")
        let alsoClean = try CLI.temporaryFile("- a\n- b\n", name: "list.md")
        let broken = try CLI.temporaryFile("Hi <script>x()</script>\n", name: "broken.md")
        let passing = try CLI.run(arguments + [clean, alsoClean])
        XCTAssertEqual(passing.status, 0, passing.stdout + passing.stderr)
        let failing = try CLI.run(arguments + [clean, broken])
        XCTAssertEqual(failing.status, 1)
        XCTAssertTrue(failing.stdout.contains("broken.md:1:4: error:"), failing.stdout)
        let strict = try CLI.run(arguments + ["--strict", try CLI.temporaryFile("Intro.\n\n#### Deep\n")])
        XCTAssertEqual(strict.status, 1, "args from .pre-commit-config.yaml (e.g. --strict) come before the files")
    }
}
