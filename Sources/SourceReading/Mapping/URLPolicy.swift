import ProductiveFormat

/// What the element set accepts as link and image targets.
enum URLPolicy {
    /// `javascript:`, `vbscript:` and `data:` URLs, however they are spaced or cased.
    static func isUnsafe(_ url: String) -> Bool {
        let compact = String(url.unicodeScalars.filter { $0.value > 0x20 }.map(Character.init)).lowercased()
        return compact.hasPrefix("javascript:") || compact.hasPrefix("vbscript:") || compact.hasPrefix("data:")
    }

    /// Absolute http(s) URL: the only image source Productive documents.
    static func isAbsoluteHTTP(_ url: String) -> Bool {
        let lower = url.lowercased()
        return lower.hasPrefix("http://") || lower.hasPrefix("https://")
    }

    /// True when `url` starts with a scheme (`ftp:`, `mailto:`), not a path.
    static func hasScheme(_ url: String) -> Bool {
        let scheme = url.prefix { $0 != ":" && $0 != "/" && $0 != "?" && $0 != "#" }
        return !scheme.isEmpty && scheme.count < url.count && url[scheme.endIndex] == ":"
    }

    /// True for `file:` URLs, which point into someone's disk.
    static func isFileURL(_ url: String) -> Bool {
        String(url.unicodeScalars.filter { $0.value > 0x20 }.map(Character.init)).lowercased().hasPrefix("file:")
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

