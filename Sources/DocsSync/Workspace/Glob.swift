import Foundation

/// A path glob: `*` matches within a folder name, `?` one character, `**` any number of folders.
struct Glob: Sendable {
    let pattern: String
    private let regex: NSRegularExpression?

    init(_ pattern: String) {
        self.pattern = pattern
        var expression = "^"
        var characters = Array(pattern)
        if characters.first == "/" { characters.removeFirst() }
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if character == "*", index + 1 < characters.count, characters[index + 1] == "*" {
                let followedBySlash = index + 2 < characters.count && characters[index + 2] == "/"
                expression += followedBySlash ? "(?:.*/)?" : ".*"
                index += followedBySlash ? 3 : 2
                continue
            }
            switch character {
            case "*": expression += "[^/]*"
            case "?": expression += "[^/]"
            default: expression += NSRegularExpression.escapedPattern(for: String(character))
            }
            index += 1
        }
        // A pattern without a slash matches the name in any folder, like .gitignore.
        if !pattern.contains("/") { expression = "^(?:.*/)?" + expression.dropFirst() }
        regex = try? NSRegularExpression(pattern: expression + "$")
    }

    /// The glob of `pattern`, compiled once per process: the folder commands ask for every file,
    /// and compiling the regular expression costs about 100,000 instructions.
    static func cached(_ pattern: String) -> Glob {
        GlobCache.shared.glob(pattern)
    }

    func matches(_ path: String) -> Bool {
        guard let regex else { return false }
        return regex.firstMatch(in: path, range: NSRange(path.startIndex..., in: path)) != nil
    }
}

/// Compiled globs by pattern (`Glob.cached`), shared by every thread.
private final class GlobCache: @unchecked Sendable {
    static let shared = GlobCache()
    private let lock = NSLock()
    private var globs: [String: Glob] = [:]

    func glob(_ pattern: String) -> Glob {
        if let known = lock.withLock({ globs[pattern] }) { return known }
        let glob = Glob(pattern)
        lock.withLock { globs[pattern] = glob }
        return glob
    }
}
