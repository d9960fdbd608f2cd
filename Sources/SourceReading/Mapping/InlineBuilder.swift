import ProductiveFormat

/// Accumulates inline content, merging adjacent text runs that carry the same marks.
struct InlineBuilder {
    private(set) var inlines: [Inline] = []

    var isEmpty: Bool { inlines.isEmpty }

    mutating func text(_ text: String, _ marks: Marks) {
        guard !text.isEmpty else { return }
        if case .text(let previous, let previousMarks)? = inlines.last, previousMarks == marks {
            inlines[inlines.count - 1] = .text(previous + text, marks)
        } else {
            inlines.append(.text(text, marks))
        }
    }

    mutating func append(_ inline: Inline) {
        if case .text(let text, let marks) = inline {
            self.text(text, marks)
        } else {
            inlines.append(inline)
        }
    }

    mutating func append(contentsOf other: [Inline]) {
        for inline in other { append(inline) }
    }

    /// The content, with whitespace-only content counted as empty.
    var hasVisibleContent: Bool {
        inlines.contains { inline in
            if case .text(let text, _) = inline { return text.contains { !$0.isWhitespace } }
            return inline != .hardBreak
        }
    }

    /// Takes the content and starts over.
    mutating func take() -> [Inline] {
        defer { inlines = [] }
        return inlines
    }
}

extension Marks {
    /// Both sets of marks together; `other`'s link and colours win.
    func union(_ other: Marks) -> Marks {
        Marks(
            strong: strong || other.strong, emphasis: emphasis || other.emphasis, strike: strike || other.strike,
            code: code || other.code, underline: underline || other.underline, link: other.link ?? link,
            color: other.color ?? color, backgroundColor: other.backgroundColor ?? backgroundColor
        )
    }
}
