import ProductiveFormat

/// What the element set accepts as link and image targets.
enum URLPolicy {
    /// `javascript:`, `vbscript:` and `data:` URLs, however they are spaced or cased.
    static func isUnsafe(_ url: String) -> Bool {
        for prefix: StaticString in ["javascript:", "vbscript:", "data:"] {
            switch prefixMatch(url, prefix, ignoringSpaces: true) {
            case .no: continue
            case .yes: return true
            case .undecided: if compact(url).hasPrefix(prefix.description) { return true }
            }
        }
        return false
    }

    /// Absolute http(s) URL: the only image source Productive documents.
    static func isAbsoluteHTTP(_ url: String) -> Bool {
        for prefix: StaticString in ["http://", "https://"] {
            switch prefixMatch(url, prefix, ignoringSpaces: false) {
            case .no: continue
            case .yes: return true
            case .undecided: if url.lowercased().hasPrefix(prefix.description) { return true }
            }
        }
        return false
    }

    /// True when `url` starts with a scheme (`ftp:`, `mailto:`), not a path.
    static func hasScheme(_ url: String) -> Bool {
        let scheme = url.prefix { $0 != ":" && $0 != "/" && $0 != "?" && $0 != "#" }
        return !scheme.isEmpty && scheme.count < url.count && url[scheme.endIndex] == ":"
    }

    /// True for `file:` URLs, which point into someone's disk.
    static func isFileURL(_ url: String) -> Bool {
        switch prefixMatch(url, "file:", ignoringSpaces: true) {
        case .no: false
        case .yes: true
        case .undecided: compact(url).hasPrefix("file:")
        }
    }

    /// `url` without spaces and control characters (U+0000 to U+0020), lowercased.
    private static func compact(_ url: String) -> String {
        String(url.unicodeScalars.filter { $0.value > 0x20 }.map(Character.init)).lowercased()
    }

    enum PrefixMatch { case no, yes, undecided }

    /// Whether `url` (without bytes up to 0x20 when `ignoringSpaces`), its ASCII letters lowercased,
    /// starts with the lowercase ASCII `prefix`, decided on UTF-8 bytes: what comparing lowercased
    /// Strings answers, without making any. Undecided when a non-ASCII byte follows the prefix:
    /// a combining mark there joins the prefix's last character, and Characters then differ.
    /// (No other character lowercases to one of the ASCII letters these prefixes hold.)
    static func prefixMatch(_ url: String, _ prefix: StaticString, ignoringSpaces: Bool) -> PrefixMatch {
        prefix.withUTF8Buffer { expected in
            var matched = 0
            for byte in url.utf8 {
                if ignoringSpaces, byte <= 0x20 { continue }
                if matched == expected.count { return byte < 0x80 ? .yes : .undecided }
                let lower = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
                guard lower == expected[matched] else { return .no }
                matched += 1
            }
            return matched == expected.count ? .yes : .no
        }
    }

    /// A relative or root-relative `path` joined to `base` as a browser would: relative to the folder of
    /// `sourcePath` (the Markdown file, relative to the docs root), root-relative (`/img/a.png`) to the
    /// docs root, `.` and `..` collapsed, query and fragment kept. Nil when the path climbs above the base.
    static func resolve(_ path: String, against base: String, sourcePath: String?) -> String? {
        let end = path.firstIndex { $0 == "?" || $0 == "#" } ?? path.endIndex
        guard let segments = joinedSegments(path[..<end], sourcePath: sourcePath) else { return nil }
        return (base.hasSuffix("/") ? base : base + "/") + segments.joined(separator: "/") + path[end...]
    }

    /// The segments of `path` from the docs root, or nil when `..` climbs above it.
    static func joinedSegments(_ path: Substring, sourcePath: String?) -> [Substring]? {
        var segments: [Substring] = []
        if !path.hasPrefix("/"), let sourcePath {
            segments = sourcePath.split(separator: "/").dropLast().filter { $0 != "." }
        }
        for segment in path.split(separator: "/") where segment != "." {
            if segment == ".." {
                guard !segments.isEmpty else { return nil }
                segments.removeLast()
            } else {
                segments.append(segment)
            }
        }
        return segments
    }

    /// A root-relative link (`/guide/x.md`) rewritten relative to the folder of `sourcePath`
    /// (`../guide/x.md` from `ops/run.md`), so it resolves against the docs root.
    static func relativeToSource(rootRelative url: String, sourcePath: String?) -> String {
        let depth = max(0, (sourcePath?.split(separator: "/").filter { $0 != "." }.count ?? 1) - 1)
        return String(repeating: "../", count: depth) + url.drop { $0 == "/" }
    }
}

/// Reads the CSS declarations the element set knows from a `style` attribute.
struct InlineStyle {
    var textAlign: Alignment?
    var color: String?
    var backgroundColor: String?

    init(_ style: String?) {
        guard let style else { return }
        for declaration in style.split(separator: ";") {
            let parts = declaration.split(separator: ":", maxSplits: 1)
            guard parts.count == 2 else { continue }
            let name = parts[0].trimmingWhitespace().lowercased()
            let value = String(parts[1].trimmingWhitespace())
            let lowered = value.lowercased()
            guard !value.isEmpty, value.allSatisfy(Self.isSafeValueCharacter),
                  !lowered.contains("url("), !lowered.contains("expression(") else { continue }
            switch name {
            case "text-align": textAlign = Alignment(rawValue: value.lowercased())
            case "color": color = value
            case "background-color", "background": backgroundColor = value
            default: break
            }
        }
    }

    /// Colours and keywords only: no `url(...)` or `expression(...)` sneaks through.
    private static func isSafeValueCharacter(_ character: Character) -> Bool {
        character.isLetter || character.isNumber || " #,.%-".contains(character) || character == "(" || character == ")"
    }
}

