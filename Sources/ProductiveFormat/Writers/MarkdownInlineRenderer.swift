/// The inline layer of the Markdown writer: marks as delimiters, escaping, line breaks, written
/// as bytes at the end of the block layer's buffer.
struct MarkdownInlineRenderer {
    enum Context {
        /// Soft and hard line breaks are kept.
        case paragraph
        /// One line: breaks become spaces.
        case heading
        /// One line, and `|` is escaped.
        case tableCell
    }

    /// Appends `inlines` to `out`. In a paragraph, each line is written whole: `firstPrefix` before
    /// the first, `linePrefix` before the others, a newline after each. Elsewhere the content is one
    /// line, written without prefix or newline.
    static func write(_ inlines: [Inline], context: Context, firstPrefix: [UInt8] = [], linePrefix: [UInt8] = [], to out: inout [UInt8]) {
        var renderer = MarkdownInlineRenderer(context: context, linePrefix: linePrefix)
        swap(&renderer.out, &out)
        renderer.startFirstLine(prefix: firstPrefix)
        for inline in Inline.normalizedRuns(inlines) {
            renderer.write(inline)
        }
        renderer.finish()
        swap(&renderer.out, &out)
    }

    private let context: Context
    private let linePrefix: [UInt8]
    private var out: [UInt8] = []
    private var stack = MarkStack()
    /// Where the current line begins (its prefix included) and where its content starts.
    private var lineBegin = 0
    private var lineStart = 0
    /// True once a paragraph line has been written whole.
    private var wroteLine = false

    private init(context: Context, linePrefix: [UInt8]) {
        self.context = context
        self.linePrefix = linePrefix
    }

    private var atLineStart: Bool { out.count == lineStart }

    private mutating func startFirstLine(prefix: [UInt8]) {
        lineBegin = out.count
        if context == .paragraph { out.append(contentsOf: prefix) }
        lineStart = out.count
    }

    private mutating func write(_ inline: Inline) {
        switch inline {
        case .text(let text, let marks):
            if isAutolink(text, marks) {
                move(to: Marks())
                out.append(UInt8(ascii: "<"))
                out.append(utf8: text)
                out.append(UInt8(ascii: ">"))
                return
            }
            move(to: marks)
            if marks.code {
                MarkdownEscaping.appendCodeSpan(text, inTable: context == .tableCell, to: &out)
            } else {
                writeText(text, inBrackets: marks.link != nil)
            }
        case .hardBreak:
            move(to: Marks())
            if context == .paragraph {
                out.append("  ")
                newline()
            } else {
                out.append(UInt8(ascii: " "))
            }
        case .image(let image, let marks):
            move(to: marks)
            out.append("![")
            MarkdownEscaping.appendText(image.alt, inBrackets: true, to: &out)
            out.append("](")
            MarkdownEscaping.appendDestination(image.source, to: &out)
            if let title = image.title {
                out.append(" \"")
                out.append(utf8: title.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\""))
                out.append("\"")
            }
            out.append(")")
        case .mention(let mention):
            move(to: Marks())
            writeText(mention.label)
        case .variable(let name):
            move(to: Marks())
            writeText("{{\(name)}}")
        }
    }

    /// A run that is its own link target, written `<target>`.
    private func isAutolink(_ text: String, _ marks: Marks) -> Bool {
        guard let link = marks.link, stack.open.isEmpty, marks == Marks(link: link) else { return false }
        let matches = link == text || link == "mailto:" + text
        guard matches else { return false }
        let ascii = withBytes(of: link) { !$0.contains { !isASCII($0) } } && withBytes(of: text) { !$0.contains { !isASCII($0) } }
        guard ascii else {
            return link.contains(":") && !text.contains(where: { $0 == "<" || $0 == ">" || $0.isWhitespace })
        }
        // ASCII: every byte is a character (a `\r\n` is two blanks either way).
        return withBytes(of: link) { $0.contains(UInt8(ascii: ":")) }
            && !withBytes(of: text) { $0.contains { $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">") || isASCIIWhitespace($0) } }
    }

    /// Closes and opens delimiters to move to `marks` (code spans are written whole, not as a delimiter).
    private mutating func move(to marks: Marks) {
        let change = stack.transition(to: marks, excluding: .code)
        writeDelimiters(change)
    }

    private mutating func writeDelimiters(_ change: MarkChange) {
        for mark in change.close {
            switch mark {
            case .link:
                out.append("](")
                MarkdownEscaping.appendDestination(change.closedLink ?? "", to: &out)
                out.append(")")
            default:
                out.append(delimiter(mark))
            }
        }
        for mark in change.open {
            out.append(mark == .link ? "[" : delimiter(mark))
        }
    }

    private func delimiter(_ mark: MarkSet) -> StaticString {
        switch mark {
        case .strong: "**"
        case .emphasis: "*"
        case .strike: "~~"
        default: ""
        }
    }

    /// Ends the current line. An empty line would end the paragraph: a line of only blanks is dropped.
    private mutating func newline() {
        if out[lineStart...].allSatisfy(isBlank) {
            out.removeSubrange(lineStart...)
            return
        }
        if context == .paragraph {
            out.append(UInt8(ascii: "\n"))
            wroteLine = true
            lineBegin = out.count
            out.append(contentsOf: linePrefix)
            lineStart = out.count
        } else {
            out.append(UInt8(ascii: " "))
        }
    }

    /// `inBrackets`: the text of a link (see `MarkdownEscaping.appendText`).
    private mutating func writeText(_ text: String, inBrackets: Bool = false) {
        withBytes(of: text) { bytes in
            let inTable = context == .tableCell
            var end = bytes.indexOfNewline(from: 0)
            if end == bytes.count && !(atLineStart && context == .paragraph) {
                MarkdownEscaping.appendText(bytes, atLineStart: false, inTable: inTable, inBrackets: inBrackets, to: &out)
                return
            }
            var start = 0
            while true {
                if start > 0 {
                    if context == .paragraph { trimTrailingBlanks() }
                    newline()
                }
                var segment = bytes.slice(start..<end)
                if atLineStart && context == .paragraph {
                    segment = segment.slice(leadingBlanks(of: segment)..<segment.count)
                }
                MarkdownEscaping.appendText(segment, atLineStart: atLineStart, inTable: inTable, inBrackets: inBrackets, to: &out)
                guard end < bytes.count else { return }
                start = end + 1
                end = bytes.indexOfNewline(from: start)
            }
        }
    }

    private mutating func finish() {
        writeDelimiters(stack.closeAll())
        trimTrailingBlanks()
        guard context == .paragraph else { return }
        if out.count > lineStart || !wroteLine {
            out.append(UInt8(ascii: "\n"))
        } else {
            out.removeSubrange(lineBegin...)
        }
    }

    /// Removes the spaces and tabs that end the current line, as characters: a blank joined to
    /// the character before it (after a non-ASCII byte) is checked on the decoded line.
    private mutating func trimTrailingBlanks() {
        while out.count > lineStart, let last = out.last, isBlank(last) {
            if out.count - 1 > lineStart, !isASCII(out[out.count - 2]) {
                let character = String(decoding: out[lineStart...], as: UTF8.self).last
                guard character == " " || character == "\t" else { return }
            }
            out.removeLast()
        }
    }

    /// How many bytes of leading spaces and tabs `segment` has, as characters (see `trimTrailingBlanks`).
    private func leadingBlanks(of segment: UnsafeBufferPointer<UInt8>) -> Int {
        var count = 0
        while count < segment.count, isBlank(segment[count]) {
            if count + 1 < segment.count, !isASCII(segment[count + 1]) {
                let character = String(decoding: segment.slice(count..<segment.count), as: UTF8.self).first
                guard character == " " || character == "\t" else { return count }
            }
            count += 1
        }
        return count
    }
}
