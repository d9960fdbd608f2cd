import CLibXML2

/// Parses a fragment of raw HTML with libxml2's HTML parser.
///
/// This is the only place that touches libxml2's pointers: parse, copy, free.
enum HTMLFragmentParser {
    /// libxml2 2.9 initializes its global state on first use without a lock: done once, here.
    private static let initialized: Bool = {
        xmlInitParser()
        return true
    }()

    /// Makes libxml2 ready for parses on several threads at once.
    static func prepareForThreads() {
        precondition(initialized)
    }

    /// `XML_PARSE_HUGE` lifts libxml2's depth limit of 256, which would otherwise drop deeper text;
    /// the copy below is iterative and the mapper flattens what is too deep.
    ///
    /// The fragment is parsed inside an explicit `<html><body>` (on the same line, so line numbers
    /// hold): with `HTML_PARSE_NOIMPLIED` instead, libxml2 ignores the end tag of the first element
    /// and nests every later sibling inside it. The tree's roots are the children of that body.
    static func parse(_ html: String) -> HTMLTree {
        var tree = HTMLTree()
        guard !html.isEmpty else { return tree }
        prepareForThreads()
        let options = Int32(
            HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_NONET.rawValue | XML_PARSE_HUGE.rawValue
        )
        var html = "<!DOCTYPE html><html><body>" + html + "</body></html>"
        let document: htmlDocPtr? = html.withUTF8 { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                htmlReadMemory(chars.baseAddress, Int32(clamping: chars.count), nil, "UTF-8", options)
            }
        }
        guard let document else { return tree }
        defer { xmlFreeDoc(document) }

        // Each entry: a libxml2 node whose children are still to copy, and its index (none for the roots).
        var pending: [(node: xmlNodePtr?, index: Int32)] = [(fragmentRoots(document), SyntaxTree.none)]
        while let (firstChild, parent) = pending.popLast() {
            var previous = SyntaxTree.none
            var cursor = firstChild
            while let node = cursor {
                cursor = node.pointee.next
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

    /// The first child of the `<body>` that wraps the fragment.
    private static func fragmentRoots(_ document: htmlDocPtr) -> xmlNodePtr? {
        var cursor = document.pointee.children
        while let node = cursor, !(node.pointee.type == XML_ELEMENT_NODE && string(node.pointee.name) == "html") {
            cursor = node.pointee.next
        }
        var child = cursor?.pointee.children
        while let node = child {
            if node.pointee.type == XML_ELEMENT_NODE && string(node.pointee.name) == "body" { return node.pointee.children }
            child = node.pointee.next
        }
        return nil
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
