/// Inline content: runs of text carrying marks, and the inline nodes.
///
/// Like ProseMirror, which Productive stores, marks are a flat set on each
/// run, not a nesting, so inline depth is bounded whatever the source.
public enum Inline: Equatable, Sendable {
    case text(String, Marks = Marks())
    case hardBreak
    case image(Image, Marks = Marks())
    case mention(Mention)
    case variable(String)
}

/// The marks a text run can carry.
public struct Marks: Equatable, Hashable, Sendable {
    public var strong = false
    public var emphasis = false
    public var strike = false
    public var code = false
    public var underline = false
    /// The link target, when the run is a link.
    public var link: String?
    /// CSS colour of the text (HTML only).
    public var color: String?
    /// CSS background colour of the text (HTML only).
    public var backgroundColor: String?

    public init(
        strong: Bool = false, emphasis: Bool = false, strike: Bool = false, code: Bool = false,
        underline: Bool = false, link: String? = nil, color: String? = nil, backgroundColor: String? = nil
    ) {
        self.strong = strong
        self.emphasis = emphasis
        self.strike = strike
        self.code = code
        self.underline = underline
        self.link = link
        self.color = color
        self.backgroundColor = backgroundColor
    }

    /// True when no mark is set.
    public var isEmpty: Bool { self == Marks() }
}

/// An image: an absolute http(s) URL with optional text and width.
public struct Image: Equatable, Sendable {
    public var source: String
    public var alt: String
    public var title: String?
    /// Width in pixels (HTML only).
    public var width: Int?

    public init(source: String, alt: String = "", title: String? = nil, width: Int? = nil) {
        self.source = source
        self.alt = alt
        self.title = title
        self.width = width
    }
}

/// A mention of a Productive object (HTML only).
public struct Mention: Equatable, Sendable {
    /// The kinds of object a mention can point at.
    public enum Kind: String, Equatable, Sendable, CaseIterable {
        case user, task, page, project, deal, company
    }

    public var kind: Kind
    public var id: String
    public var label: String

    public init(kind: Kind, id: String, label: String) {
        self.kind = kind
        self.id = id
        self.label = label
    }
}
