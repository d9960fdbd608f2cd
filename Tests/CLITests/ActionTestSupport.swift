import Foundation
import XCTest
import Yams

/// Runs the steps of `action.yml` the way GitHub's runner runs a composite action's `run` steps:
/// `${{ }}` expressions of the step's `env` filled from the inputs (or their defaults) and the
/// `github` context, the script run by `bash --noprofile --norc -eo pipefail`, with
/// GITHUB_ACTION_PATH, GITHUB_OUTPUT, GITHUB_PATH, GITHUB_STEP_SUMMARY and RUNNER_TEMP set.
/// Fake `productive-docs` and `curl` programs on PATH record what they were given.
struct ActionRunner {
    /// The parsed action.yml.
    let action: [String: Any]
    /// A fresh folder: fake programs in `bin/`, the runner's files, and the records.
    let folder: URL

    init() throws {
        let text = try String(contentsOf: CLI.packageRoot.appendingPathComponent("action.yml"), encoding: .utf8)
        action = try XCTUnwrap(try Yams.load(yaml: text) as? [String: Any])
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("pd-action-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("bin"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("temp"), withIntermediateDirectories: true)
        // Records its arguments, one a line; prints a plan for `plan`; exits with FAKE_EXIT.
        try install("productive-docs", """
            #!/bin/sh
            printf '%s\\n' "$@" > "$RECORD_DIR/argv"
            [ "$1" = plan ] && printf '### Plan\\n\\n| file | action |\\n'
            exit "${FAKE_EXIT:-0}"
            """)
        // Serves downloads from FAKE_RELEASES by file name and records each URL.
        try install("curl", """
            #!/bin/sh
            out=""; url=""
            while [ $# -gt 0 ]; do
                case $1 in -o|-H) [ "$1" = -o ] && out=$2; shift ;; -*) ;; *) url=$1 ;; esac
                shift
            done
            echo "$url" >> "$RECORD_DIR/urls"
            src="$FAKE_RELEASES/$(basename "$url")"
            [ -f "$src" ] || { echo "curl: (22) 404 $url" >&2; exit 22; }
            cp "$src" "$out"
            """)
    }

    private func install(_ name: String, _ script: String) throws {
        let url = folder.appendingPathComponent("bin/\(name)")
        try script.write(to: url, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
    }

    /// The composite steps.
    var steps: [[String: Any]] {
        ((action["runs"] as? [String: Any])?["steps"] as? [[String: Any]]) ?? []
    }

    /// The default value of an input.
    func inputDefault(_ name: String) -> String? {
        ((action["inputs"] as? [String: Any])?[name] as? [String: Any])?["default"].map { "\($0)" }
    }

    /// What one run of a step did.
    struct StepResult {
        let status: Int32
        let stdout: String
        /// The fake binary's arguments, when it ran.
        let argv: [String]?
        /// `name=value` lines written to GITHUB_OUTPUT.
        let outputs: [String: String]
        let path: String
        let summary: String
        let urls: [String]
    }

    /// Runs the step with `id`, inputs as given (the others take their defaults).
    func run(step id: String, inputs: [String: String], github: [String: String] = [:], extra: [String: String] = [:]) throws -> StepResult {
        let step = try XCTUnwrap(steps.first { $0["id"] as? String == id }, "no step \(id)")
        XCTAssertEqual(step["shell"] as? String, "bash")
        let script = try XCTUnwrap(step["run"] as? String)
        var environment = ProcessInfo.processInfo.environment
        for (name, value) in (step["env"] as? [String: Any]) ?? [:] {
            environment[name] = try expand("\(value)", inputs: inputs, github: github)
        }
        let files = ["GITHUB_OUTPUT": "output", "GITHUB_PATH": "path", "GITHUB_STEP_SUMMARY": "summary"]
        for (name, file) in files {
            let url = folder.appendingPathComponent(file)
            try? FileManager.default.removeItem(at: url)
            _ = FileManager.default.createFile(atPath: url.path, contents: nil)
            environment[name] = url.path
        }
        for record in ["argv", "urls"] { try? FileManager.default.removeItem(at: folder.appendingPathComponent(record)) }
        environment["GITHUB_ACTION_PATH"] = CLI.packageRoot.path
        environment["RUNNER_TEMP"] = folder.appendingPathComponent("temp").path
        environment["RECORD_DIR"] = folder.path
        environment["PATH"] = folder.appendingPathComponent("bin").path + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        environment.merge(extra) { $1 }
        let scriptFile = folder.appendingPathComponent("step.sh")
        try script.write(to: scriptFile, atomically: true, encoding: .utf8)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["--noprofile", "--norc", "-eo", "pipefail", scriptFile.path]
        process.environment = environment
        process.currentDirectoryURL = folder
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()

        func read(_ name: String) -> String? { try? String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8) }
        var outputs: [String: String] = [:]
        for line in (read("output") ?? "").split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1)
            if parts.count == 2 { outputs[String(parts[0])] = String(parts[1]) }
        }
        return StepResult(
            status: process.terminationStatus, stdout: String(decoding: data, as: UTF8.self),
            argv: read("argv").map { $0.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init) },
            outputs: outputs, path: read("path") ?? "", summary: read("summary") ?? "",
            urls: (read("urls") ?? "").split(separator: "\n").map(String.init)
        )
    }

    /// Fills `${{ inputs.NAME }}` and `${{ github.NAME }}`; any other expression fails the test.
    private func expand(_ value: String, inputs: [String: String], github: [String: String]) throws -> String {
        let regex = try NSRegularExpression(pattern: #"\$\{\{\s*([a-z_]+)\.([a-z_-]+)\s*\}\}"#)
        var result = value
        for match in regex.matches(in: value, range: NSRange(value.startIndex..., in: value)).reversed() {
            let scope = String(value[Range(match.range(at: 1), in: value)!])
            let name = String(value[Range(match.range(at: 2), in: value)!])
            let replacement: String
            switch scope {
            case "inputs":
                replacement = try XCTUnwrap(inputs[name] ?? inputDefault(name), "input \(name) has no value and no default")
            case "github":
                replacement = github[name] ?? ""
            default:
                XCTFail("unexpected expression scope \(scope) in \(value)")
                replacement = ""
            }
            result.replaceSubrange(Range(match.range, in: result)!, with: replacement)
        }
        return result
    }
}
