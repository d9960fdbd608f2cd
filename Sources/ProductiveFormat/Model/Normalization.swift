extension Inline {
    /// The canonical runs of inline content, as the writers send them: no hard break at the edges
    /// or twice in a row, whitespace moved outside emphasis and strike (a delimiter next to a space
    /// does not open or close), adjacent equal runs merged.
    public static func normalizedRuns(_ inlines: [Inline]) -> [Inline] {
        if areNormalizedRuns(inlines) { return inlines }
        var result: [Inline] = []
        result.reserveCapacity(inlines.count)
        func append(_ inline: Inline) {
            if case .text(let text, let marks) = inline {
                if text.isEmpty { return }
                if case .text(let previous, let previousMarks)? = result.last, previousMarks == marks {
                    result[result.count - 1] = .text(previous + text, marks)
                    return
                }
            }
            if inline == .hardBreak, result.last == .hardBreak || result.isEmpty { return }
            result.append(inline)
        }
        for inline in inlines {
            guard case .text(let text, let marks) = inline, !marks.code,
                  marks.strong || marks.emphasis || marks.strike, hasWhitespaceAtAnEdge(text)
            else {
                append(inline)
                continue
            }
            var bare = marks
            bare.strong = false
            bare.emphasis = false
            bare.strike = false
            let core = text.trimmingWhitespace()
            if core.isEmpty {
                append(.text(text, bare))
                continue
            }
            let leading = text.prefix { $0.isWhitespace }
            let trailing = text.reversed().prefix { $0.isWhitespace }
            append(.text(String(leading), bare))
            append(.text(String(core), marks))
            append(.text(String(trailing.reversed()), bare))
        }
        while result.last == .hardBreak { result.removeLast() }
        return result
    }

    /// True when `normalizedRuns` would give `inlines` back as they are: checked without copying
    /// a run, the common case for the writers.
    private static func areNormalizedRuns(_ inlines: [Inline]) -> Bool {
        var previousIsBreakOrStart = true
        for index in inlines.indices {
            switch inlines[index] {
            case .text(let text, let marks):
                if text.isEmpty { return false }
                if index > 0, case .text(_, let previousMarks) = inlines[index - 1], previousMarks == marks { return false }
                if !marks.code, marks.strong || marks.emphasis || marks.strike, hasWhitespaceAtAnEdge(text) { return false }
                previousIsBreakOrStart = false
            case .hardBreak:
                if previousIsBreakOrStart { return false }
                previousIsBreakOrStart = true
            case .image, .mention, .variable:
                previousIsBreakOrStart = false
            }
        }
        return inlines.last != .hardBreak
    }

    /// True when the first or the last character of `text` is whitespace (as `Character.isWhitespace`
    /// decides: by its first scalar). Decided on the bytes when the edges are ASCII.
    private static func hasWhitespaceAtAnEdge(_ text: String) -> Bool {
        let utf8 = text.utf8
        guard let first = utf8.first, let last = utf8.last else { return false }
        let beforeLast = utf8.count > 1 ? utf8[utf8.index(utf8.endIndex, offsetBy: -2)] : 0
        guard first < 0x80, last < 0x80, beforeLast < 0x80 else {
            return text.first?.isWhitespace == true || text.last?.isWhitespace == true
        }
        func isWhitespace(_ byte: UInt8) -> Bool { byte == 0x20 || (0x09...0x0D).contains(byte) }
        return isWhitespace(first) || isWhitespace(last)
    }
}

extension Document {
    /// A canonical form for comparing documents that render the same: inline runs as the writers
    /// send them (`Inline.normalizedRuns`), soft line breaks inside text as spaces, code blocks
    /// without a final newline (Productive stores none), and no empty paragraphs. Used to compare
    /// what was sent with what a page holds, and to check that a pulled file reads back unchanged.
    public func normalized() -> Document {
        Document(blocks: Self.normalized(blocks))
    }

    private static func normalized(_ blocks: [Block]) -> [Block] {
        var rewriter = FormRewriter<NormalizedForm>()
        return rewriter.rewrite(blocks)
    }

    /// The rules of `normalized()`: runs as the writers send them, code without its final newline.
    private enum NormalizedForm: BlockFormRules {
        static func inlines(_ inlines: [Inline]) -> [Inline] { Document.normalized(inlines) }
        static func code(_ code: String) -> String { code.hasSuffix("\n") ? String(code.dropLast()) : code }
    }

    private static func normalized(_ inlines: [Inline]) -> [Inline] {
        Inline.normalizedRuns(inlines.map { inline in
            guard case .text(let text, let marks) = inline, text.contains("\n") else { return inline }
            return .text(text.replacingOccurrences(of: "\n", with: " "), marks)
        })
    }
}

/// The rules of one form of a document (`normalized()`, `canonicalForm()`): what becomes of the
/// inline content of each block, and of a code block's text.
protocol BlockFormRules {
    static func inlines(_ inlines: [Inline]) -> [Inline]
    static func code(_ code: String) -> String
}

/// A document in the form `Rules` says, without the paragraphs it leaves empty.
struct FormRewriter<Rules: BlockFormRules>: BlockRewriter {
    mutating func rewriteInlines(_ inlines: [Inline]) -> [Inline] {
        Rules.inlines(inlines)
    }

    mutating func visitParagraph(_ inlines: [Inline], alignment: Alignment?) -> Block? {
        let runs = Rules.inlines(inlines)
        return runs.isEmpty ? nil : .paragraph(runs, alignment: alignment)
    }

    mutating func visitCodeBlock(language: String?, code: String) -> Block? {
        .codeBlock(language: language, code: Rules.code(code))
    }
}
