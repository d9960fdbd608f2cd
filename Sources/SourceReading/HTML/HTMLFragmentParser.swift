import CLibXML2

/// Parses a fragment of raw HTML with libxml2's HTML parser.
///
/// This is the only place that touches libxml2's pointers: parse, copy, free.
public enum HTMLFragmentParser {
    /// `XML_PARSE_HUGE` lifts libxml2's depth limit of 256, which would otherwise drop deeper text;
    /// the copy below is iterative and the mapper flattens what is too deep.
    public static func parse(_ html: String) -> HTMLTree {
        var tree = HTMLTree()
        guard !html.isEmpty else { return tree }
        let options = Int32(
            HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_NONET.rawValue
                | HTML_PARSE_NOIMPLIED.rawValue | XML_PARSE_HUGE.rawValue
        )
        // libxml2 without implied html/body elements makes the fragment's first element the root and
        // puts every later top-level node inside it (`<h2>A</h2><p>B</p>` read as one heading). A
        // wrapper element takes that place; it is left out of the copy (see `children(from:)`).
        var html = "<\(wrapper)>" + html + "</\(wrapper)>"
        let document: htmlDocPtr? = html.withUTF8 { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                htmlReadMemory(chars.baseAddress, Int32(clamping: chars.count), nil, "UTF-8", options)
            }
        }
        guard let document else { return tree }
        defer { xmlFreeDoc(document) }

        // Each entry: a libxml2 node whose children are still to copy, and its index (none for the document).
        var pending: [(node: xmlNodePtr?, index: Int32)] = [(document.pointee.children, SyntaxTree.none)]
        while let (firstChild, parent) = pending.popLast() {
            var previous = SyntaxTree.none
            for node in children(from: firstChild) {
                guard let copy = copy(node) else { continue }
                let index = Int32(tree.nodes.count)
                tree.nodes.append(copy)
                if previous != SyntaxTree.none {
                    tree.nodes[Int(previous)].nextSibling = index
                } else if parent != SyntaxTree.none {
                    tree.nodes[Int(parent)].firstChild = index
                } else {
                    tree.firstRoot = index
                }
                previous = index
                if copy.kind == .element, node.pointee.children != nil {
                    pending.append((node.pointee.children, index))
                }
            }
        }
        return tree
    }

    /// The element wrapped around every fragment before parsing.
    private static let wrapper = "pd-fragment"

    /// `first` and its siblings, with the wrapper element replaced by its own children, in order.
    private static func children(from first: xmlNodePtr?) -> [xmlNodePtr] {
        var result: [xmlNodePtr] = []
        var cursors: [xmlNodePtr?] = [first]
        while let last = cursors.last {
            guard let node = last else {
                cursors.removeLast()
                continue
            }
            cursors[cursors.count - 1] = node.pointee.next
            if node.pointee.type == XML_ELEMENT_NODE, string(node.pointee.name).lowercased() == wrapper {
                cursors.append(node.pointee.children)
            } else {
                result.append(node)
            }
        }
        return result
    }

    private static func string(_ pointer: UnsafePointer<xmlChar>?) -> String {
        guard let pointer else { return "" }
        return pointer.withMemoryRebound(to: CChar.self, capacity: 1) { String(cString: $0) }
    }

    private static func copy(_ node: xmlNodePtr) -> HTMLNode? {
        let line = Int32(clamping: xmlGetLineNo(node))
        switch node.pointee.type {
        case XML_ELEMENT_NODE:
            var element = HTMLNode(kind: .element, name: string(node.pointee.name).lowercased(), line: max(1, line))
            var attribute = node.pointee.properties
            while let current = attribute {
                var value = ""
                var child = current.pointee.children
                while let text = child {
                    value += string(text.pointee.content)
                    child = text.pointee.next
                }
                element.attributes.append((string(current.pointee.name).lowercased(), value))
                attribute = current.pointee.next
            }
            return element
        case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
            return HTMLNode(kind: .text, text: string(node.pointee.content), line: max(1, line))
        case XML_COMMENT_NODE:
            return HTMLNode(kind: .comment, text: string(node.pointee.content), line: max(1, line))
        default:
            return nil
        }
    }
}
