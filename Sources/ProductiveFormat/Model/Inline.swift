/// Inline content: runs of text carrying marks, and the inline nodes.
///
/// Like ProseMirror, which Productive stores, marks are a flat set on each
/// run, not a nesting, so inline depth is bounded whatever the source.
public enum Inline: Equatable, Sendable {
    case text(String, Marks = Marks())
    case hardBreak
    /// Boxed, as a mention is: rare and large, unboxed they would make every run as large.
    indirect case image(Image, Marks = Marks())
    indirect case mention(Mention)
    case variable(String)
}

/// The marks a text run can carry.
///
/// Sixteen bytes: the flags, and one reference to the marks that carry a value (a link, colours),
/// which most runs do not have. A text run is copied often (mapping, normalizing, writing): the
/// three optional strings stored inline would triple its size and its reference counting.
public struct Marks: Hashable, Sendable {
    public var strong = false
    public var emphasis = false
    public var strike = false
    public var code = false
    public var underline = false
    /// The marks with a value, nil when none is set; shared, and replaced (never changed) on a write.
    private var values: Values?

    /// The link target, when the run is a link.
    public var link: String? {
        get { values?.link }
        set { setValues(link: newValue, color: color, backgroundColor: backgroundColor) }
    }
    /// CSS colour of the text (HTML only).
    public var color: String? {
        get { values?.color }
        set { setValues(link: link, color: newValue, backgroundColor: backgroundColor) }
    }
    /// CSS background colour of the text (HTML only).
    public var backgroundColor: String? {
        get { values?.backgroundColor }
        set { setValues(link: link, color: color, backgroundColor: newValue) }
    }

    public init(
        strong: Bool = false, emphasis: Bool = false, strike: Bool = false, code: Bool = false,
        underline: Bool = false, link: String? = nil, color: String? = nil, backgroundColor: String? = nil
    ) {
        self.strong = strong
        self.emphasis = emphasis
        self.strike = strike
        self.code = code
        self.underline = underline
        setValues(link: link, color: color, backgroundColor: backgroundColor)
    }

    /// True when no mark is set.
    public var isEmpty: Bool { self == Marks() }

    /// True when a text or background colour is set (read without copying either).
    public var hasColor: Bool { values?.hasColor ?? false }

    /// Both sets of marks together; `other`'s link and colours win. Shares the values of either
    /// side when only one has any.
    public func union(_ other: Marks) -> Marks {
        var union = self
        union.strong = strong || other.strong
        union.emphasis = emphasis || other.emphasis
        union.strike = strike || other.strike
        union.code = code || other.code
        union.underline = underline || other.underline
        if let theirs = other.values {
            if values == nil {
                union.values = theirs
            } else {
                union.setValues(
                    link: theirs.link ?? link, color: theirs.color ?? color,
                    backgroundColor: theirs.backgroundColor ?? backgroundColor
                )
            }
        }
        return union
    }

    private mutating func setValues(link: String?, color: String?, backgroundColor: String?) {
        values = link == nil && color == nil && backgroundColor == nil
            ? nil : Values(link: link, color: color, backgroundColor: backgroundColor)
    }

    public static func == (lhs: Marks, rhs: Marks) -> Bool {
        guard lhs.strong == rhs.strong, lhs.emphasis == rhs.emphasis, lhs.strike == rhs.strike,
              lhs.code == rhs.code, lhs.underline == rhs.underline else { return false }
        if lhs.values === rhs.values { return true }
        return lhs.link == rhs.link && lhs.color == rhs.color && lhs.backgroundColor == rhs.backgroundColor
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(strong)
        hasher.combine(emphasis)
        hasher.combine(strike)
        hasher.combine(code)
        hasher.combine(underline)
        hasher.combine(link)
        hasher.combine(color)
        hasher.combine(backgroundColor)
    }

    /// The marks that carry a value.
    private final class Values: Sendable {
        let link: String?
        let color: String?
        let backgroundColor: String?
        let hasColor: Bool

        init(link: String?, color: String?, backgroundColor: String?) {
            self.link = link
            self.color = color
            self.backgroundColor = backgroundColor
            hasColor = color != nil || backgroundColor != nil
        }
    }
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
