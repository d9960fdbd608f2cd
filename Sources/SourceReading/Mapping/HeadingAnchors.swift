/// The anchors GitHub gives a document's headings (`## Set it up` → `set-it-up`), which relative
/// links write as `guide.md#set-it-up`: what publishing checks a link's fragment against.
public enum HeadingAnchors {
    /// The anchor of one heading's text, as GitHub makes it: trimmed, lower-cased, every character
    /// that is not a letter, a digit, `-` or `_` removed (punctuation, symbols, emoji), each space a `-`.
    public static func slug(_ text: String) -> String {
        asciiSlug(text) ?? scalarSlug(text)
    }

    /// `slug` scalar by scalar, by general category (any text).
    static func scalarSlug(_ text: String) -> String {
        var slug = String.UnicodeScalarView()
        for scalar in text.trimmingWhitespace().lowercased().unicodeScalars {
            switch scalar.properties.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
                 .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber, .letterNumber, .otherNumber:
                slug.append(scalar)
            case .connectorPunctuation where scalar == "_":
                slug.append(scalar)
            case .dashPunctuation where scalar == "-":
                slug.append(scalar)
            case .spaceSeparator where scalar == " ":
                slug.append("-")
            default:
                continue
            }
        }
        return String(slug)
    }

    /// `slug` of an ASCII text on its bytes, the same as `scalarSlug` (nil for any other text): the whitespace trimmed is
    /// Unicode's White_Space in ASCII (tab to carriage return, space), letters are lower-cased, and
    /// of the rest only digits, `_` and `-` are kept, each space a `-`, as the general categories say.
    private static func asciiSlug(_ text: String) -> String? {
        var text = text
        return text.withUTF8 { bytes -> String? in
            guard !bytes.contains(where: { $0 >= 0x80 }) else { return nil }
            func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) }
            var start = 0, end = bytes.count
            while start < end, isSpace(bytes[start]) { start += 1 }
            while end > start, isSpace(bytes[end - 1]) { end -= 1 }
            return String(unsafeUninitializedCapacity: end - start) { out in
                var count = 0
                for byte in bytes[start..<end] {
                    let lower = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
                    let kept: UInt8?
                    switch lower {
                    case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"): kept = lower
                    case UInt8(ascii: " "): kept = UInt8(ascii: "-")
                    default: kept = nil
                    }
                    if let kept {
                        out[count] = kept
                        count += 1
                    }
                }
                return count
            }
        }
    }

    /// The anchors of headings in document order: a slug met again gets `-1`, then `-2`, as on GitHub.
    public static func anchors(_ headings: [String]) -> Set<String> {
        var anchors: Set<String> = []
        for heading in headings {
            let base = slug(heading)
            var candidate = base
            var suffix = 0
            while anchors.contains(candidate) {
                suffix += 1
                candidate = "\(base)-\(suffix)"
            }
            anchors.insert(candidate)
        }
        return anchors
    }
}
