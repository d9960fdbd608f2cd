extension SandboxFault.Action {
    /// The body as a write with this fault stores it: `linkSuffix` and `dropLastWord` change it,
    /// every other action leaves it as read.
    func storedForm(of document: EditorDocument) -> EditorDocument {
        switch self {
        case .linkSuffix(let suffix):
            return EditorDocument(blocks: document.blocks.map { Self.suffixingLinks($0, with: suffix) })
        case .dropLastWord:
            return Self.droppingLastWord(document)
        default:
            return document
        }
    }

    /// The node with `suffix` after every link target under it (the nesting is bounded by the reader).
    private static func suffixingLinks(_ node: EditorNode, with suffix: String) -> EditorNode {
        var node = node
        for index in node.marks.indices where node.marks[index].type == "link" {
            if case .string(let href)? = node.marks[index].attrs["href"] { node.marks[index].attrs["href"] = .string(href + suffix) }
        }
        node.content = node.content.map { suffixingLinks($0, with: suffix) }
        return node
    }

    /// The document without the last word of the last text of its last paragraph.
    private static func droppingLastWord(_ document: EditorDocument) -> EditorDocument {
        var document = document
        guard let block = document.blocks.lastIndex(where: { $0.type == "paragraph" }),
              let run = document.blocks[block].content.lastIndex(where: { $0.type == "text" }),
              let text = document.blocks[block].content[run].text else { return document }
        document.blocks[block].content[run].text = text.split(separator: " ", omittingEmptySubsequences: false).dropLast().joined(separator: " ")
        return document
    }
}
