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
        for inline in Inline.normalizedRuns(inlines) {
            state.write(inline)
        }
        return state.finish()
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
            if !text.utf8.contains(UInt8(ascii: "\n")) && !(atLineStart && context == .paragraph) {
                current += escapeInline(text, atLineStart: false, inTable: context == .tableCell)
                return
            }
            var first = true
            text.forEachLine { segment in
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
        var text = text
        if text.utf8.contains(UInt8(ascii: "\n")) { text = text.replacingOccurrences(of: "\n", with: " ") }
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
            case "&" where looksLikeEntity(url.utf8[index...].dropFirst()): out += "\\&"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return needsAngles ? "<\(out)>" : out
    }
}

/// Escapes text so cmark-gfm reads it back as the same text.
///
/// Works on UTF-8 bytes: every character that needs escaping is ASCII, so the
/// text between two of them is copied whole.
func escapeInline<S: StringProtocol>(_ text: S, atLineStart: Bool, inTable: Bool = false) -> String {
    let utf8 = text.utf8
    var out = ""
    var copied = utf8.startIndex
    var index = utf8.startIndex
    if atLineStart, let first = utf8.first {
        switch first {
        case UInt8(ascii: "#"), UInt8(ascii: ">"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "="):
            out += "\\"
        case UInt8(ascii: "0")...UInt8(ascii: "9"):
            // `12.` or `12)` would start an ordered list: escape the delimiter.
            var cursor = index
            var digits = 0
            while cursor != utf8.endIndex, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(utf8[cursor]) {
                digits += 1
                cursor = utf8.index(after: cursor)
            }
            if digits <= 9, cursor != utf8.endIndex, utf8[cursor] == UInt8(ascii: ".") || utf8[cursor] == UInt8(ascii: ")") {
                out.append(contentsOf: text[copied..<cursor])
                out += "\\"
                copied = cursor
                index = cursor
            }
        default:
            break
        }
    }
    while index != utf8.endIndex {
        let byte = utf8[index]
        let next = utf8.index(after: index)
        let escape: Bool
        switch byte {
        case UInt8(ascii: "\\"), UInt8(ascii: "`"), UInt8(ascii: "*"), UInt8(ascii: "_"), UInt8(ascii: "["),
             UInt8(ascii: "]"), UInt8(ascii: "<"), UInt8(ascii: "~"):
            escape = true
        case UInt8(ascii: "|"):
            escape = inTable
        case UInt8(ascii: "&"):
            escape = looksLikeEntity(utf8[next...])
        case UInt8(ascii: "!"):
            // `!` before a link's `[` (in this run or the next) would make an image.
            escape = next == utf8.endIndex || utf8[next] == UInt8(ascii: "[")
        default:
            escape = false
        }
        if escape {
            out.append(contentsOf: text[copied..<index])
            out += "\\"
            copied = index
        }
        index = next
    }
    if copied == utf8.startIndex { return out + text }
    out.append(contentsOf: text[copied..<utf8.endIndex])
    return out
}

/// True when the bytes after an `&` could make cmark read an entity (`name;`, `#12;`).
func looksLikeEntity<C: Collection>(_ bytes: C) -> Bool where C.Element == UInt8 {
    var count = 0
    for byte in bytes {
        if byte == UInt8(ascii: ";") { return count > 0 }
        let isNameByte = (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "#")
        guard isNameByte, count < 32 else { return false }
        count += 1
    }
    return false
}

extension StringProtocol where SubSequence == Substring {
    /// Calls `body` with each line (without its `\n`), the last one too even when empty.
    /// Splits on UTF-8 bytes: much faster than splitting on characters.
    func forEachLine(_ body: (Substring) -> Void) {
        let utf8 = self.utf8
        var start = utf8.startIndex
        while true {
            let end = utf8[start...].firstIndex(of: UInt8(ascii: "\n")) ?? utf8.endIndex
            body(self[start..<end])
            guard end != utf8.endIndex else { return }
            start = utf8.index(after: end)
        }
    }
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
