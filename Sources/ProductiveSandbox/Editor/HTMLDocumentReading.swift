import CLibXML2

/// An HTML payload parsed by libxml2, as the browser-side editor sees a DOM: elements (names
/// lowercased, attributes) and text, copied out of libxml2 into Swift values. Comments, processing
/// instructions and the like are not copied.
struct EditorDOM: Sendable {
    struct Node: Sendable {
        /// The element's name, lowercased; nil for text.
        var name: String?
        var attributes: [String: String] = [:]
        /// The text of a text node.
        var text = ""
        var children: [Int] = []
    }

    var nodes: [Node] = []
    /// The children of the `<body>`: the payload's top-level nodes.
    var roots: [Int] = []

    func attribute(_ name: String, of index: Int) -> String? {
        nodes[index].attributes[name]
    }

    /// All the text under a node, in order, without recursion.
    func textContent(of index: Int) -> String {
        var out = ""
        var stack = [index]
        while let next = stack.popLast() {
            out += nodes[next].text
            stack += nodes[next].children.reversed()
        }
        return out
    }
}

/// The only code of the sandbox that touches libxml2's pointers: parse, copy, free.
enum HTMLDocumentReading {
    private static let initialized: Bool = {
        xmlInitParser()
        return true
    }()

    /// Parses `html` as the content of a `<body>` (explicit, so that libxml2 closes elements as a
    /// browser does), with no depth limit (`XML_PARSE_HUGE`; the copy is iterative).
    static func parse(_ html: String) -> EditorDOM {
        precondition(initialized)
        var dom = EditorDOM()
        var wrapped = "<!DOCTYPE html><html><body>" + html + "</body></html>"
        let options = Int32(HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_NONET.rawValue | XML_PARSE_HUGE.rawValue)
        let parsed: htmlDocPtr? = wrapped.withUTF8 { buffer in
            buffer.withMemoryRebound(to: CChar.self) { htmlReadMemory($0.baseAddress, Int32(clamping: $0.count), nil, "UTF-8", options) }
        }
        guard let parsed else { return dom }
        defer { xmlFreeDoc(parsed) }
        guard let body = element("body", among: element("html", among: parsed.pointee.children)?.pointee.children) else { return dom }
        // Each entry: a libxml2 node whose children are still to copy, and where they go (nil: the roots).
        var pending: [(first: xmlNodePtr?, parent: Int?)] = [(body.pointee.children, nil)]
        while let (first, parent) = pending.popLast() {
            var cursor = first
            while let node = cursor {
                cursor = node.pointee.next
                guard let copy = copy(node) else { continue }
                let index = dom.nodes.count
                dom.nodes.append(copy)
                if let parent { dom.nodes[parent].children.append(index) } else { dom.roots.append(index) }
                if copy.name != nil, node.pointee.children != nil { pending.append((node.pointee.children, index)) }
            }
        }
        return dom
    }

    /// The first element named `name` among `first` and its siblings.
    private static func element(_ name: String, among first: xmlNodePtr?) -> xmlNodePtr? {
        var cursor = first
        while let node = cursor {
            if node.pointee.type == XML_ELEMENT_NODE, string(node.pointee.name) == name { return node }
            cursor = node.pointee.next
        }
        return nil
    }

    private static func copy(_ node: xmlNodePtr) -> EditorDOM.Node? {
        switch node.pointee.type {
        case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
            return EditorDOM.Node(name: nil, text: string(node.pointee.content))
        case XML_ELEMENT_NODE:
            var element = EditorDOM.Node(name: string(node.pointee.name).lowercased())
            var attribute = node.pointee.properties
            while let current = attribute {
                attribute = current.pointee.next
                var value = ""
                var part = current.pointee.children
                while let text = part {
                    value += string(text.pointee.content)
                    part = text.pointee.next
                }
                element.attributes[string(current.pointee.name).lowercased()] = value
            }
            return element
        default:
            return nil
        }
    }

    private static func string(_ pointer: UnsafePointer<xmlChar>?) -> String {
        guard let pointer else { return "" }
        return String(cString: UnsafeRawPointer(pointer).assumingMemoryBound(to: CChar.self))
    }
}
