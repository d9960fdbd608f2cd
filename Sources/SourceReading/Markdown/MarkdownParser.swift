import CCmarkGFM
import CMarkGFMInternals
import CMarkGFMShared
import Foundation
import ProductiveFormat

/// Parses Markdown with cmark-gfm (tables, strikethrough, task lists,
/// autolinks, footnotes) into a Swift-owned `SyntaxTree`.
///
/// This is the only place that touches cmark's C pointers: parse, copy, free.
///
/// Parses may run on several threads at once. Each allocates from its own thread's arena
/// (`parse_arena.h`), so the trees never share memory. cmark-gfm 0.29 still keeps one global
/// table of the characters its inline extensions (`~`, autolinks) react to, and every parse adds
/// them when its inline parsing starts and removes them when it ends: two parses interleaved there
/// would miss each other's strikethroughs and autolinks. So cmark's inline parsing (finish, or a
/// block's inlines) runs under the process-wide lock (`CMarkGFMProcess`); the feed (blocks and the
/// reference definitions, which read no such table), the copy of the tree, the mapping and
/// everything after run in parallel.
enum MarkdownParser {
    private static var extensionsRegistered: Bool { CMarkGFMProcess.extensionsRegistered }

    /// The task list extension, which marks the list items it reads as its own (set once, only read).
    nonisolated(unsafe) private static let tasklistExtension = extensionsRegistered ? cmark_find_syntax_extension("tasklist") : nil

    /// Parses `text`; node lines are shifted by `lineOffset` (the lines of front matter before the body).
    static func parse(_ text: String, lineOffset: Int = 0) -> SyntaxTree {
        let bytes = Array(text.utf8)[...]
        return parse(bytes, lines: LineStarts(bytes), lineOffset: lineOffset)
    }

    /// Parses `body`, valid UTF-8 whose lines start at `lines`; node lines are shifted by
    /// `lineOffset` (the lines of front matter before the body). The tree keeps `body` (no copy).
    static func parse(_ body: ArraySlice<UInt8>, lines: LineStarts, lineOffset: Int) -> SyntaxTree {
        parse(body, lines: lines, lineOffset: lineOffset, autolinkExtension: .whenNeeded)
    }

    /// When the parse attaches cmark's `autolink` extension: only when its tree would differ
    /// (`AutolinkGate`), at once when the bytes say a web link is likely in the text; the same
    /// without that guess; or always. The tests compare all three.
    enum AutolinkExtension {
        case whenNeeded, whenTheTreeNeedsIt, always
    }

    /// How the text is fed to cmark and its tree copied: a long text block by block, a short one
    /// whole (`bySize`); always whole; or block by block in windows of this many bytes (where the
    /// text allows windows), whatever its length. The tests compare them.
    enum Feeding {
        case bySize, whole, blockByBlock(window: Int)
    }

    /// Parses `body` as above; `autolinkExtension` says when cmark's autolink extension is attached,
    /// `feeding` how the text goes to cmark.
    static func parse(_ body: ArraySlice<UInt8>, lines: LineStarts, lineOffset: Int, autolinkExtension: AutolinkExtension, feeding: Feeding = .bySize) -> SyntaxTree {
        precondition(extensionsRegistered)
        defer { pd_parse_arena_release() }
        return body.withUnsafeBufferPointer { source in
            let places = SourcePlaces(bytes: source, lines: lines)
            let footnotes = mayHoldFootnote(source)
            var gate = autolinkExtension == .always ? .off : AutolinkGate(scanning: source)
            // Footnote processing drops definitions, and with them text the gate never sees, where a
            // web link could have changed which references count (taken one in, or the opener of a
            // code span that hid one): such a text takes the extension at once, and so does one whose
            // bytes say a web link is likely in its text (not parsed twice).
            var matching = AutolinkMatching.none
            if autolinkExtension == .always {
                matching = .wholeExtension
            } else {
                let guessing = autolinkExtension == .whenNeeded
                if gate.mayHoldWWWLink, footnotes || (guessing && AutolinkGate.wwwLinkLikelyInText(source)) {
                    matching = .webLinks
                } else if gate.mayHoldSchemeLink, footnotes || (guessing && AutolinkGate.schemeLinkLikelyInText(source)) {
                    matching = .schemeLinks
                }
                gate = gate.matched(by: matching)
            }
            // A long text is copied block by block: each top-level block's inlines parsed, copied and
            // freed in turn, so that the C tree of all its inlines is never held at once; without
            // reference definitions (`]:`), no block's inlines depend on a later block, and the text
            // is fed in windows, so its blocks are not held at once either. Footnotes are processed
            // over the whole tree, and so is a text that has them.
            let window: Int?
            switch feeding {
            case .bySize where source.count > blockByBlockBytes: window = windowBytes
            case .blockByBlock(let bytes): window = bytes
            case .bySize, .whole: window = nil
            }
            let feed = footnotes ? nil : window.map { ByteSearch.contains("]:", in: source) ? source.count : $0 }
            while true {
                var copy = TreeCopy(source: body, places: places, lineOffset: lineOffset, gate: gate)
                guard let parser = newParser(autolinks: matching, footnotes: footnotes) else { return SyntaxTree() }
                let copied = if let window = feed, matching != .wholeExtension, pd_parser_has_postprocess(parser) == 0 {
                    parseBlockByBlock(source, with: parser, window: window, into: &copy)
                } else {
                    parseWhole(source, with: parser, into: &copy)
                }
                guard let copied else { return SyntaxTree() }
                if copied { return copy.tree }
                // A text holds a web link: parsed again with the extension's matches (the `:` one
                // alone while the source holds no `www.`), in memory of its own.
                matching = matching == .none && !gate.mayHoldWWWLink ? .schemeLinks : .webLinks
                gate = gate.matched(by: matching)
                pd_parse_arena_release()
            }
        }
    }

    /// The bytes a window of a parse in windows feeds at least (then up to the end of a line).
    static let windowBytes = 64 << 10
    /// Texts up to this long are parsed whole (their tree is small; freeing it block by block
    /// would cost more than the arena's release).
    static let blockByBlockBytes = 4 * windowBytes

    /// What a parse takes of cmark's autolink extension.
    enum AutolinkMatching {
        /// Nothing: `www.` and `://` are plain text, no address is linked.
        case none
        /// Its inline matches (`pd_autolink_inline_extension_new`): web links, not addresses, which
        /// the copy links in the text nodes holding an `@` (the extension's own walk over the whole
        /// tree, done per node).
        case webLinks
        /// Only its `scheme://` match, at `:` (`w` is not made special): where no `www.` can be a link.
        case schemeLinks
        /// The registered extension, matches and postprocess: what the others are compared with.
        case wholeExtension
    }

    /// The autolink extension without its postprocess, made once: both matches, and `:`'s alone.
    nonisolated(unsafe) private static let autolinkInlineExtension = extensionsRegistered ? pd_autolink_inline_extension_new(1) : nil
    nonisolated(unsafe) private static let autolinkSchemeExtension = extensionsRegistered ? pd_autolink_inline_extension_new(0) : nil

    /// True when the bytes contain `[^`, without which cmark finds no footnote reference or definition.
    static func mayHoldFootnote(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        ByteSearch.contains("[^", in: bytes)
    }

    /// A parser that allocates from this thread's arena (no malloc and free per node): its trees
    /// live in the arena until `pd_parse_arena_release`, and so does the parser (no
    /// cmark_parser_free). `autolinks` says what of cmark's autolink extension is attached (see
    /// `AutolinkGate`). Footnote processing walks the whole tree twice, so it is on only when
    /// `footnotes` says the text can hold a footnote (`mayHoldFootnote`).
    private static func newParser(autolinks: AutolinkMatching, footnotes: Bool) -> OpaquePointer? {
        // The bytes are valid UTF-8 already (`SourceDecoder`), so cmark need not validate them.
        var options = CMARK_OPT_UNSAFE
        if footnotes { options |= CMARK_OPT_FOOTNOTES }
        guard let parser = cmark_parser_new_with_mem(options, pd_parse_arena_allocator()) else { return nil }
        for name in autolinks == .wholeExtension ? ["table", "strikethrough", "tasklist", "autolink"] : ["table", "strikethrough", "tasklist"] {
            if let extensionPointer = cmark_find_syntax_extension(name) {
                cmark_parser_attach_syntax_extension(parser, extensionPointer)
            }
        }
        if let inlineOnly = autolinks == .webLinks ? autolinkInlineExtension : autolinks == .schemeLinks ? autolinkSchemeExtension : nil {
            cmark_parser_attach_syntax_extension(parser, inlineOnly)
        }
        return parser
    }

    /// Feeds `bytes` to `parser`.
    private static func feed(_ parser: OpaquePointer, _ bytes: UnsafeBufferPointer<UInt8>) {
        bytes.withMemoryRebound(to: CChar.self) { chars in
            cmark_parser_feed(parser, chars.baseAddress, chars.count)
        }
    }

    /// Parses all of `body` (feed, then finish, under the process lock), then copies the tree: false
    /// when the copy found a text that needs the extension's matches, nil when cmark gave no tree.
    private static func parseWhole(_ body: UnsafeBufferPointer<UInt8>, with parser: OpaquePointer, into copy: inout TreeCopy) -> Bool? {
        feed(parser, body)
        let root = CMarkGFMProcess.withParseLock { cmark_parser_finish(parser) }
        guard let root else { return nil }
        return copy.append(root, of: parser)
    }

    /// Parses `body` block by block: fed in windows of `window` bytes (up to a line's end), after
    /// each feed the closed top-level blocks get their inlines (`pd_parse_closed_block_inlines`,
    /// under the process lock), are copied (outside it) and freed, their memory taken again by the
    /// next; finish parses the last blocks. The tree is the one `parseWhole` makes: cmark parses
    /// each block's inlines on their own, with the reference map of the definitions closed before
    /// them. Fed in windows, a text must hold no definitions (no block's inlines may depend on a
    /// later one); fed whole, a text whose last paragraph may begin with a definition (still open,
    /// so not yet read) has its inlines parsed by finish, all at once.
    private static func parseBlockByBlock(_ body: UnsafeBufferPointer<UInt8>, with parser: OpaquePointer, window: Int, into copy: inout TreeCopy) -> Bool? {
        guard let document = pd_parser_document(parser), let base = body.baseAddress else { return nil }
        copy.open(document: document)
        var start = 0
        while start < body.count {
            var end = min(body.count, start + window)
            if end < body.count, let newline = memchr(base + end, Int32(UInt8(ascii: "\n")), body.count - end) {
                end = UnsafeRawPointer(newline).assumingMemoryBound(to: UInt8.self) - base + 1
            } else {
                end = body.count
            }
            let bytes = UnsafeBufferPointer(rebasing: body[start..<end])
            feed(parser, bytes)
            let closed = end == body.count && window >= body.count && pd_parser_may_define_more(parser) != 0
                ? 0 : CMarkGFMProcess.withParseLock { pd_parse_closed_block_inlines(parser, document) }
            for _ in 0..<closed {
                guard let block = cmark_node_first_child(document) else { break }
                guard copy.append(block, of: parser) else { return false }
                cmark_node_free(block)
            }
            start = end
        }
        guard let root = CMarkGFMProcess.withParseLock({ cmark_parser_finish(parser) }) else { return nil }
        var next = cmark_node_first_child(root)
        while let block = next {
            guard copy.append(block, of: parser) else { return false }
            next = cmark_node_next(block)
        }
        copy.close(document: root)
        return true
    }

    /// A copy of a C tree into a `SyntaxTree` in the making: whole (`append` of the root), or in
    /// windows (`open(document:)`, `append` of each top-level block as it closes, `close(document:)`).
    private struct TreeCopy {
        var tree: SyntaxTree
        let places: SourcePlaces
        let lineOffset: Int32
        /// The nodes whose children are being copied, outermost first.
        var open: [OpenNode] = []
        var extensionKinds: [(type: cmark_node_type, kind: SyntaxNode.Kind)] = []
        var autolinks: AutolinkGate.Walk
        /// The nodes the e-mail pass put after a text node (its links, the text between them) are
        /// that pass's work, which reads none of them again: until the node that followed the text.
        var linked: (next: OpaquePointer?, depth: Int)?

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
            tree.nodes[Int(opened.index)].endLine = shallowCopy(of: document).endLine
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
    private struct OpenNode {
        let node: OpaquePointer
        let index: Int32
        var lastChild: Int32
    }

    /// Where each line of the parsed text starts, to find a literal where cmark says its node starts.
    private struct SourcePlaces {
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

    private static func string(_ pointer: UnsafePointer<CChar>?) -> String {
        guard let pointer else { return "" }
        return String(cString: pointer)
    }

    private static func kind(of node: OpaquePointer, _ extensionKinds: inout [(type: cmark_node_type, kind: SyntaxNode.Kind)]) -> SyntaxNode.Kind {
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

    private static func fill(_ copy: inout SyntaxNode, from node: OpaquePointer, into tree: inout SyntaxTree, places: SourcePlaces) {
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
    private static func string(_ kind: pd_node_string_kind, of node: OpaquePointer) -> UnsafeBufferPointer<UInt8>? {
        var data: UnsafePointer<UInt8>?
        var count: Int32 = 0
        guard pd_node_string(node, kind, &data, &count) != 0 else { return nil }
        return UnsafeBufferPointer(start: data, count: Int(count))
    }

    /// Stores one of `node`'s strings in `tree`: an empty range at the storage's end when it is
    /// empty (a second string stored next follows it), the empty range at 0 when there is none.
    private static func store(_ kind: pd_node_string_kind, of node: OpaquePointer, into tree: inout SyntaxTree) -> SyntaxNode.StringRange {
        guard let bytes = string(kind, of: node) else { return SyntaxNode.StringRange() }
        return tree.store(bytes)
    }
}
