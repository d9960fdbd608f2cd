import Foundation

/// Where a reported file is, for the formats that locate files for another tool (SARIF, GitLab):
/// relative to the working directory when it is inside it, absolute otherwise.
enum ReportPath: Equatable {
    /// A POSIX path relative to the working directory, without `.` or `..` segments.
    case relative(String)
    /// An absolute POSIX path, outside the working directory.
    case absolute(String)
    /// Standard input (`-`).
    case standardInput

    /// The display path's location (`<stdin>` is standard input).
    init(_ displayPath: String, workingDirectory: String) {
        if displayPath == InputFile.standardInputName {
            self = .standardInput
            return
        }
        let directory = URL(fileURLWithPath: workingDirectory).standardizedFileURL.path
        let absolute = displayPath.hasPrefix("/") ? displayPath : directory + "/" + displayPath
        let path = URL(fileURLWithPath: absolute).standardizedFileURL.path
        let prefix = directory.hasSuffix("/") ? directory : directory + "/"
        self = path.hasPrefix(prefix) ? .relative(String(path.dropFirst(prefix.count))) : .absolute(path)
    }

    /// The path as a plain string: relative, absolute, or `<stdin>`.
    var path: String {
        switch self {
        case .relative(let path), .absolute(let path): path
        case .standardInput: InputFile.standardInputName
        }
    }

    /// `path` percent-encoded for a URI: every byte outside RFC 3986's unreserved characters, a few
    /// sub-delimiters and `/` is escaped (so spaces, `#`, `?`, `%`, `:` and non-ASCII are).
    static func percentEncoded(_ path: String) -> String {
        var out = ""
        for byte in path.utf8 {
            if allowed.contains(byte) {
                out.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return out
    }

    private static let allowed: Set<UInt8> = Set(
        Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&'()*+,;=@/".utf8)
    )
}

private extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
