import ProductiveFormat

extension SandboxFault.Action {
    /// The body as a write with this fault stores it: `linkSuffix` and `dropLastWord` change it,
    /// every other action leaves it as converted.
    func storedForm(of document: Document) -> Document {
        switch self {
        case .linkSuffix(let suffix):
            return document.rewritingLinks { .url($0 + suffix) }
        case .dropLastWord:
            return Self.droppingLastWord(document)
        default:
            return document
        }
    }

    /// The document without the last word of the last text of its last paragraph.
    private static func droppingLastWord(_ document: Document) -> Document {
        var document = document
        guard let index = document.blocks.lastIndex(where: { if case .paragraph = $0 { true } else { false } }),
              case .paragraph(var inlines, let alignment) = document.blocks[index],
              let run = inlines.lastIndex(where: { if case .text = $0 { true } else { false } }),
              case .text(let text, let marks) = inlines[run] else { return document }
        inlines[run] = .text(text.split(separator: " ", omittingEmptySubsequences: false).dropLast().joined(separator: " "), marks)
        document.blocks[index] = .paragraph(inlines, alignment: alignment)
        return document
    }
}
