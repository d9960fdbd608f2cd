import Foundation
import XCTest
import Yams

/// The examples in docs/ci.md: every YAML block parses; every step that uses the action passes
/// only inputs action.yml declares, with a command it knows; the plan comment reads the output the
/// action writes; the pre-commit example names hooks that exist; the matcher path is real.
final class CIRecipeTests: XCTestCase {
    private let actionReference = "productive-docs/productive-docs@"

    /// The fenced blocks of docs/ci.md with the given info string.
    private func blocks(_ language: String) throws -> [String] {
        let text = try String(contentsOf: CLI.packageRoot.appendingPathComponent("docs/ci.md"), encoding: .utf8)
        var blocks: [String] = []
        var current: [String]?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if current == nil, line == "```\(language)" {
                current = []
            } else if current != nil, line == "```" {
                blocks.append(current!.joined(separator: "\n"))
                current = nil
            } else {
                current?.append(String(line))
            }
        }
        return blocks
    }

    /// Steps of a block: a whole workflow, or a list of steps cut out of one.
    private func steps(_ block: String) throws -> [[String: Any]] {
        let loaded = try Yams.load(yaml: block)
        if let list = loaded as? [[String: Any]] { return list }
        guard let workflow = loaded as? [String: Any] else { return [] }
        if let jobs = workflow["jobs"] as? [String: [String: Any]] {
            return jobs.values.flatMap { $0["steps"] as? [[String: Any]] ?? [] }
        }
        return workflow["steps"] as? [[String: Any]] ?? []
    }

    func testEveryYAMLExampleParses() throws {
        let yaml = try blocks("yaml")
        XCTAssertGreaterThanOrEqual(yaml.count, 6)
        for block in yaml {
            XCTAssertNoThrow(try Yams.load(yaml: block), block)
        }
    }

    func testActionStepsUseDeclaredInputsAndKnownCommands() throws {
        let action = try ActionRunner().action
        let inputs = Set(((action["inputs"] as? [String: Any]) ?? [:]).keys)
        let uses = try blocks("yaml").flatMap(steps).filter { ($0["uses"] as? String)?.hasPrefix(actionReference) == true }
        XCTAssertGreaterThanOrEqual(uses.count, 4)
        var commands: Set<String> = []
        for step in uses {
            let with = step["with"] as? [String: Any] ?? [:]
            XCTAssertTrue(Set(with.keys).isSubset(of: inputs), "\(with.keys) not all in \(inputs)")
            let command = with["command"] as? String ?? "lint"
            XCTAssertTrue(["lint", "plan", "publish", "append"].contains(command), command)
            commands.insert(command)
            let version = String((step["uses"] as? String ?? "").dropFirst(actionReference.count))
            XCTAssertEqual(version, "v" + (try CLI.run(["--version"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)), "examples use the current release")
        }
        XCTAssertEqual(commands, ["lint", "plan", "publish", "append"])
    }

    func testThePlanCommentReadsThePlanFileOutput() throws {
        let all = try blocks("yaml").flatMap(steps)
        let plan = try XCTUnwrap(all.first { ($0["with"] as? [String: Any])?["command"] as? String == "plan" })
        let id = try XCTUnwrap(plan["id"] as? String)
        let comment = try XCTUnwrap(all.first { ($0["uses"] as? String)?.hasPrefix("marocchino/sticky-pull-request-comment") == true })
        XCTAssertEqual((comment["with"] as? [String: Any])?["path"] as? String, "${{ steps.\(id).outputs.plan-file }}")
        let outputs = try XCTUnwrap(try ActionRunner().action["outputs"] as? [String: Any])
        XCTAssertNotNil(outputs["plan-file"])
    }

    func testTheMatcherAndPreCommitExamplesPointAtRealFiles() throws {
        let matcherLine = try XCTUnwrap(try blocks("yaml").flatMap(steps).compactMap { $0["run"] as? String }.first { $0.contains("::add-matcher::") })
        // The recipe registers the matcher the tarball ships beside the binary, which dist.sh copies there.
        XCTAssertTrue(matcherLine.contains(#"::add-matcher::$(dirname "$(command -v productive-docs)")/productive-docs-matcher.json"#), matcherLine)
        let dist = try String(contentsOf: CLI.packageRoot.appendingPathComponent("scripts/dist.sh"), encoding: .utf8)
        XCTAssertTrue(dist.contains(#"cp .github/productive-docs-matcher.json "$stage/productive-docs-matcher.json""#))
        XCTAssertTrue(FileManager.default.fileExists(atPath: CLI.packageRoot.appendingPathComponent(".github/productive-docs-matcher.json").path))

        let hooksText = try String(contentsOf: CLI.packageRoot.appendingPathComponent(".pre-commit-hooks.yaml"), encoding: .utf8)
        let hookIDs = Set(((try Yams.load(yaml: hooksText) as? [[String: Any]]) ?? []).compactMap { $0["id"] as? String })
        let config = try XCTUnwrap(try blocks("yaml").compactMap { try Yams.load(yaml: $0) as? [String: Any] }.first { $0["repos"] != nil })
        let used = ((config["repos"] as? [[String: Any]]) ?? []).flatMap { ($0["hooks"] as? [[String: Any]]) ?? [] }.compactMap { $0["id"] as? String }
        XCTAssertFalse(used.isEmpty)
        XCTAssertTrue(Set(used).isSubset(of: hookIDs), "\(used) vs \(hookIDs)")
    }
}
