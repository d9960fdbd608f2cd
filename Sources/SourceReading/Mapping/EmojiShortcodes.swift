#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// GitHub's emoji shortcodes (`:rocket:` → 🚀), read from the table `emoji-shortcodes.tsv`
/// (compiled into the code) the first time a text holds something that looks like one.
enum EmojiShortcodes {
    /// Shortcode name (`rocket`) → emoji; empty for GitHub's own image emoji (`octocat`).
    static let table: [String: String] = parse(PackageResources.emoji_shortcodes_tsv)

    /// The table's lines, `name<TAB>emoji` (nothing after the tab: an image emoji); lines starting
    /// with `#` are comments.
    static func parse(_ bytes: [UInt8]) -> [String: String] {
        var table: [String: String] = [:]
        for line in bytes.split(separator: UInt8(ascii: "\n")) where line.first != UInt8(ascii: "#") {
            guard let tab = line.firstIndex(of: UInt8(ascii: "\t")), tab > line.startIndex else { continue }
            table[String(decoding: line[..<tab], as: UTF8.self)] = String(decoding: line[(tab + 1)...], as: UTF8.self)
        }
        return table
    }

    /// A `:name:` that is not sent as an emoji.
    struct Unsent: Equatable {
        var name: String
        /// The byte offset of its opening `:` in the text.
        var offset: Int
        /// True for one of GitHub's image emoji (`:octocat:`), which has no Unicode character;
        /// false for a name GitHub does not know.
        var isImage: Bool
    }

    /// What replacing the shortcodes of one text found.
    struct Replacement: Equatable {
        /// The text with every known shortcode replaced by its emoji.
        var text: String
        /// The shortcodes left as written (image emoji, names that are not shortcodes), in order.
        var unsent: [Unsent]
    }

    /// `text` with its shortcodes replaced, or nil when it holds none (known or not).
    ///
    /// A shortcode is `:name:` where the name is 1 to 60 of `a-z 0-9 _ + -`, with no letter or
    /// digit right before the first `:` or right after the last (so `10:30:00` and `a:b:c` are
    /// none; `:rocket::tada:` is two), in a word that is not a URL (`https://x/:a:`, `www.x/:a:`).
    /// Unknown names are unsent only when they hold a letter (`:30:` is not a misspelt shortcode).
    static func replacing(in text: String) -> Replacement? {
        // Most text has no `:` followed by a name byte and a `:` after it: decided with memchr, no copy.
        guard mayHoldShortcode(text) else { return nil }
        return scan(Array(text.utf8))
    }

    /// `replacing` without the memchr test first.
    static func scan(_ bytes: [UInt8]) -> Replacement? {
        var out: [UInt8] = []
        var unsent: [Unsent] = []
        var copied = 0
        var index = 0
        var previousEnd = -1
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: ":"), let end = closingColon(bytes, from: index, afterShortcode: previousEnd == index - 1) else {
                index += 1
                continue
            }
            previousEnd = end
            let name = String(decoding: bytes[(index + 1)..<end], as: UTF8.self)
            if let emoji = table[name], !emoji.isEmpty {
                out += bytes[copied..<index]
                out += emoji.utf8
                copied = end + 1
            } else if table[name] != nil || bytes[(index + 1)..<end].contains(where: isLetter) {
                unsent.append(Unsent(name: name, offset: index, isImage: table[name] != nil))
            }
            index = end + 1
        }
        guard copied > 0 || !unsent.isEmpty else { return nil }
        out += bytes[copied...]
        return Replacement(text: String(decoding: out, as: UTF8.self), unsent: unsent)
    }

    /// The index of the `:` that closes a shortcode opened at `start`, or nil when none does. A `:`
    /// right before `start` is allowed only when it closed a shortcode (`:rocket::tada:`, not `a::b:`).
    private static func closingColon(_ bytes: [UInt8], from start: Int, afterShortcode: Bool) -> Int? {
        if start > 0, isAlphanumeric(bytes[start - 1]) || (bytes[start - 1] == UInt8(ascii: ":") && !afterShortcode) { return nil }
        var end = start + 1
        while end < bytes.count, end - start <= 61, isNameByte(bytes[end]) { end += 1 }
        guard end < bytes.count, end > start + 1, end - start <= 61, bytes[end] == UInt8(ascii: ":") else { return nil }
        if end + 1 < bytes.count, isAlphanumeric(bytes[end + 1]) { return nil }
        return isInURL(bytes, at: start) ? nil : end
    }

    /// False when `text` cannot hold a shortcode: no `:` followed by a name byte with another `:`
    /// after it (what every `:name:` needs). Found with memchr: most text runs have no colon at all.
    static func mayHoldShortcode(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            guard bytes.count >= 3, let base = bytes.baseAddress else { return false }
            let colon = Int32(UInt8(ascii: ":"))
            var index = 0
            while index < bytes.count - 2, let found = memchr(base + index, colon, bytes.count - 2 - index) {
                let at = UnsafeRawPointer(found) - UnsafeRawPointer(base)
                if isNameByte(bytes[at + 1]) { return memchr(base + at + 2, colon, bytes.count - at - 2) != nil }
                index = at + 1
            }
            return false
        }
    }

    /// True when the word around `index` (bounded by whitespace) is a URL.
    private static func isInURL(_ bytes: [UInt8], at index: Int) -> Bool {
        var start = index
        while start > 0, !isSpace(bytes[start - 1]) { start -= 1 }
        var end = index
        while end < bytes.count, !isSpace(bytes[end]) { end += 1 }
        let word = bytes[start..<end]
        if word.starts(with: "www.".utf8) { return true }
        let separator = Array("://".utf8)
        return word.indices.contains { word[$0...].starts(with: separator) }
    }

    private static func isLetter(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        isLetter(byte) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
            || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-")
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        let lower = byte | 0x20
        return (lower >= UInt8(ascii: "a") && lower <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte >= 0x80
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D
    }
}
