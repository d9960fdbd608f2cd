import Foundation

/// What a name in the docs folder is, and whether its name can be a page's: only regular files are
/// ever opened (a named pipe would hang the run), and a name must be one the manifest can hold.
public enum FileKind: Equatable, Sendable {
    case regular
    case folder
    /// A named pipe, a device, a socket, a dangling link: in words, for a finding.
    case other(String)

    /// A file larger than this is not published (`PD910`): no reader can use such a page, and
    /// converting it costs memory many times its size.
    public static let maximumPageBytes = 16 << 20

    /// The kind of what `path` names, links followed.
    public static func of(_ path: String) -> FileKind {
        var status = stat()
        guard stat(path, &status) == 0 else { return .other("a broken symbolic link or an unreadable name") }
        switch status.st_mode & S_IFMT {
        case S_IFREG: return .regular
        case S_IFDIR: return .folder
        case S_IFIFO: return .other("a named pipe")
        case S_IFCHR, S_IFBLK: return .other("a device")
        case S_IFSOCK: return .other("a socket")
        default: return .other("not a regular file")
        }
    }

    /// True when `path` itself (not what it points at) is a symbolic link.
    public static func isSymbolicLink(_ path: String) -> Bool {
        var status = stat()
        return lstat(path, &status) == 0 && status.st_mode & S_IFMT == S_IFLNK
    }

    /// Why a relative path cannot be a page's name (a manifest key), or nil when it can.
    public static func nameProblem(_ relative: String) -> String? {
        guard !ManifestValidation.isValidKey(relative) else { return nil }
        return "the name `\(Printable.escaped(relative))` holds a control character or a backslash, which a manifest key cannot: not published; rename the file"
    }

    /// Names that are the same after Unicode normalisation but not byte for byte (`café.md` as NFC
    /// and as NFD), each with the finding that names its twin.
    public static func twins(_ paths: [String]) -> [(String, String)] {
        // Swift strings compare by canonical equivalence: grouping by the string groups the twins.
        let groups = Dictionary(grouping: paths) { $0 }
        var result: [(String, String)] = []
        for group in groups.values where Set(group.map { Array($0.utf8) }).count > 1 {
            let named = group.map { "`\(Printable.escaped($0))` (\(form(of: $0)))" }.joined(separator: " and ")
            for path in group {
                result.append((path, "\(named) are the same name after Unicode normalisation: neither is published; rename one"))
            }
        }
        return result.sorted { Array($0.0.utf8).lexicographicallyPrecedes(Array($1.0.utf8)) }
    }

    private static func form(of path: String) -> String {
        let bytes = Array(path.utf8)
        if bytes == Array(path.precomposedStringWithCanonicalMapping.utf8) { return "NFC" }
        if bytes == Array(path.decomposedStringWithCanonicalMapping.utf8) { return "NFD" }
        return "mixed"
    }
}
