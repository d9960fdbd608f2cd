import CCmarkGFM
import CMarkGFMInternals
import Foundation
import ProductiveFormat

/// The copy of cmark's C tree into the Swift-owned `SyntaxTree`: node by node, strings kept as
/// ranges of the parsed text where cmark kept them as written.
extension MarkdownParser {
    /// The task list extension, which marks the list items it reads as its own (set once, only read).
    nonisolated(unsafe) fileprivate static let tasklistExtension = extensionsRegistered ? cmark_find_syntax_extension("tasklist") : nil

    /// A copy of a C tree into a `SyntaxTree` in the making: whole (`append` of the root), or in
    /// windows (`open(document:)`, `append` of each top-level block as it closes, `close(document:)`).
    struct TreeCopy {
        private(set) var tree: SyntaxTree
        private let places: SourcePlaces
        private let lineOffset: Int32
        /// The nodes whose children are being copied, outermost first.
        private var open: [OpenNode] = []
        private var extensionKinds: [(type: cmark_node_type, kind: SyntaxNode.Kind)] = []
        private var autolinks: AutolinkGate.Walk
        /// The nodes the e-mail pass put after a text node (its links, the text between them) are
        /// that pass's work, which reads none of them again: until the node that followed the text.
        private var linked: (next: OpaquePointer?, depth: Int)?

        init(source: ArraySlice<UInt8>, places: SourcePlaces, lineOffset: Int, gate: AutolinkGate) {
            tree = SyntaxTree(source: source)
            let byteCount = places.bytes.count
            tree.strings.reserveCapacity(byteCount / 4)
            tree.nodes.reserveCapacity(byteCount / 8 + 16)
            self.places = places
            self.lineOffset = Int32(lineOffset)
            autolinks = AutolinkGate.Walk(gate)
        }

        /// Copies the C tree under `start` (the document, or a top-level block of an open document)
        /// into `tree`. A literal found in the parsed bytes exactly as written (`places`) is kept as
        /// a range of them instead of being copied. The text nodes are read through the gate: one
        /// holding an e-mail address has its addresses linked (by the autolink extension's
        /// postprocess on that node, with `parser`'s memory) before it is copied; at one holding a
        /// web link the copy stops and returns false (the tree needs the extension's matches).
        mutating func append(_ start: OpaquePointer, of parser: OpaquePointer) -> Bool {
            // A pre-order walk over the C tree with an explicit stack of open nodes (no recursion).
            let base = open.count
            var cursor: OpaquePointer? = start
            while let node = cursor {
                if let pass = linked, open.count < pass.depth || (open.count == pass.depth && node == pass.next) { linked = nil }
                var copy = shallowCopy(of: node)
                if copy.kind == .text, !autolinks.isOff, linked == nil, let literal = string(PD_NODE_LITERAL, of: node) {
                    switch autolinks.read(text: literal) {
                    case .needsExtension:
                        return false
                    case .needsEmailPass:
                        // Only this node's memory (the thread's arena) changes: no lock is needed.
                        linked = (cmark_node_next(node), open.count)
                        _ = pd_autolink_postprocess(parser, node)
                    case .unchanged:
                        break
                    }
                }
                fill(&copy, from: node, into: &tree, places: places)
                let index = add(copy)
                if let child = cmark_node_first_child(node) {
                    autolinks.enter(copy.kind)
                    open.append(OpenNode(node: node, index: index, lastChild: SyntaxTree.none))
                    cursor = child
                    continue
                }
                autolinks.enterAndLeave(copy.kind)
                // Climb until a node has a next sibling.
                cursor = node == start ? nil : cmark_node_next(node)
                while cursor == nil, open.count > base, let parent = open.popLast() {
                    autolinks.leave(tree.nodes[Int(parent.index)].kind)
                    cursor = parent.node == start ? nil : cmark_node_next(parent.node)
                }
            }
            return true
        }

        /// Copies the document node alone: its blocks come next (`append`), as they close.
        mutating func open(document: OpaquePointer) {
            let index = add(shallowCopy(of: document))
            autolinks.enter(.document)
            open.append(OpenNode(node: document, index: index, lastChild: SyntaxTree.none))
        }

        /// The end of the document `open(document:)` copied: its last line, known once it is finished.
        mutating func close(document: OpaquePointer) {
            guard let opened = open.popLast() else { return }
            tree.nodes[Int(opened.index)].endLine = Int32(cmark_node_get_end_line(document)) + lineOffset
            autolinks.leave(.document)
        }

        /// The copy of `node` without its strings.
        private mutating func shallowCopy(of node: OpaquePointer) -> SyntaxNode {
            var copy = SyntaxNode(
                kind: kind(of: node, &extensionKinds),
                line: Int32(cmark_node_get_start_line(node)) + lineOffset,
                column: Int32(max(1, cmark_node_get_start_column(node)))
            )
            copy.endLine = Int32(cmark_node_get_end_line(node)) + lineOffset
            return copy
        }

        /// Appends `copy` as the last child of the innermost open node; returns its index.
        private mutating func add(_ copy: SyntaxNode) -> Int32 {
            let index = Int32(tree.nodes.count)
            tree.nodes.append(copy)
            if let parent = open.last {
                if parent.lastChild == SyntaxTree.none {
                    tree.nodes[Int(parent.index)].firstChild = index
                } else {
                    tree.nodes[Int(parent.lastChild)].nextSibling = index
                }
                open[open.count - 1].lastChild = index
            }
            return index
        }
    }

    /// A node of the copy's walk whose children are being copied: its C pointer, its index, the
    /// index of its last child so far.
    fileprivate struct OpenNode {
        let node: OpaquePointer
        let index: Int32
        var lastChild: Int32
    }

    /// Where each line of the parsed text starts, to find a literal where cmark says its node starts.
    struct SourcePlaces {
        let bytes: UnsafeBufferPointer<UInt8>
        let lines: LineStarts

        /// The range of the text holding exactly `count` bytes of `literal` at cmark's (1-based)
        /// `line` and `column` of the body, or nil when the text differs there (escapes, entities,
        /// text joined across nodes or lines, stripped container markers).
        func range(of literal: UnsafeBufferPointer<UInt8>, line: Int32, column: Int32) -> SyntaxNode.StringRange? {
            let count = literal.count
            guard count > 0, column >= 1, let lineStart = lines.start(ofLine: Int(line)) else { return nil }
            let start = lineStart + Int(column) - 1
            guard start + count <= bytes.count, memcmp(bytes.baseAddress! + start, literal.baseAddress!, count) == 0 else { return nil }
            return SyntaxNode.StringRange(inSource: start, count: count)
        }
    }

    fileprivate static func string(_ pointer: UnsafePointer<CChar>?) -> String {
        guard let pointer else { return "" }
        return String(cString: pointer)
    }

    fileprivate static func kind(of node: OpaquePointer, _ extensionKinds: inout [(type: cmark_node_type, kind: SyntaxNode.Kind)]) -> SyntaxNode.Kind {
        switch cmark_node_get_type(node) {
        case CMARK_NODE_DOCUMENT: return .document
        case CMARK_NODE_BLOCK_QUOTE: return .blockQuote
        case CMARK_NODE_LIST: return .list
        case CMARK_NODE_ITEM: return .item
        case CMARK_NODE_CODE_BLOCK: return .codeBlock
        case CMARK_NODE_HTML_BLOCK: return .htmlBlock
        case CMARK_NODE_PARAGRAPH: return .paragraph
        case CMARK_NODE_HEADING: return .heading
        case CMARK_NODE_THEMATIC_BREAK: return .thematicBreak
        case CMARK_NODE_FOOTNOTE_DEFINITION: return .footnoteDefinition
        case CMARK_NODE_TEXT: return .text
        case CMARK_NODE_SOFTBREAK: return .softBreak
        case CMARK_NODE_LINEBREAK: return .lineBreak
        case CMARK_NODE_CODE: return .code
        case CMARK_NODE_HTML_INLINE: return .htmlInline
        case CMARK_NODE_EMPH: return .emphasis
        case CMARK_NODE_STRONG: return .strong
        case CMARK_NODE_LINK: return .link
        case CMARK_NODE_IMAGE: return .image
        case CMARK_NODE_FOOTNOTE_REFERENCE: return .footnoteReference
        default:
            // An extension's node type, numbered when it was registered: named by its type string
            // once per parse (a header row's string differs from another row's, not its type).
            let type = cmark_node_get_type(node)
            if let known = extensionKinds.first(where: { $0.type == type }) { return known.kind }
            let kind: SyntaxNode.Kind
            switch string(cmark_node_get_type_string(node)) {
            case "table": kind = .table
            case "table_row", "table_header": kind = .tableRow
            case "table_cell": kind = .tableCell
            case "strikethrough": kind = .strikethrough
            case "tasklist": kind = .item
            default: kind = .unknown
            }
            extensionKinds.append((type, kind))
            return kind
        }
    }

    fileprivate static func fill(_ copy: inout SyntaxNode, from node: OpaquePointer, into tree: inout SyntaxTree, places: SourcePlaces) {
        switch copy.kind {
        case .text, .htmlInline, .htmlBlock:
            // Most of them are in the text as written: then they are not copied.
            guard let literal = string(PD_NODE_LITERAL, of: node) else { break }
            let line = cmark_node_get_start_line(node)
            let column = cmark_node_get_start_column(node)
            copy.literal = places.range(of: literal, line: line, column: column) ?? tree.store(literal)
        case .code, .footnoteReference, .footnoteDefinition:
            copy.literal = store(PD_NODE_LITERAL, of: node, into: &tree)
        case .codeBlock:
            // The info string right after the content (`SyntaxNode.second`).
            copy.literal = store(PD_NODE_LITERAL, of: node, into: &tree)
            let infoByteCount = store(PD_NODE_INFO, of: node, into: &tree).count
            var length: Int32 = 0
            var offset: Int32 = 0
            var character: CChar = 0
            let isFenced = cmark_node_get_fenced(node, &length, &offset, &character) != 0
            copy.payload = .codeBlock(.init(infoByteCount: infoByteCount, isFenced: isFenced, fence: UInt8(bitPattern: character)))
        case .heading:
            copy.payload = .heading(level: Int32(cmark_node_get_heading_level(node)))
        case .list:
            copy.payload = .list(.init(
                start: Int32(cmark_node_get_list_start(node)),
                isOrdered: cmark_node_get_list_type(node) == CMARK_ORDERED_LIST,
                delimiter: cmark_node_get_list_delim(node) == CMARK_PAREN_DELIM ? UInt8(ascii: ")") : UInt8(ascii: ".")
            ))
        case .item:
            // Its type string is "tasklist": compared by extension, without making a String per item.
            if let extensionPointer = cmark_node_get_syntax_extension(node), extensionPointer == tasklistExtension {
                copy.payload = .item(taskChecked: cmark_gfm_extensions_get_tasklist_item_checked(node))
            }
        case .link, .image:
            // The title right after the destination (`SyntaxNode.second`).
            copy.literal = store(PD_NODE_URL, of: node, into: &tree)
            copy.payload = .linkOrImage(titleByteCount: store(PD_NODE_TITLE, of: node, into: &tree).count)
        case .table:
            let columns = Int(cmark_gfm_extensions_get_table_columns(node))
            copy.payload = .table(columnCount: Int32(columns))
            if let alignments = cmark_gfm_extensions_get_table_alignments(node) {
                copy.literal = tree.store(UnsafeBufferPointer(start: alignments, count: columns))
            }
        case .tableRow:
            copy.payload = .tableRow(isHeader: cmark_gfm_extensions_get_table_row_is_header(node) != 0)
        default:
            break
        }
    }

    /// The bytes of one of `node`'s strings as they are in the C tree (nothing is copied, nothing in
    /// the tree changes, so it can be read again); nil where cmark's getter gives no string.
    fileprivate static func string(_ kind: pd_node_string_kind, of node: OpaquePointer) -> UnsafeBufferPointer<UInt8>? {
        var data: UnsafePointer<UInt8>?
        var count: Int32 = 0
        guard pd_node_string(node, kind, &data, &count) != 0 else { return nil }
        return UnsafeBufferPointer(start: data, count: Int(count))
    }

    /// Stores one of `node`'s strings in `tree`: an empty range at the storage's end when it is
    /// empty (a second string stored next follows it), the empty range at 0 when there is none.
    fileprivate static func store(_ kind: pd_node_string_kind, of node: OpaquePointer, into tree: inout SyntaxTree) -> SyntaxNode.StringRange {
        guard let bytes = string(kind, of: node) else { return SyntaxNode.StringRange() }
        return tree.store(bytes)
    }
}
