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
