import Foundation
import XCTest

/// `.github/productive-docs-matcher.json` against the real text output of `lint`: its regular
/// expression finds every error and warning with the right file, line, column, severity, message
/// and rule, as `--format json` reports them for the same files, and skips infos and the summary.
final class ProblemMatcherTests: XCTestCase {
    /// One pattern of a GitHub problem matcher.
    private struct Pattern: Decodable {
        let regexp: String
        let file: Int
        let line: Int
        let column: Int
        let severity: Int
        let message: Int
        let code: Int
    }

    private struct Matcher: Decodable {
        let owner: String
        let pattern: [Pattern]
    }

    private struct MatcherFile: Decodable {
        let problemMatcher: [Matcher]
    }

    /// A finding as the json format writes it.
    private struct Finding: Decodable, Hashable {
        let path: String
        let line: Int
        let column: Int
        let severity: String
        let rule: String
        let message: String
    }

    private struct Report: Decodable {
        let findings: [Finding]
    }

    private func matcher() throws -> (owner: String, pattern: Pattern, regex: NSRegularExpression) {
        let url = CLI.packageRoot.appendingPathComponent(".github/productive-docs-matcher.json")
        let file = try JSONDecoder().decode(MatcherFile.self, from: Data(contentsOf: url))
        let matcher = try XCTUnwrap(file.problemMatcher.first)
        XCTAssertEqual(file.problemMatcher.count, 1)
        XCTAssertEqual(matcher.pattern.count, 1, "one line per finding")
        let pattern = matcher.pattern[0]
        return (matcher.owner, pattern, try NSRegularExpression(pattern: pattern.regexp))
    }

    /// Applies the pattern to one line, as the runner does.
    private func match(_ line: String, _ pattern: Pattern, _ regex: NSRegularExpression) -> Finding? {
        let range = NSRange(line.startIndex..., in: line)
        guard let result = regex.firstMatch(in: line, range: range) else { return nil }
        func group(_ index: Int) -> String {
            Range(result.range(at: index), in: line).map { String(line[$0]) } ?? ""
        }
        return Finding(
            path: group(pattern.file), line: Int(group(pattern.line)) ?? -1, column: Int(group(pattern.column)) ?? -1,
            severity: group(pattern.severity), rule: group(pattern.code), message: group(pattern.message)
        )
    }

    func testTheMatcherReadsEveryErrorAndWarningOfRealOutput() throws {
        let (owner, pattern, regex) = try matcher()
        XCTAssertEqual(owner, "productive-docs")
        let awkward = try CLI.temporaryFile("#### Deep: with a colon [x]\n\n<script>x()</script>\n\nText <kbd>K</kbd>.\n", name: "a:b c.md")
        let arguments = ["lint", "samples", awkward]
        let text = try CLI.run(arguments, environment: ["NO_COLOR": "1"])
        XCTAssertEqual(text.status, 1)
        let json = try CLI.run(arguments + ["--format", "json"])
        let expected = try JSONDecoder().decode(Report.self, from: Data(json.stdout.utf8)).findings
        XCTAssertGreaterThan(expected.count { $0.severity == "warning" }, 1)
        XCTAssertGreaterThan(expected.count { $0.severity == "info" }, 0, "infos exist, and must not match")

        let lines = text.stdout.split(separator: "\n").map(String.init)
        let matched = lines.compactMap { match($0, pattern, regex) }
        XCTAssertEqual(Set(matched), Set(expected.filter { $0.severity != "info" }))
        XCTAssertEqual(matched.count, expected.count { $0.severity != "info" })
        XCTAssertTrue(matched.contains { $0.path == awkward && $0.line == 3 && $0.rule == "PD006" && $0.severity == "error" })
        XCTAssertTrue(matched.contains { $0.path == awkward && $0.line == 1 && $0.rule == "PD001" })
        XCTAssertNil(match(text.stderr.trimmingCharacters(in: .newlines), pattern, regex), "the summary line is no finding")
    }
}
