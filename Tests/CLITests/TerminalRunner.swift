import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs the built binary with its standard output on a pseudo-terminal, as in an interactive shell,
/// to see whether it colours its output.
enum TerminalRunner {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Standard output as the terminal showed it (line ends become `\r\n`), and the exit status.
    static func run(_ arguments: [String], environment: [String: String], in directory: URL) throws -> (status: Int32, output: String) {
        let primary = posix_openpt(O_RDWR | O_NOCTTY)
        guard primary >= 0 else { throw Failure(description: "posix_openpt failed: errno \(errno)") }
        defer { close(primary) }
        guard grantpt(primary) == 0, unlockpt(primary) == 0, let name = ptsname(primary) else {
            throw Failure(description: "cannot set up the pseudo-terminal: errno \(errno)")
        }
        let secondary = open(name, O_RDWR | O_NOCTTY)
        guard secondary >= 0 else { throw Failure(description: "cannot open \(String(cString: name)): errno \(errno)") }
        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.environment = environment
        process.standardOutput = FileHandle(fileDescriptor: secondary, closeOnDealloc: false)
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        close(secondary)
        var output: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(primary, &buffer, buffer.count)
            if count <= 0 { break }
            output += buffer[0..<count]
        }
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }

    /// The environment of this test process with colour allowed: `TERM=xterm`, no `NO_COLOR`.
    static var colourEnvironment: [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = nil
        environment["TERM"] = "xterm-256color"
        return environment
    }
}
