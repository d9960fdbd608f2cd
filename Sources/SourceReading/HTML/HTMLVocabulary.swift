import ProductiveFormat

/// What the checker knows about HTML element and attribute names.
enum HTMLVocabulary {
    /// Active content: removed with everything inside it (PD006).
    static let unsafeElements: Set<String> = [
        "script", "style", "iframe", "object", "embed", "applet", "frame", "frameset", "base", "link", "meta",
    ]

    /// Elements without content or closing tag.
    static let voidElements: Set<String> = [
        "br", "img", "hr", "wbr", "input", "meta", "link", "area", "base", "col", "embed", "source", "track", "param",
    ]

    /// Elements that start a block of their own in flow content.
    static let blockElements: Set<String> = [
        "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "ul", "ol", "li", "table", "thead",
        "tbody", "tfoot", "tr", "td", "th", "hr", "banner", "details", "summary", "section", "article", "header",
        "footer", "main", "nav", "aside", "figure", "figcaption", "dl", "dt", "dd", "center", "address",
        "fieldset", "form", "caption", "html", "body", "head",
    ]

    /// The mark an inline element stands for, if it stands for one.
    static func mark(for name: String) -> Marks? {
        switch name {
        case "u", "ins": Marks(underline: true)
        case "b", "strong": Marks(strong: true)
        case "i", "em": Marks(emphasis: true)
        case "del", "s", "strike": Marks(strike: true)
        case "code", "tt": Marks(code: true)
        default: nil
        }
    }

    /// The alignment an element asks for through `align=` or `style="text-align: …"`.
    static func alignment(of node: HTMLNode) -> Alignment? {
        if let align = node.attribute("align"), let alignment = Alignment(rawValue: align.lowercased()) {
            return alignment
        }
        return InlineStyle(node.attribute("style")).textAlign
    }

    /// The element's name as a closing tag names it (`</u >` → `u`), or nil if `html` is not a closing tag.
    static func closingTagName(_ html: String) -> String? {
        guard html.hasPrefix("</") else { return nil }
        return String(html.dropFirst(2).prefix { $0.isLetter || $0.isNumber }).lowercased()
    }
}
