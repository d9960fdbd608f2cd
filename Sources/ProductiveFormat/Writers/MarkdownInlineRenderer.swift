import Foundation

/// The inline layer of the Markdown writer: marks as delimiters, escaping, line breaks.
enum MarkdownInlineRenderer {
    enum Context {
        /// Soft and hard line breaks are kept.
        case paragraph
        /// One line: breaks become spaces.
        case heading
        /// One line, and `|` is escaped.
        case tableCell
    }

    /// The inline content as lines (without the container prefix).
    static func lines(_ inlines: [Inline], context: Context) -> [String] {
        var state = State(context: context)
        for inline in normalized(inlines) {
            state.write(inline)
        }
        return state.finish()
    }

    /// Prepares runs for delimiters: no hard break at the edges or twice in a
    /// row, whitespace moved outside emphasis and strike (a delimiter next to
    /// a space does not open or close), adjacent equal runs merged.
    static func normalized(_ inlines: [Inline]) -> [Inline] {
        var result: [Inline] = []
        result.reserveCapacity(inlines.count)
        func append(_ inline: Inline) {
            if case .text(let text, let marks) = inline {
                if text.isEmpty { return }
                if case .text(let previous, let previousMarks)? = result.last, previousMarks == marks {
                    result[result.count - 1] = .text(previous + text, marks)
                    return
                }
            }
            if inline == .hardBreak, result.last == .hardBreak || result.isEmpty { return }
            result.append(inline)
        }
        for inline in inlines {
            guard case .text(let text, let marks) = inline, !marks.code,
                  marks.strong || marks.emphasis || marks.strike,
                  text.first?.isWhitespace == true || text.last?.isWhitespace == true
            else {
                append(inline)
                continue
            }
            var bare = marks
            bare.strong = false
            bare.emphasis = false
            bare.strike = false
            let core = text.trimmingWhitespace()
            if core.isEmpty {
                append(.text(text, bare))
                continue
            }
            let leading = text.prefix { $0.isWhitespace }
            let trailing = text.reversed().prefix { $0.isWhitespace }
            append(.text(String(leading), bare))
            append(.text(String(core), marks))
            append(.text(String(trailing.reversed()), bare))
        }
        while result.last == .hardBreak { result.removeLast() }
        return result
    }

    private struct State {
        let context: Context
        var lines: [String] = []
        var current = ""
        var stack = MarkStack()

        init(context: Context) {
            self.context = context
        }

        var atLineStart: Bool { current.isEmpty }

        mutating func write(_ inline: Inline) {
            switch inline {
            case .text(let text, let marks):
                if isAutolink(text, marks) {
                    transition(to: [])
                    current += "<\(text)>"
                    return
                }
                var kinds = marks.orderedKinds
                kinds.removeAll { $0 == .code }
                transition(to: kinds)
                if marks.code {
                    current += codeSpan(text, inTable: context == .tableCell)
                } else {
                    writeText(text)
                }
            case .hardBreak:
                transition(to: [])
                if context == .paragraph {
                    current += "  "
                    newline()
                } else {
                    current += " "
                }
            case .image(let image, let marks):
                transition(to: marks.orderedKinds.filter { $0 != .code })
                current += "![\(escapeInline(image.alt, atLineStart: false))](\(destination(image.source))"
                if let title = image.title {
                    current += " \"\(title.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\""))\""
                }
                current += ")"
            case .mention(let mention):
                transition(to: [])
                writeText(mention.label)
            case .variable(let name):
                transition(to: [])
                writeText("{{\(name)}}")
            }
        }

        private func isAutolink(_ text: String, _ marks: Marks) -> Bool {
            guard let link = marks.link, marks == Marks(link: link), stack.open.isEmpty else { return false }
            let matches = link == text || link == "mailto:" + text
            return matches && link.contains(":") && !text.contains(where: { $0 == "<" || $0 == ">" || $0.isWhitespace })
        }

        private mutating func transition(to kinds: [MarkKind]) {
            let change = stack.transition(to: kinds)
            for kind in change.close { current += closing(kind) }
            for kind in change.open { current += opening(kind) }
        }

        private mutating func newline() {
            // An empty line would end the paragraph: never write one.
            if current.allSatisfy({ $0 == " " || $0 == "\t" }) {
                current = ""
                return
            }
            if context == .paragraph {
                lines.append(current)
                current = ""
            } else {
                current += " "
            }
        }

        private mutating func writeText(_ text: String) {
            var first = true
            for segment in text.split(separator: "\n", omittingEmptySubsequences: false) {
                if !first {
                    if context == .paragraph {
                        while current.last == " " || current.last == "\t" { current.removeLast() }
                    }
                    newline()
                }
                first = false
                var segment = segment
                if atLineStart && context == .paragraph {
                    segment = segment.drop { $0 == " " || $0 == "\t" }
                }
                current += escapeInline(segment, atLineStart: atLineStart, inTable: context == .tableCell)
            }
        }

        mutating func finish() -> [String] {
            for kind in stack.closeAll() { current += closing(kind) }
            while current.last == " " || current.last == "\t" { current.removeLast() }
            if !current.isEmpty || lines.isEmpty { lines.append(current) }
            return lines
        }

        private func opening(_ kind: MarkKind) -> String {
            switch kind {
            case .link: "["
            case .strong: "**"
            case .emphasis: "*"
            case .strike: "~~"
            case .underline, .style, .code: ""
            }
        }

        private func closing(_ kind: MarkKind) -> String {
            switch kind {
            case .link(let href): "](\(destination(href)))"
            case .strong: "**"
            case .emphasis: "*"
            case .strike: "~~"
            case .underline, .style, .code: ""
            }
        }
    }

    /// A code span that holds `text` exactly. In a table cell, `|` is escaped
    /// even here: GFM splits cells before it reads code spans.
    static func codeSpan(_ text: String, inTable: Bool = false) -> String {
        var text = text.replacingOccurrences(of: "\n", with: " ")
        if inTable { text = text.replacingOccurrences(of: "|", with: "\\|") }
        var longest = 0
        var run = 0
        for byte in text.utf8 {
            run = byte == UInt8(ascii: "`") ? run + 1 : 0
            longest = max(longest, run)
        }
        let ticks = String(repeating: "`", count: longest + 1)
        let pad = text.hasPrefix("`") || text.hasSuffix("`")
            || (text.hasPrefix(" ") && text.hasSuffix(" ") && text.contains { $0 != " " })
        return ticks + (pad ? " " : "") + text + (pad ? " " : "") + ticks
    }

    /// A link or image destination that cmark reads back unchanged.
    static func destination(_ url: String) -> String {
        var depth = 0
        var balanced = true
        var needsAngles = url.isEmpty
        for scalar in url.unicodeScalars {
            switch scalar {
            case "(": depth += 1
            case ")":
                depth -= 1
                if depth < 0 { balanced = false }
            case " ", "<", ">", "\t", "\n", "\r": needsAngles = true
            default:
                if scalar.value < 0x20 { needsAngles = true }
            }
        }
        if !balanced || depth != 0 { needsAngles = true }
        var out = ""
        for (index, scalar) in zip(url.unicodeScalars.indices, url.unicodeScalars) {
            switch scalar {
            case "\\": out += "\\\\"
            case "<", ">": out += "\\\(scalar)"
            case "\n": out += "%0A"
            case "&" where looksLikeEntity(url.unicodeScalars[index...]): out += "\\&"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return needsAngles ? "<\(out)>" : out
    }
}

/// Escapes text so cmark-gfm reads it back as the same text.
func escapeInline<S: StringProtocol>(_ text: S, atLineStart: Bool, inTable: Bool = false) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count + 8)
    let scalars = text.unicodeScalars
    var index = scalars.startIndex
    if atLineStart, index < scalars.endIndex {
        let first = scalars[index]
        switch first {
        case "#", ">", "-", "+", "=":
            out += "\\"
        case "0"..."9":
            var digits = scalars[index...].prefix { ("0"..."9").contains($0) }.count
            let after = scalars.index(index, offsetBy: digits)
            if digits <= 9, after < scalars.endIndex, scalars[after] == "." || scalars[after] == ")" {
                while digits > 0 {
                    out.unicodeScalars.append(scalars[index])
                    index = scalars.index(after: index)
                    digits -= 1
                }
                out += "\\"
            }
        default:
            break
        }
    }
    while index < scalars.endIndex {
        let scalar = scalars[index]
        switch scalar {
        case "\\", "`", "*", "_", "[", "]", "<", "~":
            out += "\\"
            out.unicodeScalars.append(scalar)
        case "|" where inTable:
            out += "\\|"
        case "&" where looksLikeEntity(scalars[index...]):
            out += "\\&"
        case "!" where scalars.index(after: index) == scalars.endIndex || scalars[scalars.index(after: index)] == "[":
            // `!` before a link's `[` (in this run or the next) would make an image.
            out += "\\!"
        default:
            out.unicodeScalars.append(scalar)
        }
        index = scalars.index(after: index)
    }
    return out
}

/// True when the text starts with something cmark could read as an entity (`&name;`, `&#12;`).
func looksLikeEntity<S: Collection>(_ scalars: S) -> Bool where S.Element == Unicode.Scalar {
    var iterator = scalars.dropFirst().makeIterator()
    var count = 0
    while let scalar = iterator.next(), count <= 32 {
        if scalar == ";" { return count > 0 }
        guard scalar.properties.isASCIIHexDigit || ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
                || ("0"..."9").contains(scalar) || scalar == "#" else { return false }
        count += 1
    }
    return false
}

extension StringProtocol {
    /// The text without leading and trailing whitespace and newlines.
    public func trimmingWhitespace() -> Substring {
        let sub = self[...]
        guard let start = sub.firstIndex(where: { !$0.isWhitespace }),
              let end = sub.lastIndex(where: { !$0.isWhitespace }) else { return Substring("") }
        return Substring(sub[start...end])
    }
}
