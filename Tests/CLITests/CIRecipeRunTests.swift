import Foundation
import ProductiveSandbox
import XCTest
import Yams

/// The recipes of docs/ci.md, run: the GitHub workflow's jobs (the action's run step for each use of
/// the action, `run:` steps in bash), the GitLab jobs' scripts, and the plain shell script, each in a
/// git repository with a docs folder and a bare remote, with the built binary on PATH, against the
/// sandbox. Only the download of the release (tested by ActionTests and the bare-system test) and
/// posting a comment are left out.
final class CIRecipeRunTests: XCTestCase {
    private var sandbox: SandboxServer?

    override func tearDown() async throws {
        await sandbox?.stop()
        sandbox = nil
    }

    /// The fenced block that follows `<!-- recipe: NAME` in docs/ci.md.
    private func recipe(_ name: String) throws -> String {
        let text = try String(contentsOf: CLI.packageRoot.appendingPathComponent("docs/ci.md"), encoding: .utf8)
        let marker = try XCTUnwrap(text.range(of: "<!-- recipe: \(name)"), "no \(name) recipe")
        let rest = text[marker.upperBound...]
        let open = try XCTUnwrap(rest.range(of: "```"))
        let body = rest[open.upperBound...].drop { $0 != "\n" }.dropFirst()
        let close = try XCTUnwrap(body.range(of: "\n```"))
        return String(body[..<close.lowerBound]) + "\n"
    }

    /// A checked-out repository: docs/ with two clean files and a productive-docs.yml for project 1
    /// (a project the sandbox knows before it holds pages, so that doctor passes),
    /// committed on `main`, pushed to a bare `origin` beside it.
    private func repository() throws -> URL {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("cli-recipe-\(UUID().uuidString)")
        let repo = base.appendingPathComponent("repo")
        let docs = repo.appendingPathComponent("docs")
        try FileManager.default.createDirectory(at: docs, withIntermediateDirectories: true)
        try "project: 1\n".write(to: docs.appendingPathComponent("productive-docs.yml"), atomically: true, encoding: .utf8)
        try "# Guide\n\nHow it works.\n".write(to: docs.appendingPathComponent("guide.md"), atomically: true, encoding: .utf8)
        try "# Setup\n\nInstall it.\n".write(to: docs.appendingPathComponent("setup.md"), atomically: true, encoding: .utf8)
        let remote = base.appendingPathComponent("remote.git").path
        try shell("""
            git init -q --bare \(remote) && git init -q -b main . && git add -A \
            && git -c user.name=t -c user.email=t@example.com commit -q -m docs \
            && git remote add origin \(remote) && git push -q -u origin main
            """, in: repo, environment: [:])
        return repo
    }

    private func environment() async throws -> [String: String] {
        let server = try await SandboxServer.start()
        sandbox = server
        return [
            "PRODUCTIVE_BASE_URL": server.baseURL, "PRODUCTIVE_API_TOKEN": SandboxServer.defaultToken, "PRODUCTIVE_ORGANIZATION_ID": "1",
            "PRODUCTIVE_PROJECT_ID": "", "PRODUCTIVE_ROOT_PAGE_ID": "", "NO_COLOR": "1", "PRODUCTIVE_UPLOAD_URL": server.uploadURL,
            "PATH": CLI.binary.deletingLastPathComponent().path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"),
            "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com",
        ]
    }

    /// Runs `script` with `bash -eo pipefail` (as GitHub's and GitLab's runners do); the status and
    /// what it printed.
    @discardableResult
    private func shell(_ script: String, in directory: URL, environment: [String: String], shell: String = "/bin/bash", check: Bool = true) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: shell)
        process.arguments = shell.hasSuffix("bash") ? ["--noprofile", "--norc", "-eo", "pipefail", "-c", script] : ["-c", script]
        process.currentDirectoryURL = directory
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let output = String(decoding: data, as: UTF8.self)
        if check { XCTAssertEqual(process.terminationStatus, 0, "\(script)\n\(output)") }
        return (process.terminationStatus, output)
    }

    private func lastCommit(_ repo: URL, remote: Bool = false) throws -> String {
        try shell("git log -1 --format=%s \(remote ? "origin/main" : "")", in: repo, environment: [:]).output
    }

    // MARK: Plain shell

    func testThePlainShellRecipePublishesAndCommitsTheManifest() async throws {
        let environment = try await environment()
        let repo = try repository()
        try recipe("shell").write(to: repo.appendingPathComponent("docs.sh"), atomically: true, encoding: .utf8)
        let first = try shell("sh docs.sh", in: repo, environment: environment, shell: "/bin/sh")
        XCTAssertTrue(first.output.contains("3 created"), "the folder's page and two files: \(first.output)")
        XCTAssertEqual(try lastCommit(repo), "docs: update Productive manifest [skip ci]\n")
        let again = try shell("sh docs.sh", in: repo, environment: environment, shell: "/bin/sh")
        XCTAssertTrue(again.output.contains("3 unchanged; 0 writes"), again.output)
        XCTAssertEqual(try shell("git rev-list --count HEAD", in: repo, environment: [:]).output, "2\n", "nothing new to commit")
    }

    // MARK: GitLab

    func testTheGitLabRecipesJobsLintPlanAndPublish() async throws {
        var environment = try await environment()
        let repo = try repository()
        let jobs = try XCTUnwrap(try Yams.load(yaml: recipe("gitlab")) as? [String: Any])
        func script(_ job: String) throws -> String {
            let lines = try XCTUnwrap((jobs[job] as? [String: Any])?["script"] as? [String], job)
            // Posting the plan as a merge-request note needs GitLab itself.
            return lines.filter { !$0.contains("/merge_requests/") }.joined(separator: "\n")
        }
        environment["CI_COMMIT_BRANCH"] = "main"
        environment["DOCS_PUSH_URL"] = try shell("git remote get-url origin", in: repo, environment: [:]).output.trimmingCharacters(in: .whitespacesAndNewlines)

        try shell(script("docs-lint"), in: repo, environment: environment)
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: repo.appendingPathComponent("gl-code-quality-report.json")))
        let severities = ((report as? [[String: Any]]) ?? []).compactMap { $0["severity"] as? String }
        XCTAssertTrue(severities.allSatisfy { $0 == "info" }, "\(severities)")
        try shell(script("docs-plan"), in: repo, environment: environment)
        XCTAssertTrue(try String(contentsOf: repo.appendingPathComponent("plan.md"), encoding: .utf8).contains("**3 create**"))
        XCTAssertEqual((jobs["docs-publish"] as? [String: Any])?["resource_group"] as? String, "productive-docs")
        try shell(script("docs-publish"), in: repo, environment: environment)
        try shell("git fetch -q origin", in: repo, environment: [:])
        XCTAssertEqual(try lastCommit(repo, remote: true), "docs: update Productive manifest [skip ci]\n", "the manifest reached the remote")
    }

    // MARK: GitHub

    /// Runs the workflow's jobs whose `if:` holds for `event` on `ref`, step by step.
    private func runWorkflow(event: String, ref: String, in repo: URL, environment: [String: String]) throws -> [String: [String: String]] {
        let workflow = try XCTUnwrap(try Yams.load(yaml: recipe("github")) as? [String: Any])
        let jobs = try XCTUnwrap(workflow["jobs"] as? [String: [String: Any]])
        var ran: [String: [String: String]] = [:]
        for name in ["lint", "preview", "publish"] {
            let job = try XCTUnwrap(jobs[name], name)
            if let condition = job["if"] as? String, !Self.holds(condition, event: event, ref: ref) { continue }
            var outputs: [String: String] = ["summary": ""]
            for step in job["steps"] as? [[String: Any]] ?? [] {
                try runStep(step, event: event, repo: repo, environment: environment, outputs: &outputs)
            }
            ran[name] = outputs
        }
        return ran
    }

    private func runStep(_ step: [String: Any], event: String, repo: URL, environment: [String: String], outputs: inout [String: String]) throws {
        let uses = step["uses"] as? String ?? ""
        if uses.hasPrefix("actions/checkout") { return }
        if uses.hasPrefix("marocchino/sticky-pull-request-comment") {
            // The comment step reads the plan file the plan step named.
            let path = (step["with"] as? [String: Any])?["path"] as? String
            XCTAssertEqual(path, "${{ steps.plan.outputs.plan-file }}")
            outputs["comment"] = try String(contentsOfFile: try XCTUnwrap(outputs["plan-file"]), encoding: .utf8)
            return
        }
        let files = FileManager.default.temporaryDirectory.appendingPathComponent("cli-recipe-gh-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: files, withIntermediateDirectories: true)
        var env = environment
        env["GITHUB_OUTPUT"] = files.appendingPathComponent("output").path
        env["GITHUB_STEP_SUMMARY"] = files.appendingPathComponent("summary").path
        env["GITHUB_EVENT_NAME"] = event
        env["GITHUB_WORKSPACE"] = repo.path
        env["RUNNER_TEMP"] = files.path
        let script: String
        if uses.hasPrefix("productive-docs/productive-docs@") {
            let with = step["with"] as? [String: Any] ?? [:]
            env["GITHUB_ACTION_PATH"] = CLI.packageRoot.path
            env["INPUT_COMMAND"] = with["command"].map { "\($0)" } ?? "lint"
            env["INPUT_PATH"] = with["path"].map { "\($0)" } ?? "."
            env["INPUT_ARGS"] = with["args"].map { "\($0)" } ?? ""
            script = "\"$GITHUB_ACTION_PATH/scripts/action/run.sh\""
        } else {
            script = try XCTUnwrap(step["run"] as? String, "\(step)")
        }
        let (_, output) = try shell(script, in: repo, environment: env)
        outputs["log", default: ""] += output
        outputs["summary", default: ""] += (try? String(contentsOfFile: files.appendingPathComponent("summary").path, encoding: .utf8)) ?? ""
        for line in ((try? String(contentsOfFile: files.appendingPathComponent("output").path, encoding: .utf8)) ?? "").split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1)
            if parts.count == 2 { outputs[String(parts[0])] = String(parts[1]) }
        }
    }

    /// `github.event_name == 'X' && github.ref == 'Y'`: the conditions the recipe uses.
    private static func holds(_ condition: String, event: String, ref: String) -> Bool {
        condition.components(separatedBy: "&&").allSatisfy { clause in
            let sides = clause.components(separatedBy: "==").map { $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "'")) }
            guard sides.count == 2 else { return false }
            switch sides[0] {
            case "github.event_name": return sides[1] == event
            case "github.ref": return sides[1] == ref
            default: return false
            }
        }
    }

    func testTheGitHubWorkflowPreviewsAPullRequestThenPublishesOnMain() async throws {
        let environment = try await environment()
        let repo = try repository()
        let workflow = try XCTUnwrap(try Yams.load(yaml: recipe("github")) as? [String: Any])
        let publishJob = try XCTUnwrap((workflow["jobs"] as? [String: [String: Any]])?["publish"])
        XCTAssertEqual((publishJob["concurrency"] as? [String: Any])?["cancel-in-progress"] as? Bool, false)
        XCTAssertNotNil((publishJob["concurrency"] as? [String: Any])?["group"])

        let pullRequest = try runWorkflow(event: "pull_request", ref: "refs/pull/1/merge", in: repo, environment: environment)
        XCTAssertEqual(Set(pullRequest.keys), ["lint", "preview"])
        XCTAssertTrue(pullRequest["preview"]?["comment"]?.contains("**3 create**") == true, "\(pullRequest)")
        XCTAssertTrue(pullRequest["preview"]?["summary"]?.contains("### productive-docs plan") == true, "the preview is the job summary")

        let push = try runWorkflow(event: "push", ref: "refs/heads/main", in: repo, environment: environment)
        XCTAssertEqual(Set(push.keys), ["lint", "publish"])
        XCTAssertEqual(push["publish"]?["exit-code"], "0")
        XCTAssertEqual(push["publish"]?["summary"], "", "a push run's summary is no preview")
        try shell("git fetch -q origin", in: repo, environment: [:])
        XCTAssertEqual(try lastCommit(repo, remote: true), "docs: update Productive manifest [skip ci]\n")
    }
}
