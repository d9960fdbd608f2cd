import Foundation
import XCTest

/// `--version` prints the one version (ToolVersion.swift, which `scripts/version.sh` reads for the
/// tarball's name), and the completion scripts documented in docs/cli.md are generated and work.
final class VersionAndCompletionTests: XCTestCase {
    private func shell(_ script: String, _ arguments: [String] = []) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", script, "bash"] + arguments
        process.currentDirectoryURL = CLI.packageRoot
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    func testVersionHasOneSourceOfTruth() throws {
        let printed = try CLI.run(["--version"])
        XCTAssertEqual(printed.status, 0)
        let script = try shell("scripts/version.sh")
        XCTAssertEqual(script.status, 0, script.output)
        XCTAssertEqual(printed.stdout, script.output)
        XCTAssertNotNil(printed.stdout.range(of: #"^[0-9]+\.[0-9]+\.[0-9]+\n$"#, options: .regularExpression), printed.stdout)
    }

    func testCompletionScriptsForBashZshAndFish() throws {
        for shell in ["bash", "zsh", "fish"] {
            let result = try CLI.run(["--generate-completion-script", shell])
            XCTAssertEqual(result.status, 0, shell)
            XCTAssertTrue(result.stdout.contains("doctor"), "\(shell) completes the subcommands")
        }
        let docs = try String(contentsOf: CLI.packageRoot.appendingPathComponent("docs/cli.md"), encoding: .utf8)
        for shell in ["bash", "zsh", "fish"] {
            XCTAssertTrue(docs.contains("productive-docs --generate-completion-script \(shell)"), "docs/cli.md: install line for \(shell)")
        }
    }

    func testTheBashCompletionCompletesSubcommandsAndOptions() throws {
        let binary = CLI.binary.deletingLastPathComponent().path
        let script = """
            set -u
            PATH="$1:$PATH"
            source <(productive-docs --generate-completion-script bash)
            function=$(complete -p productive-docs | sed -n 's/.*-F \\([^ ]*\\) .*/\\1/p')
            complete_line() {
                COMP_LINE=$1; COMP_POINT=${#COMP_LINE}
                read -r -a COMP_WORDS <<< "$COMP_LINE"
                [[ $COMP_LINE == *" " ]] && COMP_WORDS+=("")
                COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
                COMPREPLY=()
                "$function" productive-docs "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
                printf '%s\\n' "${COMPREPLY[@]}"
            }
            echo "--- do"; complete_line "productive-docs do"
            echo "--- doctor --ti"; complete_line "productive-docs doctor --ti"
            """
        let result = try shell(script, [binary])
        XCTAssertEqual(result.status, 0, result.output)
        let sections = result.output.components(separatedBy: "--- ")
        XCTAssertTrue(sections.contains { $0.hasPrefix("do\n") && $0.contains("\ndoctor\n") }, result.output)
        XCTAssertTrue(sections.contains { $0.hasPrefix("doctor --ti\n") && $0.contains("--timeout") }, result.output)
    }
}
