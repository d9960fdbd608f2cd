import ProductiveFormat

/// What an inline HTML element becomes: one decision, shared by HTML blocks
/// and by the inline tags inside Markdown paragraphs.
enum InlineElementAction {
    /// Its content, with these marks added.
    case marks(Marks)
    /// Its content, tags removed (PD005 already reported).
    case unsupported
    /// Removed with its content (PD006 already reported).
    case drop
    /// Replaced by this node; its content is not shown.
    case replaced(Inline)
}

extension MappingContext {
    /// Decides what inline element `node` becomes, reporting the rule that applies.
    /// `quiet` leaves out the PD004 and PD005 findings (an element nested in one of the same name,
    /// already reported); unsafe content is always reported.
    func inlineAction(for node: HTMLNode, marks: Marks, at position: SourcePosition, quiet: Bool = false) -> InlineElementAction {
        let report = { (rule: Rule, message: String) in
            if !quiet || rule.id == RuleCatalog.htmlUnsafe.id { self.report(rule, at: position, message) }
        }
        reportUnsafeAttributes(of: node, at: position)
        let name = node.name
        if HTMLVocabulary.unsafeElements.contains(name) {
            report(RuleCatalog.htmlUnsafe, "<\(name)> removed with its content")
            return .drop
        }
        if let mark = HTMLVocabulary.mark(for: name) {
            report(RuleCatalog.htmlMapped, "<\(name)> sent as \(Self.describe(mark))")
            return .marks(mark)
        }
        switch name {
        case "br":
            report(RuleCatalog.htmlMapped, "<br> sent as a line break")
            return .replaced(.hardBreak)
        case "img":
            let width = node.attribute("width").flatMap { Int(Substring($0).trimmingSuffix("px")) }
            report(RuleCatalog.htmlMapped, "<img> sent as an image")
            return .replaced(image(
                source: node.attribute("src") ?? "", alt: node.attribute("alt") ?? "", title: node.attribute("title"),
                width: width, marks: marks, at: position
            ))
        case "a":
            guard let href = node.attribute("href") else { return .marks(Marks()) }
            report(RuleCatalog.htmlMapped, "<a href> sent as a link")
            return .marks(linkTarget(href, at: position).map { Marks(link: $0) } ?? Marks())
        case "span":
            if let kindName = node.attribute("mention-type"), let kind = Mention.Kind(rawValue: kindName),
               let id = node.attribute("mention-id") {
                let label = node.attribute("mention-label") ?? ""
                report(RuleCatalog.htmlMapped, "<span mention-type> sent as a \(kind.rawValue) mention")
                return .replaced(.mention(Mention(kind: kind, id: id, label: label)))
            }
            if let variable = node.attribute("var"), !variable.isEmpty {
                report(RuleCatalog.htmlMapped, "<span var> sent as a variable")
                return .replaced(.variable(variable))
            }
            let style = InlineStyle(node.attribute("style"))
            if style.color != nil || style.backgroundColor != nil {
                report(RuleCatalog.htmlMapped, "<span style> sent as text colour")
                return .marks(Marks(color: style.color, backgroundColor: style.backgroundColor))
            }
        default:
            break
        }
        report(RuleCatalog.htmlUnsupported, "<\(name)> has no Productive element: its text is kept, the tag removed")
        return .unsupported
    }

    /// Reports event-handler attributes and unsafe URLs in any attribute (they are never copied).
    func reportUnsafeAttributes(of node: HTMLNode, at position: SourcePosition) {
        for attribute in node.attributes {
            if attribute.name.hasPrefix("on") {
                report(RuleCatalog.htmlUnsafe, at: position, "event handler `\(attribute.name)` on <\(node.name)> removed")
            } else if ["href", "src", "action", "formaction", "background", "poster"].contains(attribute.name),
                      URLPolicy.isUnsafe(attribute.value), node.name != "a", node.name != "img" {
                report(RuleCatalog.htmlUnsafe, at: position, "`\(attribute.name)` with an unsafe URL on <\(node.name)> removed")
            }
        }
    }

    private static func describe(_ marks: Marks) -> String {
        if marks.underline { return "underline" }
        if marks.strong { return "bold" }
        if marks.emphasis { return "italic" }
        if marks.strike { return "strike" }
        if marks.code { return "code" }
        return "text"
    }
}
