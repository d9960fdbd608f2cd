import Foundation

/// Where results (stdout) and diagnostics (stderr) go, and whether colour is allowed.
struct Terminal: Sendable {
    let handle: FileHandle
    let descriptor: Int32

    static let standardOutput = Terminal(handle: .standardOutput, descriptor: STDOUT_FILENO)
    static let standardError = Terminal(handle: .standardError, descriptor: STDERR_FILENO)

    func write(_ text: String) {
        handle.write(Data(text.utf8))
    }

    /// Writes `bytes` as they are, straight to the file descriptor (no copy into `Data`).
    /// A write that fails (a closed pipe) ends the output.
    func write(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Foundation.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return
                }
                offset += written
            }
        }
    }

    /// True on an interactive terminal.
    var isTTY: Bool { isatty(descriptor) == 1 }

    /// Colour only on a terminal that can show it: never with `NO_COLOR` set (any value,
    /// see no-color.org) or `TERM=dumb`.
    var usesColor: Bool {
        Self.allowsColor(isTTY: isTTY, environment: ProcessInfo.processInfo.environment)
    }

    static func allowsColor(isTTY: Bool, environment: [String: String]) -> Bool {
        isTTY && environment["NO_COLOR"] == nil && environment["TERM"] != "dumb"
    }
}
