import Foundation
import XCTest

/// `lint --format github` as GitHub needs it to attach annotations to a pull request's diff: paths
/// relative to the repository root (never `./`, never absolute), the serious findings first, infos
/// counted rather than annotated.
final class GitHubAnnotationTests: XCTestCase {
    /// A repository with `docs/guide.md`: 300 HTML comments (infos), then two warnings (no first
    /// heading: it would be one more info).
    private func repository() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("cli-gh-\(UUID().uuidString)")
        let docs = root.appendingPathComponent("docs")
        try FileManager.default.createDirectory(at: docs, withIntermediateDirectories: true)
        let comments = String(repeating: "<!-- a comment -->\n\n", count: 300)
        let text = "Intro.\n\n" + comments + "Press <kbd>K</kbd>.\n\nThen <kbd>L</kbd>.\n"
        try text.write(to: docs.appendingPathComponent("guide.md"), atomically: true, encoding: .utf8)
        return root
    }

    private func annotations(_ output: String) -> [String] {
        output.split(separator: "\n").map(String.init).filter { $0.hasPrefix("::") }
    }

    func testPathsAreRepositoryRelativeFromTheDocsFolderAndFromTheRoot() throws {
        let root = try repository()
        let workspace = ["GITHUB_WORKSPACE": root.path]
        let inDocs = try CLI.run(["lint", ".", "--format", "github"], environment: workspace, in: root.appendingPathComponent("docs"))
        let atRoot = try CLI.run(["lint", "docs", "--format", "github"], environment: workspace, in: root)
        let dotted = try CLI.run(["lint", "./docs/", "--format", "github"], environment: workspace, in: root)
        let absolute = try CLI.run(["lint", root.appendingPathComponent("docs").path, "--format", "github"], environment: workspace, in: root)
        let expected = annotations(atRoot.stdout)
        XCTAssertEqual(expected.count, 2, atRoot.stdout)
        XCTAssertTrue(expected.allSatisfy { $0.contains("file=docs/guide.md,") }, atRoot.stdout)
        XCTAssertEqual(annotations(inDocs.stdout), expected)
        XCTAssertEqual(annotations(dotted.stdout), expected)
        XCTAssertEqual(annotations(absolute.stdout), expected)
    }

    func testWithoutAWorkspaceThePathsAreRelativeToTheWorkingDirectory() throws {
        let root = try repository()
        let result = try CLI.run(["lint", "./docs", "--format", "github"], environment: ["GITHUB_WORKSPACE": ""], in: root)
        XCTAssertTrue(annotations(result.stdout).allSatisfy { $0.contains("file=docs/guide.md,") }, result.stdout)
    }

    func testWarningsFirstAndInfosCountedNotAnnotated() throws {
        let root = try repository()
        let result = try CLI.run(["lint", "docs", "--format", "github"], environment: ["GITHUB_WORKSPACE": root.path], in: root)
        let lines = annotations(result.stdout)
        XCTAssertEqual(lines.count, 2)
        XCTAssertTrue(lines.allSatisfy { $0.hasPrefix("::warning ") }, result.stdout)
        XCTAssertFalse(result.stdout.contains("::notice"))
        XCTAssertTrue(result.stdout.contains("0 errors, 2 warnings, 300 infos in 1 file; 300 infos not annotated (--annotate-infos annotates them)"), result.stdout)

        let all = annotations(try CLI.run(["lint", "docs", "--format", "github", "--annotate-infos"], environment: ["GITHUB_WORKSPACE": root.path], in: root).stdout)
        XCTAssertEqual(all.count, 302)
        XCTAssertTrue(all.prefix(2).allSatisfy { $0.hasPrefix("::warning ") }, "warnings come before the 300 notices")
        XCTAssertTrue(all.dropFirst(2).allSatisfy { $0.hasPrefix("::notice ") })
    }

    func testErrorsComeFirstInGitLabAndSARIFToo() throws {
        let path = try CLI.temporaryFile("Intro.\n\n<!-- note -->\n\nPress <kbd>K</kbd>.\n\n<script>x()</script>\n")
        let gitlab = try JSONSerialization.jsonObject(with: Data(try CLI.run(["lint", path, "--format", "gitlab"]).stdout.utf8)) as? [[String: Any]]
        XCTAssertEqual(gitlab?.map { $0["severity"] as? String ?? "" }, ["major", "minor", "info"])
        let sarif = try JSONSerialization.jsonObject(with: Data(try CLI.run(["lint", path, "--format", "sarif"]).stdout.utf8)) as? [String: Any]
        let results = ((sarif?["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]]) ?? []
        XCTAssertEqual(results.map { $0["level"] as? String ?? "" }, ["error", "warning", "note"])
    }
}
