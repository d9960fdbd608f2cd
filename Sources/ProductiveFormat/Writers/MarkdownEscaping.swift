/// The escaping of Markdown text, code spans and destinations, on UTF-8 bytes.
///
/// Every character that needs escaping is ASCII, so the text between two of them is copied whole.
enum MarkdownEscaping {
    private static let plain: UInt8 = 0
    private static let always: UInt8 = 1
    private static let pipe: UInt8 = 2
    private static let ampersand: UInt8 = 3
    private static let bang: UInt8 = 4
    private static let control: UInt8 = 5
    /// `C2`, the first byte of a C1 control (U+0080–U+009F) when the next is `80`–`9F`.
    private static let c1Lead: UInt8 = 6
    /// `:` and `.`: the ends of what cmark-gfm's autolink extension would make a link of (see
    /// `opensWebLink`).
    private static let colon: UInt8 = 7
    private static let dot: UInt8 = 8

    /// What each byte of text needs: `plain` bytes are copied as they are.
    private static let classes: [UInt8] = {
        var table = [UInt8](repeating: plain, count: 256)
        for byte in "\\`*_[]<~".utf8 { table[Int(byte)] = always }
        table[Int(UInt8(ascii: "|"))] = pipe
        table[Int(UInt8(ascii: "&"))] = ampersand
        table[Int(UInt8(ascii: "!"))] = bang
        // Control characters (ESC, BEL, DEL, and the C1 ones such as U+0085) as numeric references:
        // cmark-gfm reads the same character back, and no file or terminal ever gets them raw. Tab,
        // line feed and carriage return stay.
        for byte in UInt8(0x01)...UInt8(0x1F) where byte != 0x09 && byte != 0x0A && byte != 0x0D { table[Int(byte)] = control }
        table[0x7F] = control
        table[0xC2] = c1Lead
        table[Int(UInt8(ascii: ":"))] = colon
        table[Int(UInt8(ascii: "."))] = dot
        return table
    }()

    /// Appends `text` escaped so cmark-gfm reads it back as the same text. At the start of a line,
    /// what would open a block (`#`, `>`, `-`, `+`, `=`, `12.`) is escaped too; in a table cell, `|`;
    /// outside brackets (`inBrackets` false: not a link's text or an image's alt), the start of what
    /// the autolink extension would make a web link of (`opensWebLink`).
    static func appendText(_ text: UnsafeBufferPointer<UInt8>, atLineStart: Bool, inTable: Bool, inBrackets: Bool = false, to out: inout [UInt8]) {
        let count = text.count
        var copied = atLineStart ? escapeLineStart(text, to: &out) : 0
        var index = copied
        classes.withUnsafeBufferPointer { classes in
            while index < count {
                let kind = classes[Int(text[index])]
                if kind == plain {
                    index += 1
                    continue
                }
                if kind == control {
                    out.append(contentsOf: text.slice(copied..<index))
                    out.append(contentsOf: Array("&#x\(String(text[index], radix: 16, uppercase: true));".utf8))
                    index += 1
                    copied = index
                    continue
                }
                if kind == c1Lead {
                    guard index + 1 < count, (0x80...0x9F).contains(text[index + 1]) else {
                        index += 1
                        continue
                    }
                    out.append(contentsOf: text.slice(copied..<index))
                    out.append(contentsOf: Array("&#x\(String(text[index + 1], radix: 16, uppercase: true));".utf8))
                    index += 2
                    copied = index
                    continue
                }
                let escape: Bool
                switch kind {
                case always: escape = true
                case pipe: escape = inTable
                case ampersand: escape = looksLikeEntity(text.slice(index + 1..<count))
                case colon, dot: escape = !inBrackets && opensWebLink(text, at: index)
                default:
                    // `!` before a link's `[` (in this run or the next) would make an image.
                    escape = index + 1 == count || text[index + 1] == UInt8(ascii: "[")
                }
                if escape {
                    out.append(contentsOf: text.slice(copied..<index))
                    out.append(UInt8(ascii: "\\"))
                    copied = index
                }
                index += 1
            }
        }
        out.append(contentsOf: text.slice(copied..<count))
    }

    /// True when the `:` or `.` at `index` ends what cmark-gfm's autolink extension reads as the
    /// start of a web link: `http://`, `https://` or `ftp://` (any case) after no letter, or `www.`
    /// after neither a letter nor a digit (the extension never links inside brackets). Such text is
    /// plain in the document (the source escaped it, `https\://`, or it is the text of raw HTML),
    /// and Productive, which reads Markdown with the extension, would store a link: the `:` or `.`
    /// is escaped, which the extension never matches through. The start of the run counts as such
    /// a start; a few texts the extension would not link (no valid domain after) are escaped too,
    /// which reads back the same.
    private static func opensWebLink(_ text: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        func isLetter(_ byte: UInt8) -> Bool { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20) }
        /// True when `word` (lowercase) ends at `end`, in any case, and what comes before it passes `boundary`.
        func endsWith(_ word: StaticString, at end: Int, boundary: (UInt8) -> Bool) -> Bool {
            let length = word.utf8CodeUnitCount
            guard end >= length else { return false }
            let start = end - length
            for offset in 0..<length where text[start + offset] | 0x20 != word.utf8Start[offset] { return false }
            return start == 0 || boundary(text[start - 1])
        }
        if text[index] == UInt8(ascii: ".") {
            return endsWith("www", at: index) { !isLetter($0) && !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
        }
        guard index + 2 < text.count, text[index + 1] == UInt8(ascii: "/"), text[index + 2] == UInt8(ascii: "/") else { return false }
        return endsWith("http", at: index) { !isLetter($0) } || endsWith("https", at: index) { !isLetter($0) }
            || endsWith("ftp", at: index) { !isLetter($0) }
    }

    /// Escapes what would open a block at the start of a line (`#`, `>`, `-`, `+`, `=`, `12.`):
    /// appends the escape (and, for a number, the digits before it); returns how many bytes of
    /// `text` are appended.
    private static func escapeLineStart(_ text: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) -> Int {
        guard let first = text.first else { return 0 }
        switch first {
        case UInt8(ascii: "#"), UInt8(ascii: ">"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "="):
            out.append(UInt8(ascii: "\\"))
            return 0
        case UInt8(ascii: "0")...UInt8(ascii: "9"):
            // `12.` or `12)` would start an ordered list: escape the delimiter.
            var cursor = 0
            while cursor < text.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(text[cursor]) { cursor += 1 }
            guard cursor <= 9, cursor < text.count, text[cursor] == UInt8(ascii: ".") || text[cursor] == UInt8(ascii: ")") else { return 0 }
            out.append(contentsOf: text.slice(0..<cursor))
            out.append(UInt8(ascii: "\\"))
            return cursor
        default:
            return 0
        }
    }

    /// Appends `text` escaped (see `appendText(_:atLineStart:inTable:inBrackets:to:)`).
    static func appendText(_ text: String, atLineStart: Bool = false, inTable: Bool = false, inBrackets: Bool = false, to out: inout [UInt8]) {
        withBytes(of: text) { appendText($0, atLineStart: atLineStart, inTable: inTable, inBrackets: inBrackets, to: &out) }
    }

    /// Appends a code span that holds `text` exactly, but for its control characters, which a code
    /// span cannot escape: they are written as their pictures (`ControlPictures`). In a table
    /// cell, `|` is escaped even here: GFM splits cells before it reads code spans.
    static func appendCodeSpan(_ text: String, inTable: Bool, to out: inout [UInt8]) {
        withBytes(of: ControlPictures.replacing(text)) { bytes in
            let changes = bytes.contains(UInt8(ascii: "\n")) || (inTable && bytes.contains(UInt8(ascii: "|")))
            guard changes else { return appendCodeSpan(content: bytes, to: &out) }
            var content: [UInt8] = []
            content.reserveCapacity(bytes.count + 8)
            for byte in bytes {
                switch byte {
                case UInt8(ascii: "\n"): content.append(UInt8(ascii: " "))
                case UInt8(ascii: "|") where inTable: content.append("\\|")
                default: content.append(byte)
                }
            }
            content.withUnsafeBufferPointer { appendCodeSpan(content: $0, to: &out) }
        }
    }

    /// Appends the backticks, the padding cmark strips, and `content` as it is.
    private static func appendCodeSpan(content: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        var longest = 0
        var run = 0
        for byte in content {
            run = byte == UInt8(ascii: "`") ? run + 1 : 0
            longest = max(longest, run)
        }
        let pad = needsPadding(content)
        out.append(UInt8(ascii: "`"), count: longest + 1)
        if pad { out.append(UInt8(ascii: " ")) }
        out.append(contentsOf: content)
        if pad { out.append(UInt8(ascii: " ")) }
        out.append(UInt8(ascii: "`"), count: longest + 1)
    }

    /// True when the code span's content starts or ends with a backtick, or both starts and ends
    /// with a space and is not only spaces. Compares characters as Swift does, so a byte next to
    /// a non-ASCII one is decided on the decoded text.
    private static func needsPadding(_ content: UnsafeBufferPointer<UInt8>) -> Bool {
        let count = content.count
        guard count > 0 else { return false }
        let edgesAreASCII = content.prefix(2).allSatisfy(isASCII) && content.suffix(2).allSatisfy(isASCII)
        guard edgesAreASCII else {
            let text = String(decoding: content, as: UTF8.self)
            return text.hasPrefix("`") || text.hasSuffix("`")
                || (text.hasPrefix(" ") && text.hasSuffix(" ") && text.contains { $0 != " " })
        }
        let first = content[0]
        let last = content[count - 1]
        if first == UInt8(ascii: "`") || last == UInt8(ascii: "`") { return true }
        return first == UInt8(ascii: " ") && last == UInt8(ascii: " ") && content.contains { $0 != UInt8(ascii: " ") }
    }

    /// Appends a link or image destination that cmark reads back unchanged.
    static func appendDestination(_ url: String, to out: inout [UInt8]) {
        withBytes(of: url) { bytes in
            var depth = 0
            var balanced = true
            var needsAngles = bytes.isEmpty
            for byte in bytes {
                switch byte {
                case UInt8(ascii: "("): depth += 1
                case UInt8(ascii: ")"):
                    depth -= 1
                    if depth < 0 { balanced = false }
                case UInt8(ascii: " "), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                    needsAngles = true
                default:
                    if byte < 0x20 { needsAngles = true }
                }
            }
            if !balanced || depth != 0 { needsAngles = true }
            if needsAngles { out.append(UInt8(ascii: "<")) }
            var copied = 0
            for (index, byte) in bytes.enumerated() {
                let replacement: StaticString
                switch byte {
                case UInt8(ascii: "\\"): replacement = "\\\\"
                case UInt8(ascii: "<"): replacement = "\\<"
                case UInt8(ascii: ">"): replacement = "\\>"
                case UInt8(ascii: "\n"): replacement = "%0A"
                case UInt8(ascii: "&") where looksLikeEntity(bytes.slice(index + 1..<bytes.count)): replacement = "\\&"
                default: continue
                }
                out.append(contentsOf: bytes.slice(copied..<index))
                out.append(replacement)
                copied = index + 1
            }
            out.append(contentsOf: bytes.slice(copied..<bytes.count))
            if needsAngles { out.append(UInt8(ascii: ">")) }
        }
    }
}

/// True when the bytes after an `&` could make cmark read an entity (`name;`, `#12;`).
func looksLikeEntity(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
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
