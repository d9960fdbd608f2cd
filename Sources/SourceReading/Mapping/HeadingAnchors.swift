/// The anchors GitHub gives a document's headings (`## Set it up` → `set-it-up`), which relative
/// links write as `guide.md#set-it-up`: what publishing checks a link's fragment against.
public enum HeadingAnchors {
    /// The anchor of one heading's text, as GitHub makes it: trimmed, lower-cased, every character
    /// that is not a letter, a digit, `-` or `_` removed (punctuation, symbols, emoji), each space a `-`.
    public static func slug(_ text: String) -> String {
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
