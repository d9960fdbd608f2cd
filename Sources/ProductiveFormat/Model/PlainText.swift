extension Inline {
    /// The visible text of inline content: text runs, image alt text, mention labels.
    public static func plainText(_ inlines: [Inline]) -> String {
        var out = ""
        for inline in inlines {
            switch inline {
            case .text(let text, _): out += text
            case .hardBreak: out += "\n"
            case .image(let image, _): out += image.alt
            case .mention(let mention): out += mention.label
            case .variable(let name): out += "{{\(name)}}"
            }
        }
        return out
    }
}

extension Document {
    /// The words a reader sees, in order: runs of letters, digits and combining marks in the text
    /// of every block (table cells, list items and the blocks inside quotes, banners and columns
    /// included; list markers and image alt text as `plainText` gives them). What a body write may
    /// not lose.
    public func words() -> [String] {
        var words: [String] = []
        for line in StoredBodyReader.Walk.lines(of: blocks) {
            var current = String.UnicodeScalarView()
            for scalar in Inline.plainText(line).unicodeScalars {
                let properties = scalar.properties
                if properties.isAlphabetic || properties.numericType != nil || properties.generalCategory == .nonspacingMark {
                    current.append(scalar)
                } else if !current.isEmpty {
                    words.append(String(current))
                    current = String.UnicodeScalarView()
                }
            }
            if !current.isEmpty { words.append(String(current)) }
        }
        return words
    }
}
