import ProductiveFormat

/// Accumulates inline content, merging adjacent text runs that carry the same marks.
///
/// The run being built is kept apart so appending to it never copies the text so far.
struct InlineBuilder {
    private var finished: [Inline] = []
    private var pendingText = ""
    private var pendingMarks = Marks()

    var inlines: [Inline] {
        var all = finished
        if !pendingText.isEmpty { all.append(.text(pendingText, pendingMarks)) }
        return all
    }

    var isEmpty: Bool { finished.isEmpty && pendingText.isEmpty }

    mutating func text(_ text: String, _ marks: Marks) {
        guard !text.isEmpty else { return }
        if !pendingText.isEmpty && marks != pendingMarks { flushText() }
        pendingMarks = marks
        pendingText += text
    }

    private mutating func flushText() {
        guard !pendingText.isEmpty else { return }
        finished.append(.text(pendingText, pendingMarks))
        pendingText = ""
    }

    mutating func append(_ inline: Inline) {
        if case .text(let text, let marks) = inline {
            self.text(text, marks)
        } else {
            flushText()
            finished.append(inline)
        }
    }

    mutating func append(contentsOf other: [Inline]) {
        for inline in other { append(inline) }
    }

    /// True when there is more than whitespace and line breaks.
    var hasVisibleContent: Bool {
        if pendingText.contains(where: { !$0.isWhitespace }) { return true }
        return finished.contains { inline in
            if case .text(let text, _) = inline { return text.contains { !$0.isWhitespace } }
            return inline != .hardBreak
        }
    }

    /// Takes the content and starts over.
    mutating func take() -> [Inline] {
        flushText()
        defer { finished = [] }
        return finished
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
