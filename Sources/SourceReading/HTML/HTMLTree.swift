/// Raw HTML parsed by libxml2, copied into Swift values (a flat arena, like `SyntaxTree`).
struct HTMLTree: Sendable {
    var nodes: [HTMLNode] = []
    /// The first top-level node, or `SyntaxTree.none`.
    var firstRoot: Int32 = SyntaxTree.none

    subscript(index: Int32) -> HTMLNode {
        nodes[Int(index)]
    }

    /// Indices of the siblings starting at `first`.
    func siblings(from first: Int32) -> [Int32] {
        var result: [Int32] = []
        var cursor = first
        while cursor != SyntaxTree.none {
            result.append(cursor)
            cursor = self[cursor].nextSibling
        }
        return result
    }

    /// The text of `index` and everything under it, without recursion.
    func textContent(of index: Int32) -> String {
        var out = ""
        var stack: [Int32] = [index]
        while let next = stack.popLast() {
            let node = self[next]
            switch node.kind {
            case .text: out += node.text
            case .comment: break
            case .element:
                if node.name == "br" { out += "\n" }
                stack.append(contentsOf: siblings(from: node.firstChild).reversed())
            }
        }
        return out
    }
}

/// One HTML node.
struct HTMLNode: Sendable {
    enum Kind: Sendable, Equatable {
        case element, text, comment
    }

    var kind: Kind
    /// Lower-case element name; empty for text and comments.
    var name: String = ""
    /// Text of a text or comment node.
    var text: String = ""
    /// Attributes in source order, names lower-cased.
    var attributes: [(name: String, value: String)] = []
    /// Line within the fragment, 1-based.
    var line: Int32 = 1
    var firstChild: Int32 = SyntaxTree.none
    var nextSibling: Int32 = SyntaxTree.none

    /// The value of attribute `name`, if present.
    func attribute(_ name: String) -> String? {
        attributes.first { $0.name == name }?.value
    }
}
