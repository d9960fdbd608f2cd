import Foundation

extension Document {
    /// The form in which what was sent and what a page holds are compared: two documents whose
    /// canonical forms are equal say the same thing to a reader. See `CanonicalForm` for the rules.
    ///
    /// Both sides go through it: the model a payload was rendered from, and the model
    /// `StoredBodyReader` reads back from the stored body (which already drops block ids, attrs
    /// equal to their defaults and mark order, and reads `checked` as a string or a boolean).
    public func canonicalForm() -> Document {
        Document(blocks: CanonicalForm.blocks(normalized().blocks))
    }
}

/// The rules of `Document.canonicalForm()`, one function each. They absorb how a page is
/// represented and keep what it says.
///
/// Absorbed (as Productive's editor, a ProseMirror schema, stores a body):
/// - everything `Document.normalized()` does: soft breaks are spaces, adjacent text runs with equal
///   marks are one run, whitespace at the edge of emphasis and strike is outside them, no break at
///   the edges of a block or twice in a row, no empty paragraph;
/// - a code block has no final line ends (all of them: blank lines at its end are invisible);
/// - `whitespace`: a run of spaces, tabs and line ends in text (inline code included, code blocks
///   not) is one space, and there is none at the start or end of a block, before or after a break;
///   a no-break space is kept;
/// - `decodingEntities`: a character reference left in text outside inline code (`&amp;`, `&copy;`,
///   `&#169;`, `&#xA9;`) is the character it names;
/// - `decodingAutolink`: the text of a link that shows its own target (an autolink, or `mailto:`
///   without the scheme) is compared percent-decoded, as the editor may store it;
/// - `href`: link targets and image sources are compared percent-encoded, as an `href` holds them
///   (`[a](<https://x.y/a b>)` is stored as `https://x.y/a%20b`: cmark-gfm's HTML renderer, and so
///   the sandbox, encodes the space, and Productive's Markdown import normalizes links likewise);
/// - `composed`: text, code, image alt text and titles, and mention labels in Unicode NFC;
/// - `image`: an image's form (the place for rules on image sources, such as an uploaded file's
///   attachment URL standing for the local file that was sent).
///
/// Kept: every word and character other than that whitespace, the marks of each run, link
/// targets and image sources (but for their encoding), mention ids, block types and attributes,
/// their nesting and their order.
public enum CanonicalForm {
    static func blocks(_ blocks: [Block]) -> [Block] {
        var rewriter = FormRewriter<BlockRules>()
        return rewriter.rewrite(blocks)
    }

    /// The block rules: inline content in canonical form (`inlines`), code blocks without final
    /// line ends (and no empty paragraph, as every form).
    private enum BlockRules: BlockFormRules {
        static func inlines(_ inlines: [Inline]) -> [Inline] { CanonicalForm.inlines(inlines) }

        static func code(_ code: String) -> String {
            // Every final line end, not only one: a server that drops the last one stores a code
            // block ending in blank lines one shorter, and the blank lines at the end are invisible.
            composed(String(code.reversed().drop { $0 == "\n" }.reversed()))
        }
    }

    /// The inline content of one block (or table cell) in canonical form.
    public static func inlines(_ inlines: [Inline]) -> [Inline] {
        let runs = Inline.normalizedRuns(inlines).map { inline -> Inline in
            switch inline {
            case .text(let text, var marks):
                let text = self.text(text, marks: marks)
                if let link = marks.link { marks.link = href(link) }
                return .text(text, marks)
            case .image(let image, var marks):
                if let link = marks.link { marks.link = href(link) }
                return .image(self.image(image), marks)
            case .mention(var mention):
                mention.label = composed(mention.label)
                return .mention(mention)
            case .hardBreak, .variable: return inline
            }
        }
        return Inline.normalizedRuns(whitespace(runs))
    }

    /// One text run's characters: composed, character references decoded (not in inline code),
    /// an autolink's text percent-decoded.
    static func text(_ text: String, marks: Marks) -> String {
        var text = composed(text)
        if !marks.code { text = decodingEntities(text) }
        if let link = marks.link { text = decodingAutolink(text, target: link) }
        return text
    }

    /// An image in canonical form: its alt text and title composed; its source percent-encoded (`href`).
    static func image(_ image: Image) -> Image {
        var image = image
        image.source = href(image.source)
        image.alt = composed(image.alt)
        image.title = image.title.map(composed)
        return image
    }

    // MARK: Whitespace

    /// The whitespace ProseMirror collapses: space, tab, line feed, carriage return, form feed.
    static func isCollapsible(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" || scalar == "\u{0C}"
    }

    /// Runs of collapsible whitespace as one space, across run boundaries; none at the start or
    /// end, and none before or after a break.
    static func whitespace(_ inlines: [Inline]) -> [Inline] {
        var result: [Inline] = []
        result.reserveCapacity(inlines.count)
        var afterSpace = true   // at the start, after a break, or after a space
        for inline in inlines {
            switch inline {
            case .text(let text, let marks):
                var out = String.UnicodeScalarView()
                for scalar in text.unicodeScalars {
                    if isCollapsible(scalar) {
                        if !afterSpace { out.append(" ") }
                        afterSpace = true
                    } else {
                        out.append(scalar)
                        afterSpace = false
                    }
                }
                if !out.isEmpty { result.append(.text(String(out), marks)) }
            case .hardBreak:
                dropTrailingSpace(&result)
                result.append(.hardBreak)
                afterSpace = true
            case .image, .mention, .variable:
                result.append(inline)
                afterSpace = false
            }
        }
        dropTrailingSpace(&result)
        return result
    }

    /// Removes the one space (whitespace is collapsed already) that ends the content, if any.
    private static func dropTrailingSpace(_ inlines: inout [Inline]) {
        guard case .text(let text, let marks)? = inlines.last, text.hasSuffix(" ") else { return }
        let kept = String(text.dropLast())
        if kept.isEmpty { inlines.removeLast() } else { inlines[inlines.count - 1] = .text(kept, marks) }
    }

    // MARK: Characters

    /// `url` percent-encoded as an `href` holds it: every byte but ASCII letters and digits and
    /// `-._~!$&'()*+,;=:@/?#%` as `%XX` (a space `%20`, `é` `%C3%A9`). What is encoded already
    /// stays as it is (`%` is kept), so a stored target and the target sent meet in one form.
    static func href(_ url: String) -> String {
        func isKept(_ byte: UInt8) -> Bool {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): true
            default: "-._~!$&'()*+,;=:@/?#%".utf8.contains(byte)
            }
        }
        guard !url.utf8.allSatisfy(isKept) else { return url }
        let digits = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(url.utf8.count + 8)
        for byte in url.utf8 {
            if isKept(byte) {
                out.append(byte)
            } else {
                out += [UInt8(ascii: "%"), digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The text in Unicode NFC. ASCII text is returned as it is.
    static func composed(_ text: String) -> String {
        text.utf8.allSatisfy { $0 < 0x80 } ? text : text.precomposedStringWithCanonicalMapping
    }

    /// The text of a link that shows its own target, percent-decoded: `https://x.org/a%20b` and
    /// `https://x.org/a b` are the same autolink. Any other link text is returned as it is.
    static func decodingAutolink(_ text: String, target: String) -> String {
        guard text.contains("%") || target.contains("%") else { return text }
        let shown = text.removingPercentEncoding ?? text
        var decodedTarget = target.removingPercentEncoding ?? target
        if decodedTarget.hasPrefix("mailto:"), !shown.hasPrefix("mailto:") { decodedTarget.removeFirst("mailto:".count) }
        return shown == decodedTarget ? shown : text
    }

    /// Character references decoded: numeric ones, and the named ones in `namedEntities`. An
    /// unknown name, or a number that is no character, is left as written.
    static func decodingEntities(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "&")) else { return text }
        var out = ""
        var rest = Substring(text)
        while let ampersand = rest.firstIndex(of: "&") {
            out += rest[..<ampersand]
            let candidate = rest[rest.index(after: ampersand)...].prefix(33)
            if let semicolon = candidate.firstIndex(of: ";"), let value = entityValue(candidate[..<semicolon]) {
                out += value
                rest = rest[rest.index(after: semicolon)...]
            } else {
                out += "&"
                rest = rest[rest.index(after: ampersand)...]
            }
        }
        return out + rest
    }

    private static func entityValue(_ name: Substring) -> String? {
        if name.hasPrefix("#") {
            let digits = name.dropFirst()
            let hex = digits.hasPrefix("x") || digits.hasPrefix("X")
            guard let code = hex ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits),
                  code != 0, let scalar = Unicode.Scalar(code) else { return nil }
            return String(Character(scalar))
        }
        return namedEntities[String(name)]
    }

    /// The named character references a stored body or a payload may carry in text: the five of
    /// XML, and those of HTML's Latin-1 and punctuation sets that documentation uses.
    static let namedEntities: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{A0}",
        "copy": "©", "reg": "®", "trade": "™", "deg": "°", "plusmn": "±", "times": "×", "divide": "÷",
        "micro": "µ", "para": "¶", "sect": "§", "middot": "·", "bull": "•", "hellip": "…",
        "ndash": "–", "mdash": "—", "lsquo": "‘", "rsquo": "’", "ldquo": "“", "rdquo": "”",
        "laquo": "«", "raquo": "»", "euro": "€", "pound": "£", "yen": "¥", "cent": "¢",
        "larr": "←", "rarr": "→", "uarr": "↑", "darr": "↓", "harr": "↔", "rArr": "⇒", "lArr": "⇐",
        "le": "≤", "ge": "≥", "ne": "≠", "asymp": "≈", "infin": "∞", "check": "✓", "shy": "\u{AD}",
        "zwj": "\u{200D}", "zwnj": "\u{200C}", "ensp": "\u{2002}", "emsp": "\u{2003}", "thinsp": "\u{2009}",
    ]
}
