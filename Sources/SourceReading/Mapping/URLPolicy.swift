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

    /// `base` + `path`, with exactly one slash between them.
    static func resolve(_ path: String, against base: String) -> String {
        var path = Substring(path)
        while path.hasPrefix("./") { path = path.dropFirst(2) }
        while path.hasPrefix("/") { path = path.dropFirst() }
        return (base.hasSuffix("/") ? base : base + "/") + path
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

