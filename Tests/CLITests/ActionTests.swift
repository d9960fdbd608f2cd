import Foundation
import XCTest

/// `action.yml`: each input reaches the right flag of the command, the plan lands in the
/// `plan-file` output, the exit code passes through, and the install step downloads the requested
/// release and refuses a tarball whose checksum does not match.
final class ActionTests: XCTestCase {
    func testInputsOutputsAndStepsAreDeclared() throws {
        let runner = try ActionRunner()
        let inputs = try XCTUnwrap(runner.action["inputs"] as? [String: Any])
        XCTAssertEqual(Set(inputs.keys), ["command", "path", "args", "version"])
        XCTAssertEqual(runner.inputDefault("command"), "lint")
        XCTAssertEqual(runner.inputDefault("path"), ".")
        XCTAssertEqual((runner.action["runs"] as? [String: Any])?["using"] as? String, "composite")
        XCTAssertEqual(runner.steps.compactMap { $0["id"] as? String }, ["install", "run"])
        let outputs = try XCTUnwrap(runner.action["outputs"] as? [String: [String: Any]])
        XCTAssertEqual(outputs["plan-file"]?["value"] as? String, "${{ steps.run.outputs.plan-file }}")
        XCTAssertEqual(outputs["exit-code"]?["value"] as? String, "${{ steps.run.outputs.exit-code }}")
        XCTAssertEqual(outputs["version"]?["value"] as? String, "${{ steps.install.outputs.version }}")
        for step in runner.steps {
            let run = try XCTUnwrap(step["run"] as? String)
            XCTAssertFalse(run.contains("${{"), "inputs go through env, never pasted into the script: \(run)")
        }
    }

    func testLintDefaultsToGitHubAnnotations() throws {
        let result = try ActionRunner().run(step: "run", inputs: [:])
        XCTAssertEqual(result.status, 0, result.stdout)
        XCTAssertEqual(result.argv, ["lint", ".", "--format", "github"])
        XCTAssertEqual(result.outputs["exit-code"], "0")
    }

    func testLintPathsAndArgsKeepTheirWordsAndQuotes() throws {
        let result = try ActionRunner().run(step: "run", inputs: [
            "command": "lint", "path": "docs README.md", "args": "--strict --disable 'PD001,PD002' --heading-fallback \"bold\"",
        ])
        XCTAssertEqual(result.argv, ["lint", "docs", "README.md", "--format", "github", "--strict", "--disable", "PD001,PD002", "--heading-fallback", "bold"])
    }

    func testAFormatInArgsReplacesTheDefaultOne() throws {
        let result = try ActionRunner().run(step: "run", inputs: ["args": "--format sarif"])
        XCTAssertEqual(result.argv, ["lint", ".", "--format", "sarif"])
    }

    func testPlanWritesMarkdownForAPullRequestComment() throws {
        let runner = try ActionRunner()
        let inputs = ["command": "plan", "path": "docs", "args": "--project 12"]
        let result = try runner.run(step: "run", inputs: inputs, extra: ["GITHUB_EVENT_NAME": "pull_request"])
        XCTAssertEqual(result.status, 0, result.stdout)
        XCTAssertEqual(result.argv, ["plan", "docs", "--format", "markdown", "--project", "12"])
        let planFile = try XCTUnwrap(result.outputs["plan-file"])
        XCTAssertEqual(try String(contentsOfFile: planFile, encoding: .utf8), "### Plan\n\n| file | action |\n")
        XCTAssertTrue(result.summary.contains("### Plan"), "on a pull request the plan is in the job summary too")
        XCTAssertTrue(result.stdout.contains("| file | action |"), "and in the log")
        let push = try runner.run(step: "run", inputs: inputs, extra: ["GITHUB_EVENT_NAME": "push"])
        XCTAssertEqual(push.summary, "", "a push run's summary is not a review")
        XCTAssertNotNil(push.outputs["plan-file"])
    }

    func testTheProblemMatcherIsRegistered() throws {
        let result = try ActionRunner().run(step: "run", inputs: ["command": "publish", "path": "docs"])
        let matcher = CLI.packageRoot.appendingPathComponent(".github/productive-docs-matcher.json").path
        XCTAssertTrue(result.stdout.hasPrefix("::add-matcher::\(matcher)\n"), result.stdout)
        XCTAssertTrue(FileManager.default.fileExists(atPath: matcher))
    }

    func testPublishAndAppend() throws {
        let runner = try ActionRunner()
        let publish = try runner.run(step: "run", inputs: ["command": "publish", "path": "docs", "args": "--on-conflict fail --prune"])
        XCTAssertEqual(publish.argv, ["publish", "docs", "--on-conflict", "fail", "--prune"])
        let append = try runner.run(step: "run", inputs: ["command": "append", "path": "notes.md", "args": "--page 42 --once standup-1 --heading 'Standup {date}'"])
        XCTAssertEqual(append.argv, ["append", "notes.md", "--page", "42", "--once", "standup-1", "--heading", "Standup {date}"])
    }

    func testTheExitCodePassesThroughAndBadInputsExitTwo() throws {
        let runner = try ActionRunner()
        let findings = try runner.run(step: "run", inputs: [:], extra: ["FAKE_EXIT": "1"])
        XCTAssertEqual(findings.status, 1)
        XCTAssertEqual(findings.outputs["exit-code"], "1")
        let unknown = try runner.run(step: "run", inputs: ["command": "destroy"])
        XCTAssertEqual(unknown.status, 2)
        XCTAssertNil(unknown.argv)
        XCTAssertTrue(unknown.stdout.contains("::error"))
        let unbalanced = try runner.run(step: "run", inputs: ["args": "--heading 'oops"])
        XCTAssertEqual(unbalanced.status, 2)
        XCTAssertNil(unbalanced.argv)
    }

    func testArgsAreNeverRunAsCode() throws {
        let runner = try ActionRunner()
        let marker = runner.folder.appendingPathComponent("pwned")
        let result = try runner.run(step: "run", inputs: ["args": "$(touch \(marker.path)) `touch \(marker.path)`; touch \(marker.path)"])
        XCTAssertEqual(result.status, 0, result.stdout)
        XCTAssertFalse(FileManager.default.fileExists(atPath: marker.path))
        XCTAssertEqual(result.argv?.first, "lint")
    }

    // MARK: Install

    /// A fake release: a tarball holding a `productive-docs` script, and its .sha256.
    private func makeRelease(_ runner: ActionRunner, version: String, tamper: Bool = false) throws -> URL {
        let releases = runner.folder.appendingPathComponent("releases")
        let name = "productive-docs-\(version)-linux-x86_64"
        let stage = runner.folder.appendingPathComponent("stage/\(name)")
        try FileManager.default.createDirectory(at: stage, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: releases, withIntermediateDirectories: true)
        let binary = stage.appendingPathComponent("productive-docs")
        try "#!/bin/sh\necho \(version)\n".write(to: binary, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: binary.path)
        let script = """
            set -e
            tar -czf '\(releases.path)/\(name).tar.gz' -C '\(stage.deletingLastPathComponent().path)' '\(name)'
            cd '\(releases.path)' && sha256sum '\(name).tar.gz' > '\(name).tar.gz.sha256'
            \(tamper ? "printf 'tampered' >> '\(name).tar.gz'" : "")
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", script]
        try process.run()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0)
        return releases
    }

    func testInstallDownloadsTheRequestedVersionAndVerifiesIt() throws {
        let runner = try ActionRunner()
        let releases = try makeRelease(runner, version: "1.2.3")
        let result = try runner.run(
            step: "install", inputs: ["version": "1.2.3"],
            github: ["action_repository": "acme/productive-docs", "action_ref": "main"], extra: ["FAKE_RELEASES": releases.path]
        )
        XCTAssertEqual(result.status, 0, result.stdout)
        XCTAssertEqual(result.urls, [
            "https://github.com/acme/productive-docs/releases/download/v1.2.3/productive-docs-1.2.3-linux-x86_64.tar.gz",
            "https://github.com/acme/productive-docs/releases/download/v1.2.3/productive-docs-1.2.3-linux-x86_64.tar.gz.sha256",
        ])
        XCTAssertEqual(result.outputs["version"], "1.2.3")
        let installed = result.path.trimmingCharacters(in: .newlines)
        XCTAssertTrue(installed.hasSuffix("/productive-docs-1.2.3-linux-x86_64"), installed)
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: installed + "/productive-docs"))
    }

    func testInstallTakesTheVersionFromTheActionTag() throws {
        let runner = try ActionRunner()
        let releases = try makeRelease(runner, version: "0.4.0")
        let result = try runner.run(
            step: "install", inputs: [:], github: ["action_repository": "acme/productive-docs", "action_ref": "v0.4.0"],
            extra: ["FAKE_RELEASES": releases.path]
        )
        XCTAssertEqual(result.status, 0, result.stdout)
        XCTAssertEqual(result.outputs["version"], "0.4.0")
        XCTAssertTrue(result.urls.first?.hasSuffix("/v0.4.0/productive-docs-0.4.0-linux-x86_64.tar.gz") == true)
    }

    func testInstallRefusesATarballWhoseChecksumDiffers() throws {
        let runner = try ActionRunner()
        let releases = try makeRelease(runner, version: "1.2.3", tamper: true)
        let result = try runner.run(
            step: "install", inputs: ["version": "v1.2.3"], github: ["action_repository": "acme/productive-docs"],
            extra: ["FAKE_RELEASES": releases.path]
        )
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stdout.contains("checksum mismatch"), result.stdout)
        XCTAssertEqual(result.path, "", "nothing is put on PATH")
    }
}
