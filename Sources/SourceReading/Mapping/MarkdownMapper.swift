import Foundation
import ProductiveFormat

/// Maps the cmark-gfm syntax tree onto the Productive document model,
/// applying every fallback and reporting it. The walk is iterative with an
/// explicit stack: no recursion over the document's depth.
struct MarkdownMapper {
    let tree: SyntaxTree
    let source: SourceIndex
    let context: MappingContext

    /// Where the first level-1 heading sits among the top-level blocks, for the title check.
    private(set) var firstTitleHeading: (blockIndex: Int, position: SourcePosition)?
    /// Where each top-level block of the last `map()` came from (`BlockSource`), parallel to its
    /// blocks; empty unless `recordsSources`.
    private(set) var sources: [BlockSource] = []
    /// False when no one reads `sources` (`lint`, `convert`): then none is made.
    let recordsSources: Bool

    init(tree: SyntaxTree, source: SourceIndex, context: MappingContext, recordsSources: Bool = true) {
        self.tree = tree
        self.source = source
        self.context = context
        self.recordsSources = recordsSources
    }

    private enum FrameKind {
        case root
        case blockquote(SourcePosition)
        case list(ordered: Bool, start: Int)
        case item(checked: Bool?)
        case footnote
    }

    private struct Frame {
        var kind: FrameKind
        /// The container's own lines and column (the root's are unused).
        var source = BlockSource(lines: nil, column: 1)
        var blocks: [Block] = []
        /// Where each of `blocks` came from.
        var sources: [BlockSource] = []
        var items: [(checked: Bool?, blocks: [Block])] = []
        /// Where each of `items` came from, its blocks as parts.
        var itemSources: [BlockSource] = []
    }

    private struct Walk {
        var frames = [Frame(kind: .root)]
        var depth = 0
        /// Footnote definitions in the order cmark-gfm puts them: the order of their first reference.
        var footnotes: [[Block]] = []
    }

    private func position(_ index: Int32) -> SourcePosition {
        SourcePosition(line: Int(tree[index].line), column: Int(tree[index].column))
    }

    /// The lines and column of a node, its parts left empty.
    private func blockSource(_ index: Int32) -> BlockSource {
        let node = tree[index]
        return BlockSource(lines: Int(node.line)...Int(max(node.line, node.endLine)), column: Int(node.column))
    }

    mutating func map() -> Document {
        guard !tree.nodes.isEmpty else { return Document() }
        var walk = Walk()
        var path: [(node: Int32, pushed: Bool)] = []
        var cursor = tree[0].firstChild
        while true {
            if cursor != SyntaxTree.none {
                let node = tree[cursor]
                switch node.kind {
                case .blockQuote, .list, .item, .footnoteDefinition:
                    path.append((cursor, enter(cursor, &walk)))
                    cursor = node.firstChild
                default:
                    let top = walk.frames.count - 1
                    let before = walk.frames[top].blocks.count
                    if top == 0, firstTitleHeading == nil, node.headingLevel == 1 {
                        firstTitleHeading = (before, position(cursor))
                    }
                    leafBlocks(cursor, topLevel: top == 0, into: &walk.frames[top].blocks)
                    let added = recordsSources ? walk.frames[top].blocks.count - before : 0
                    if added == 1 {
                        walk.frames[top].sources.append(leafSource(cursor))
                    } else if added > 1 {
                        walk.frames[top].sources += repeatElement(leafSource(cursor), count: added)
                    }
                    cursor = node.nextSibling
                }
            } else {
                guard let (node, pushed) = path.popLast() else { break }
                if pushed { exit(&walk) }
                cursor = tree[node].nextSibling
            }
        }
        var blocks = walk.frames[0].blocks
        appendFootnotes(walk.footnotes, to: &blocks)
        if recordsSources {
            sources = walk.frames[0].sources
            sources += repeatElement(BlockSource(lines: nil, column: 1), count: blocks.count - sources.count)
        }
        return Document(blocks: blocks)
    }

    // MARK: Containers

    private func enter(_ index: Int32, _ walk: inout Walk) -> Bool {
        let node = tree[index]
        let at = position(index)
        let inQuote = walk.frames.contains { if case .blockquote = $0.kind { true } else { false } }
        switch node.kind {
        case .blockQuote, .list:
            guard walk.depth < context.options.maximumDepth else {
                context.reportOnce(
                    RuleCatalog.nestingTooDeep, at: at,
                    "blocks nested deeper than \(context.options.maximumDepth) levels: the deeper content is lifted to that level"
                )
                return false
            }
            walk.depth += 1
            if node.kind == .blockQuote {
                if inQuote { context.report(RuleCatalog.undocumentedNesting, at: at, "blockquote inside a blockquote: Productive's nesting rules are undocumented") }
                walk.frames.append(Frame(kind: .blockquote(at), source: blockSource(index)))
            } else {
                if inQuote { context.report(RuleCatalog.undocumentedNesting, at: at, "list inside a blockquote: Productive's nesting rules are undocumented") }
                checkListMarker(index)
                let list = node.list ?? SyntaxNode.ListAttributes(start: 1, isOrdered: false, delimiter: 0)
                walk.frames.append(Frame(kind: .list(ordered: list.isOrdered, start: Int(list.start)), source: blockSource(index)))
            }
            return true
        case .item:
            guard case .list = walk.frames.last?.kind else { return false }
            walk.frames.append(Frame(kind: .item(checked: node.taskChecked), source: blockSource(index)))
            return true
        case .footnoteDefinition:
            context.report(RuleCatalog.footnote, at: at, "footnote definition moved to the numbered notes at the end")
            walk.frames.append(Frame(kind: .footnote))
            return true
        default:
            return false
        }
    }

    private func exit(_ walk: inout Walk) {
        guard let frame = walk.frames.popLast() else { return }
        let parent = walk.frames.count - 1
        switch frame.kind {
        case .root:
            break
        case .blockquote(let at):
            walk.depth -= 1
            let (block, parts) = alertOrQuote(frame.blocks, sources: frame.sources, at: at)
            walk.frames[parent].blocks.append(block)
            guard recordsSources else { return }
            walk.frames[parent].sources.append(BlockSource(lines: frame.source.lines, column: frame.source.column, parts: parts))
        case .item(let checked):
            walk.frames[parent].items.append((checked, frame.blocks))
            guard recordsSources else { return }
            walk.frames[parent].itemSources.append(BlockSource(lines: frame.source.lines, column: frame.source.column, parts: frame.sources))
        case .list(let ordered, let start):
            walk.depth -= 1
            for (list, run) in Self.lists(frame.items, ordered: ordered, start: start) {
                walk.frames[parent].blocks.append(list)
                guard recordsSources else { continue }
                let items = Array(frame.itemSources[run])
                let lines = items.first?.lines.flatMap { first in items.last?.lines.map { first.lowerBound...$0.upperBound } }
                walk.frames[parent].sources.append(BlockSource(lines: lines ?? frame.source.lines, column: frame.source.column, parts: items))
            }
        case .footnote:
            walk.footnotes.append(frame.blocks)
        }
    }

    /// A source list becomes one or more lists: runs of task items are checklists. Each list comes
    /// with the range of `items` it holds.
    private static func lists(_ items: [(checked: Bool?, blocks: [Block])], ordered: Bool, start: Int) -> [(Block, Range<Int>)] {
        var result: [(Block, Range<Int>)] = []
        var runStart = 0
        while runStart < items.count {
            let isTask = items[runStart].checked != nil
            var runEnd = runStart
            while runEnd < items.count, (items[runEnd].checked != nil) == isTask { runEnd += 1 }
            let run = items[runStart..<runEnd]
            if isTask {
                result.append((.checklist(items: run.map { ChecklistItem(checked: $0.checked ?? false, blocks: $0.blocks) }), runStart..<runEnd))
            } else if ordered {
                result.append((.orderedList(start: start + runStart, items: run.map(\.blocks)), runStart..<runEnd))
            } else {
                result.append((.bulletList(items: run.map(\.blocks)), runStart..<runEnd))
            }
            runStart = runEnd
        }
        return result
    }

    private static let alertTypes: [String: BannerType] = [
        "NOTE": .info, "TIP": .success, "IMPORTANT": .info, "WARNING": .warning, "CAUTION": .critical,
    ]

    /// A GitHub alert (`> [!NOTE]` on its own line) becomes a banner; any other quote stays a quote.
    /// Comes with the sources of the block's children (`sources` less the `[!NOTE]` line).
    private func alertOrQuote(_ blocks: [Block], sources: [BlockSource], at position: SourcePosition) -> (Block, [BlockSource]) {
        guard case .paragraph(var inlines, let alignment)? = blocks.first,
              case .text(let text, let marks)? = inlines.first, marks.isEmpty, text.hasPrefix("[!"),
              let close = text.firstIndex(of: "]") else { return (.blockquote(blocks), sources) }
        let name = text[text.index(text.startIndex, offsetBy: 2)..<close].uppercased()
        let rest = text[text.index(after: close)...]
        guard let type = Self.alertTypes[name], rest.isEmpty || rest.hasPrefix("\n") else { return (.blockquote(blocks), sources) }
        context.report(RuleCatalog.githubAlert, at: position, "[!\(name)] alert sent as a banner of type \(type.rawValue)")
        let remaining = String(rest.drop { $0 == "\n" })
        if remaining.isEmpty { inlines.removeFirst() } else { inlines[0] = .text(remaining, marks) }
        while inlines.first == .hardBreak { inlines.removeFirst() }
        var content = Array(blocks.dropFirst())
        var parts = Array(sources.dropFirst())
        if !inlines.isEmpty {
            content.insert(.paragraph(inlines, alignment: alignment), at: 0)
            // The paragraph goes on after the `[!NOTE]` line (no sources when none are recorded).
            if var first = sources.first {
                first.lines = first.lines.map { min($0.lowerBound + 1, $0.upperBound)...$0.upperBound }
                parts.insert(first, at: 0)
            }
        }
        return (.banner(type, content), parts)
    }

    private func checkListMarker(_ index: Int32) {
        let node = tree[index]
        if let list = node.list, list.isOrdered {
            if list.delimiter == UInt8(ascii: ")") {
                context.report(RuleCatalog.nonCanonicalSyntax, at: position(index), "`1)` list written as `1.`")
            }
            return
        }
        let first = node.firstChild
        guard first != SyntaxTree.none,
              let marker = source.byte(line: tree[first].line, column: tree[first].column),
              marker == UInt8(ascii: "*") || marker == UInt8(ascii: "+") else { return }
        context.report(RuleCatalog.nonCanonicalSyntax, at: position(index), "`\(Character(Unicode.Scalar(marker)))` bullets written as `-`")
    }

    // MARK: Leaf blocks

    /// Where a leaf block came from: a table's rows as parts, one line each (the header row, then
    /// the body rows after the delimiter row).
    private func leafSource(_ index: Int32) -> BlockSource {
        var source = blockSource(index)
        guard tree[index].kind == .table, let first = source.lines?.lowerBound else { return source }
        for (row, _) in tree.children(of: index).filter({ tree[$0].kind == .tableRow }).enumerated() {
            let line = first + (row == 0 ? 0 : row + 1)
            source.parts.append(BlockSource(lines: line...line, column: source.column))
        }
        return source
    }

    /// Appends the blocks of a leaf node to `blocks` (none, one, or several for an HTML block):
    /// straight into the container's array, no array per block.
    private func leafBlocks(_ index: Int32, topLevel: Bool, into blocks: inout [Block]) {
        let node = tree[index]
        let at = position(index)
        switch node.kind {
        case .paragraph where topLevel && startsWithBlockElement(index):
            // `<banner ...><p>..</p></banner>` on one line is not an HTML block for cmark: read it as one.
            let html = source.text(line: node.line, column: node.column, endLine: node.endLine)
            blocks += HTMLMapper(tree: HTMLFragmentParser.parse(html), origin: at, context: context).blocks()
        case .paragraph:
            let inlines = inlines(of: index)
            if InlineBuilder.hasVisibleContent(inlines) { blocks.append(.paragraph(inlines)) }
        case .heading:
            if source.byte(line: node.line, column: node.column) != UInt8(ascii: "#") {
                context.report(RuleCatalog.nonCanonicalSyntax, at: at, "setext heading written as an ATX `#` heading")
            }
            blocks.append(context.heading(level: node.headingLevel, inlines(of: index), alignment: nil, at: at))
        case .codeBlock:
            if node.codeBlock?.isFenced != true {
                context.report(RuleCatalog.nonCanonicalSyntax, at: at, "indented code written as a fenced block")
            } else if node.codeBlock?.fence == UInt8(ascii: "~") {
                context.report(RuleCatalog.nonCanonicalSyntax, at: at, "`~~~` fence written with backticks")
            }
            let language = tree.firstWordOfInfo(of: index)
            if let language, Self.diagramLanguages.contains(language.lowercased()) {
                context.report(
                    RuleCatalog.diagramAsCode, at: at,
                    "a `\(language)` diagram is sent as a code block: Productive does not draw it (render it to an image and put the image beside it)"
                )
            }
            blocks.append(.codeBlock(language: language, code: tree.literal(of: index)))
        case .htmlBlock:
            blocks += htmlBlocks(index)
        case .thematicBreak:
            blocks.append(.divider)
        case .table:
            blocks.append(.table(table(index)))
        default:
            break
        }
    }

    /// Fence languages GitHub (or a common docs site) draws as a diagram, which Productive shows as code.
    static let diagramLanguages: Set<String> = ["mermaid", "plantuml", "puml", "dot", "graphviz", "gv", "d2"]

    /// True when a paragraph opens with the tag of a block element (`<banner>`, `<p align>`...).
    private func startsWithBlockElement(_ index: Int32) -> Bool {
        let first = tree[index].firstChild
        guard first != SyntaxTree.none, tree[first].kind == .htmlInline else { return false }
        let literal = tree.literal(of: first)
        guard literal.hasPrefix("<"), !literal.hasPrefix("</") else { return false }
        let name = String(literal.dropFirst().prefix { $0.isLetter || $0.isNumber }).lowercased()
        return HTMLVocabulary.blockElements.contains(name)
    }

    /// CDATA sections, declarations and processing instructions, which libxml2's HTML parser does not keep:
    /// the text to show for them (CDATA's content, or nothing), or nil for ordinary markup.
    private func specialMarkup(_ literal: String, at position: SourcePosition) -> String? {
        if literal.hasPrefix("<![CDATA[") {
            context.report(RuleCatalog.htmlUnsupported, at: position, "CDATA section sent as its text")
            var content = literal.dropFirst(9)
            if let end = content.range(of: "]]>", options: .backwards) { content = content[..<end.lowerBound] }
            return String(content)
        }
        if literal.hasPrefix("<!") || literal.hasPrefix("<?") {
            context.report(RuleCatalog.htmlUnsupported, at: position, "raw HTML `\(literal.prefix(40))` (a declaration or processing instruction) removed")
            return ""
        }
        return nil
    }

    private func htmlBlocks(_ index: Int32) -> [Block] {
        let literal = tree.literal(of: index)
        let trimmed = literal.trimmingWhitespace()
        if !trimmed.hasPrefix("<!--"), let special = specialMarkup(String(trimmed), at: position(index)) {
            return special.isEmpty ? [] : [.codeBlock(language: nil, code: special)]
        }
        if let name = Self.loneStartTag(trimmed), !HTMLVocabulary.voidElements.contains(name), !HTMLVocabulary.unsafeElements.contains(name) {
            context.report(
                RuleCatalog.htmlUnsupported, at: position(index),
                "<\(name)> alone in an HTML block (cmark-gfm ends one at a blank line): the tag is removed, and the Markdown after it is sent as Markdown, not inside it"
            )
            return []
        }
        let html = context.fragment(literal)
        if html.firstRoot == SyntaxTree.none, !trimmed.isEmpty, HTMLVocabulary.closingTagName(String(trimmed)) == nil {
            context.report(RuleCatalog.htmlUnsupported, at: position(index), "raw HTML with no content removed")
        }
        return HTMLMapper(tree: html, origin: position(index), context: context).blocks()
    }

    /// The element name when `html` is exactly one start tag (`<div align="center">`), else nil.
    static func loneStartTag(_ html: Substring) -> String? {
        if let decided = asciiLoneStartTag(html) { return decided }
        guard html.hasPrefix("<"), html.hasSuffix(">"), html.count > 2,
              html.dropFirst().first?.isLetter == true,
              html.dropFirst().dropLast().allSatisfy({ $0 != "<" && $0 != ">" }),
              !html.hasSuffix("/>") else { return nil }
        return String(html.dropFirst().prefix { $0.isLetter || $0.isNumber }).lowercased()
    }

    /// `loneStartTag` decided on bytes when `html` is ASCII without carriage returns (each byte then
    /// is one Character): `.some` holds the answer, nil means the bytes do not decide.
    private static func asciiLoneStartTag(_ html: Substring) -> String?? {
        var html = html
        return html.withUTF8 { bytes -> String?? in
            guard !bytes.contains(where: { $0 >= 0x80 || $0 == UInt8(ascii: "\r") }) else { return nil }
            func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z") }
            let count = bytes.count
            guard count > 2, bytes[0] == UInt8(ascii: "<"), bytes[count - 1] == UInt8(ascii: ">"), isLetter(bytes[1]),
                  !bytes[1..<(count - 1)].contains(where: { $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">") }),
                  bytes[count - 2] != UInt8(ascii: "/") else { return .some(nil) }
            let name = bytes[1...].prefix { isLetter($0) || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) }
            return .some(String(decoding: name.map { isLetter($0) ? $0 | 0x20 : $0 }, as: UTF8.self))
        }
    }

    private func table(_ index: Int32) -> Table {
        let alignments = tree.alignments(of: index).map { code -> Alignment? in
            switch code {
            case UInt8(ascii: "l"): .left
            case UInt8(ascii: "c"): .center
            case UInt8(ascii: "r"): .right
            default: nil
            }
        }
        var rows: [TableRow] = []
        for row in tree.children(of: index) where tree[row].kind == .tableRow {
            var cells: [TableCell] = []
            for (column, cell) in tree.children(of: row).enumerated() {
                cells.append(TableCell(
                    isHeader: tree[row].isHeaderRow, content: inlines(of: cell),
                    alignment: column < alignments.count ? alignments[column] : nil
                ))
            }
            rows.append(TableRow(cells: cells))
        }
        return Table(rows: rows)
    }

    /// The notes under a divider, numbered as the references were (cmark-gfm orders definitions by first reference).
    private func appendFootnotes(_ definitions: [[Block]], to blocks: inout [Block]) {
        guard !definitions.isEmpty else { return }
        blocks.append(.divider)
        blocks.append(.orderedList(start: 1, items: definitions))
    }

    // MARK: Inlines

    /// An open inline HTML element inside a paragraph.
    private struct OpenHTML {
        var name: String
        /// The marks of this element and of every open element below it.
        var marks: Marks
        /// True when this element or one below it removes its content.
        var drops: Bool
    }

    /// The inline HTML elements open in one paragraph, as a stack whose top carries everything
    /// below it, so each tag costs constant time however deep the nesting (no scan of the stack).
    private struct OpenHTMLStack {
        private var stack: [OpenHTML] = []
        /// How many elements of each name are open, so an unmatched closing tag costs nothing.
        private var openCount: [String: Int] = [:]

        /// The marks of all open elements together.
        var marks: Marks? { stack.last?.marks }
        var drops: Bool { stack.last?.drops ?? false }

        func isOpen(_ name: String) -> Bool { (openCount[name] ?? 0) > 0 }

        mutating func open(_ name: String, marks: Marks, drops: Bool) {
            let below = stack.last
            stack.append(OpenHTML(name: name, marks: below.map { $0.marks.union(marks) } ?? marks, drops: drops || self.drops))
            openCount[name, default: 0] += 1
        }

        /// Closes the innermost open `name` and everything opened after it (amortized constant time:
        /// each scanned element is removed).
        mutating func close(_ name: String) {
            guard isOpen(name), let match = stack.lastIndex(where: { $0.name == name }) else { return }
            for element in stack[match...] { openCount[element.name, default: 1] -= 1 }
            stack.removeSubrange(match...)
        }
    }

    /// The inline content under `parent`, as flat runs with marks.
    func inlines(of parent: Int32) -> [Inline] {
        var builder = InlineBuilder(scratch: context.takeInlineScratch())
        var markStack: [Marks] = [Marks()]
        var html = OpenHTMLStack()
        var path: [Int32] = []
        var cursor = tree[parent].firstChild
        func current() -> Marks {
            html.marks.map { markStack[markStack.count - 1].union($0) } ?? markStack[markStack.count - 1]
        }
        while true {
            guard cursor != SyntaxTree.none else {
                guard let done = path.popLast() else { break }
                markStack.removeLast()
                cursor = tree[done].nextSibling
                continue
            }
            let node = tree[cursor]
            var descend: Marks?
            switch node.kind {
            case .htmlInline:
                inlineHTML(cursor, &html, &builder, marks: current())
            case .emphasis, .strong, .strikethrough, .link:
                descend = marks(inside: cursor, node.kind, outer: markStack[markStack.count - 1])
            default:
                if !appendLeaf(cursor, node.kind, to: &builder, marks: current, dropping: html.drops) {
                    descend = markStack[markStack.count - 1]
                }
            }
            if let descend, node.firstChild != SyntaxTree.none {
                markStack.append(descend)
                path.append(cursor)
                cursor = node.firstChild
            } else {
                cursor = node.nextSibling
            }
        }
        let inlines = builder.take()
        context.inlineScratch = builder.takeScratch()
        return replacingShortcodes(inlines, in: parent)
    }

    /// The marks inside `cursor`, an inline container: emphasis, strong, strike or a link.
    private func marks(inside cursor: Int32, _ kind: SyntaxNode.Kind, outer: Marks) -> Marks {
        switch kind {
        case .emphasis, .strong:
            checkEmphasisDelimiter(cursor)
            return outer.union(kind == .strong ? Marks(strong: true) : Marks(emphasis: true))
        case .strikethrough:
            return outer.union(Marks(strike: true))
        default:
            var marks = outer
            marks.link = context.linkTarget(tree.url(of: cursor), at: position(cursor))
            if marks.link != nil, !tree.title(of: cursor).isEmpty {
                context.report(RuleCatalog.linkTitle, at: position(cursor), "link title “\(tree.title(of: cursor))” dropped (Productive's links have none); its text and target are kept")
            }
            return marks
        }
    }

    /// Appends the leaf `cursor` (text, a break, code, an image, a footnote reference) with the
    /// marks `current` gives, unless raw HTML around it is `dropping` it (a footnote reference is
    /// numbered and reported even then). False when `kind` is no leaf: its children are read.
    private func appendLeaf(_ cursor: Int32, _ kind: SyntaxNode.Kind, to builder: inout InlineBuilder, marks current: () -> Marks, dropping: Bool) -> Bool {
        switch kind {
        case .text:
            if !dropping { tree.withLiteralBytes(of: cursor) { builder.text(bytes: $0, current()) } }
        case .softBreak:
            if !dropping { builder.text("\n", current()) }
        case .lineBreak:
            if !dropping { builder.append(.hardBreak) }
        case .code:
            if !dropping {
                let marks = current().union(Marks(code: true))
                tree.withLiteralBytes(of: cursor) { builder.text(bytes: $0, marks) }
            }
        case .image:
            if !dropping {
                builder.append(context.image(
                    source: tree.url(of: cursor), alt: plainText(of: cursor), title: Optional(tree.title(of: cursor)).flatMap { $0.isEmpty ? nil : $0 },
                    width: nil, marks: current(), at: position(cursor)
                ))
            }
        case .footnoteReference:
            let number = context.footnoteNumber(tree.literal(of: cursor))
            context.report(RuleCatalog.footnote, at: position(cursor), "footnote reference sent as [\(number)]")
            if !dropping { builder.text("[\(number)]", current()) }
        default:
            return false
        }
        return true
    }

    /// `inlines` with GitHub emoji shortcodes (`:rocket:`) sent as their emoji, outside code; a
    /// name that looks like a shortcode but is not one, or one of GitHub's image emoji, is reported
    /// where it is written (PD020).
    private func replacingShortcodes(_ inlines: [Inline], in parent: Int32) -> [Inline] {
        var result = inlines
        var after: SourcePosition?
        for index in result.indices {
            guard case .text(let text, let marks) = result[index], !marks.code, let replaced = EmojiShortcodes.replacing(in: text) else { continue }
            result[index] = .text(replaced.text, marks)
            let node = tree[parent]
            for unsent in replaced.unsent {
                let found = source.position(of: Array(":\(unsent.name):".utf8), line: node.line, column: node.column, endLine: node.endLine, after: after)
                after = found ?? after
                context.report(
                    RuleCatalog.emojiShortcode, at: found ?? position(parent),
                    unsent.isImage
                        ? "`:\(unsent.name):` is one of GitHub's image emoji, which has no Unicode character: sent as written"
                        : "`:\(unsent.name):` is not a GitHub emoji shortcode: sent as written"
                )
            }
        }
        return result
    }

    private func inlineHTML(_ index: Int32, _ open: inout OpenHTMLStack, _ builder: inout InlineBuilder, marks: Marks) {
        let literal = tree.literal(of: index)
        let at = position(index)
        if literal.hasPrefix("<!--") {
            context.report(RuleCatalog.htmlComment, at: at, "HTML comment removed")
            return
        }
        if let name = HTMLVocabulary.closingTagName(literal) {
            open.close(name)
            return
        }
        if let special = specialMarkup(literal, at: at) {
            if !open.drops { builder.text(special, marks) }
            return
        }
        guard let node = context.startTag(literal) else {
            context.report(RuleCatalog.htmlUnsupported, at: at, "raw HTML `\(literal.prefix(40))` removed")
            return
        }
        let isVoid = HTMLVocabulary.voidElements.contains(node.name)
        // An element nested in one of the same name was reported with the outer one.
        switch context.inlineAction(for: node, marks: marks, at: at, quiet: open.isOpen(node.name)) {
        case .drop:
            if !isVoid { open.open(node.name, marks: Marks(), drops: true) }
        case .replaced(let inline):
            if !open.drops { builder.append(inline) }
            // A mention or variable span carries its label as content: do not show it twice.
            if !isVoid { open.open(node.name, marks: Marks(), drops: true) }
        case .marks(let added):
            if !isVoid { open.open(node.name, marks: added, drops: false) }
        case .unsupported:
            if !isVoid { open.open(node.name, marks: Marks(), drops: false) }
        }
    }

    private func checkEmphasisDelimiter(_ index: Int32) {
        let node = tree[index]
        guard source.byte(line: node.line, column: node.column) == UInt8(ascii: "_") else { return }
        let written = node.kind == .strong ? "`__bold__` written as `**bold**`" : "`_italic_` written as `*italic*`"
        context.report(RuleCatalog.nonCanonicalSyntax, at: position(index), written)
    }

    /// The text under `index` (an image's alt text), without recursion.
    private func plainText(of index: Int32) -> String {
        var out = ""
        var stack: [Int32] = []
        var cursor = tree[index].firstChild
        while true {
            guard cursor != SyntaxTree.none else {
                guard let parent = stack.popLast() else { break }
                cursor = tree[parent].nextSibling
                continue
            }
            let node = tree[cursor]
            switch node.kind {
            case .text, .code: out += tree.literal(of: cursor)
            case .softBreak, .lineBreak: out += " "
            default: break
            }
            if node.firstChild != SyntaxTree.none {
                stack.append(cursor)
                cursor = node.firstChild
            } else {
                cursor = node.nextSibling
            }
        }
        return out
    }
}
