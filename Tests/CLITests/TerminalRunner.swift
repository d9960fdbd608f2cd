import Foundation
import XCTest

/// Runs the built binary with its output on a pseudo-terminal, as in an interactive shell, to see
/// whether it colours its output. The terminal comes from util-linux `script`.
enum TerminalRunner {
    /// What the terminal showed (standard output and error; line ends become `\r\n`), and the exit status.
    static func run(_ arguments: [String], environment: [String: String], in directory: URL) throws -> (status: Int32, output: String) {
        let script = URL(fileURLWithPath: "/usr/bin/script")
        guard FileManager.default.isExecutableFile(atPath: script.path) else {
            throw XCTSkip("util-linux `script` is needed for a pseudo-terminal")
        }
        let command = ([CLI.binary.path] + arguments).map(quoted).joined(separator: " ")
        let process = Process()
        process.executableURL = script
        process.arguments = ["--quiet", "--return", "--flush", "--command", command, "/dev/null"]
        process.currentDirectoryURL = directory
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// The environment of this test process with colour allowed: `TERM=xterm-256color`, no `NO_COLOR`.
    static var colourEnvironment: [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = nil
        environment["TERM"] = "xterm-256color"
        return environment
    }

    private static func quoted(_ argument: String) -> String {
        "'" + argument.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
