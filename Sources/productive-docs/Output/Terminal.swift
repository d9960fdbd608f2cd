import Foundation
import Synchronization

/// Where results (stdout) and diagnostics (stderr) go, and whether colour is allowed.
struct Terminal: Sendable {
    let descriptor: Int32

    static let standardOutput = Terminal(descriptor: STDOUT_FILENO)
    static let standardError = Terminal(descriptor: STDERR_FILENO)

    /// The first write error on each output (descriptor → errno): `exitIfOutputFailed` turns it
    /// into exit 2. A write error never crashes the tool, and never stops a publish half way.
    private static let failures = Mutex<[Int32: Int32]>([:])

    func write(_ text: String) {
        write(Array(text.utf8))
    }

    /// Writes `bytes` as they are, straight to the file descriptor (no copy into `Data`).
    /// A write that fails (a closed pipe, a full disk, `/dev/full`) ends this output and is
    /// remembered for the exit status.
    func write(_ bytes: [UInt8]) {
        guard Self.failures.withLock({ $0[descriptor] == nil }) else { return }
        bytes.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress else { return }
            var offset = 0
            while offset < buffer.count {
                let written = Foundation.write(descriptor, base + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    let code = errno
                    Self.failures.withLock { $0[descriptor] = $0[descriptor] ?? code }
                    return
                }
                offset += written
            }
        }
    }

    /// After a command: when standard output or standard error could not be written, says so on
    /// standard error (if it still works) and exits with 2, so a script never takes a cut report
    /// for a whole one.
    static func exitIfOutputFailed() {
        let failed = failures.withLock { $0 }
        guard let (descriptor, code) = failed.min(by: { $0.key < $1.key }) else { return }
        let name = descriptor == STDOUT_FILENO ? "standard output" : "standard error"
        standardError.write("productive-docs: cannot write to \(name) (\(String(cString: strerror(code)))): the output is incomplete\n")
        Foundation.exit(2)
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
