import Foundation

/// Runs the built `productive-docs` binary and captures what it did.
enum CLI {
    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The binary built next to this test bundle.
    static var binary: URL {
        let products = Bundle.main.bundleURL
        for candidate in [products, products.deletingLastPathComponent()] {
            let url = candidate.appendingPathComponent("productive-docs")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return packageRoot.appendingPathComponent(".build/debug/productive-docs")
    }

    /// Runs the binary; one still running after `timeout` seconds is killed (SIGKILL), so a hang fails
    /// the test with status 9 instead of blocking the suite. The bound is generous, not a timing assert.
    @discardableResult
    static func run(
        _ arguments: [String], stdin: String? = nil, environment: [String: String] = [:], in directory: URL? = nil, timeout: TimeInterval = 300
    ) throws -> Result {
        try execute(binary, arguments, stdin: Data((stdin ?? "").utf8), environment: environment, in: directory, timeout: timeout)
    }

    /// Runs `sh -c script` with `arguments` as `$0 $1 ...` (redirections and `ulimit` in the script),
    /// killed (SIGKILL) when still running after `timeout` seconds.
    static func runShell(_ script: String, arguments: [String], environment: [String: String] = [:], timeout: TimeInterval = 300) throws -> Result {
        try execute(URL(fileURLWithPath: "/bin/sh"), ["-c", script] + arguments, stdin: nil, environment: environment, in: nil, timeout: timeout)
    }

    /// One process, its output captured; `stdin` nil leaves standard input to the script.
    private static func execute(
        _ executable: URL, _ arguments: [String], stdin: Data?, environment: [String: String], in directory: URL?, timeout: TimeInterval
    ) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory ?? packageRoot
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = Pipe()
        let err = Pipe()
        let input = Pipe()
        process.standardOutput = out
        process.standardError = err
        if stdin != nil { process.standardInput = input }
        try process.run()
        let pid = process.processIdentifier
        let watchdog = DispatchWorkItem { if process.isRunning { kill(pid, SIGKILL) } }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: watchdog)
        defer { watchdog.cancel() }
        if let stdin {
            // A process that exits before reading its input (a usage error) closes the pipe: EPIPE
            // here is its early exit, which the status and output below show, not a harness crash.
            try? input.fileHandleForWriting.write(contentsOf: stdin)
            try? input.fileHandleForWriting.close()
        }
        let stdoutData = out.fileHandleForReading.readDataToEndOfFile()
        let stderrData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: stdoutData, as: UTF8.self), stderr: String(decoding: stderrData, as: UTF8.self))
    }

    static func temporaryFile(_ content: String, name: String = "doc.md") throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pd-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent(name)
        try content.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }
}
