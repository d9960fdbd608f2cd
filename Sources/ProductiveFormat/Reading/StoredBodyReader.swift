import Foundation

/// Reads a stored page body (the ProseMirror JSON document that `GET /pages/{id}` returns in
/// `attributes.body`, encoded as a string) back into the document model.
///
/// The reader follows shared/reference/page-body.md and is tolerant by design: block ids and
/// attributes equal to their defaults are ignored, the node names Productive's older converter
/// wrote (`bulletList`, `codeBlock`, `hardBreak`, `bold`...) are read as their current names, and a
/// node or mark it does not know is read as its text content with a `StoredBodyNote`, never a crash
/// and never silently dropped. Adjacent text runs with equal marks are merged, so two bodies that
/// differ only in how the server split text compare equal as models.
public enum StoredBodyReader {
    /// What the reader noticed while reading a body.
    public struct Note: Equatable, Sendable, CustomStringConvertible {
        /// Why the note was made.
        public enum Kind: String, Equatable, Sendable {
            /// A node type the reader does not know: read as its text content.
            case unknownNode = "unknown node"
            /// A mark the reader does not know: the text is kept without it.
            case unknownMark = "unknown mark"
            /// A colleague's comment thread (`discussion` mark): a sign of a remote edit.
            case discussion
            /// Content nested deeper than the model holds: flattened into text.
            case tooDeep = "nesting too deep"
        }

        public var kind: Kind
        /// The node or mark type as stored.
        public var type: String
        /// The top-level block it was found in (0-based).
        public var blockIndex: Int

        public var description: String { "block \(blockIndex + 1): \(kind.rawValue) '\(type)'" }
    }

    /// A body read back: the model and what the reader noticed.
    public struct Result: Equatable, Sendable {
        public var document: Document
        public var notes: [Note]
    }

    /// The body could not be read at all (not JSON, or not a document).
    public struct ReadError: Error, Equatable, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// Deeper block nesting than this is flattened into paragraphs of text (with a note).
    public static let maximumDepth = 48

    /// Reads `body` as stored: a JSON string, or nil for a page that never had a body.
    public static func read(_ body: String?) throws(ReadError) -> Result {
        guard let body, !body.isEmpty else { return Result(document: Document(), notes: []) }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(body.utf8), options: [.fragmentsAllowed])
        } catch {
            throw ReadError(description: "the page body is not JSON")
        }
        if let nested = object as? String { return try read(nested) }   // encoded twice
        return try read(object: object)
    }

    /// Reads an already decoded body: a dictionary with `"type": "doc"`.
    public static func read(object: Any) throws(ReadError) -> Result {
        guard let root = object as? [String: Any], (root["type"] as? String) == "doc" else {
            throw ReadError(description: "the page body is not a document (no \"type\": \"doc\" at the top)")
        }
        var reader = Walk()
        var blocks: [Block] = []
        for (index, child) in children(of: root).enumerated() {
            reader.blockIndex = index
            blocks += reader.blocks(from: child, depth: 0)
        }
        return Result(document: Document(blocks: blocks), notes: reader.notes)
    }

    // MARK: Names

    /// Current names for the node types older or alternative encodings use.
    static let nodeAliases: [String: String] = [
        "bulletList": "ul", "bullet_list": "ul", "orderedList": "ol", "ordered_list": "ol",
        "listItem": "li", "list_item": "li", "codeBlock": "codeblock", "code_block": "codeblock",
        "horizontalRule": "divider", "horizontal_rule": "divider", "hardBreak": "br", "hard_break": "br",
        "checklistItem": "checklist_item", "tableRow": "table_row", "tableHeader": "table_header",
        "tableCell": "table_cell", "var": "variable",
    ]

    static func type(of node: [String: Any]) -> String {
        let raw = node["type"] as? String ?? ""
        return nodeAliases[raw] ?? raw
    }

    static func children(of node: [String: Any]) -> [[String: Any]] {
        (node["content"] as? [Any])?.compactMap { $0 as? [String: Any] } ?? []
    }

    static func attrs(of node: [String: Any]) -> [String: Any] {
        node["attrs"] as? [String: Any] ?? [:]
    }
}

extension StoredBodyReader {
    /// One pass over a body; collects notes as it goes.
    struct Walk {
        var notes: [Note] = []
        var blockIndex = 0

        mutating func note(_ kind: Note.Kind, _ type: String) {
            notes.append(Note(kind: kind, type: type, blockIndex: blockIndex))
        }

        // MARK: Blocks

        mutating func blocks(from node: [String: Any], depth: Int) -> [Block] {
            let type = StoredBodyReader.type(of: node)
            let attrs = StoredBodyReader.attrs(of: node)
            let content = StoredBodyReader.children(of: node)
            if depth >= StoredBodyReader.maximumDepth, Self.containerTypes.contains(type) {
                note(.tooDeep, type)
                return flattened(content)
            }
            switch type {
            case "paragraph":
                let inlines = self.inlines(content)
                return inlines.isEmpty ? [] : [.paragraph(inlines, alignment: Self.alignment(attrs))]
            case "heading":
                let level = HeadingLevel(clamping: Self.int(attrs["level"]) ?? 1)
                return [.heading(level, inlines(content), alignment: Self.alignment(attrs))]
            case "blockquote":
                return [.blockquote(children(content, depth: depth))]
            case "codeblock":
                let code = content.map { $0["text"] as? String ?? "" }.joined()
                let language = (attrs["language"] as? String).flatMap { $0.isEmpty ? nil : $0 }
                return [.codeBlock(language: language, code: code)]
            case "ul":
                return [.bulletList(items: content.map { item(of: $0, depth: depth) })]
            case "ol":
                let start = Self.int(attrs["start"]) ?? Self.int(attrs["order"]) ?? 1
                return [.orderedList(start: start, items: content.map { item(of: $0, depth: depth) })]
            case "checklist":
                return [.checklist(items: content.map { checklistItem(of: $0, depth: depth) })]
            case "table":
                return [.table(table(content, depth: depth))]
            case "divider":
                return [.divider]
            case "banner":
                let bannerType = BannerType(rawValue: attrs["type"] as? String ?? "") ?? .info
                return [.banner(bannerType, children(content, depth: depth))]
            case "columns":
                let columns = content.map { children(StoredBodyReader.children(of: $0), depth: depth) }
                if let layout = Columns(columns) { return [.columns(layout)] }
                return columns.flatMap { $0 }
            case "text", "br", "image", "mention", "variable":
                // Inline content where a block belongs: wrap it in a paragraph.
                let inlines = self.inlines([node])
                return inlines.isEmpty ? [] : [.paragraph(inlines)]
            default:
                note(.unknownNode, node["type"] as? String ?? "(no type)")
                if Self.hasBlockChildren(content) { return children(content, depth: depth) }
                let text = StoredBodyReader.text(of: node)
                let inlines = content.isEmpty ? (text.isEmpty ? [] : [Inline.text(text)]) : self.inlines(content)
                return inlines.isEmpty ? [] : [.paragraph(inlines)]
            }
        }

        static let containerTypes: Set<String> = ["blockquote", "ul", "ol", "li", "checklist", "checklist_item", "table", "banner", "columns"]
        static let inlineTypes: Set<String> = ["text", "br", "image", "mention", "variable"]

        static func hasBlockChildren(_ content: [[String: Any]]) -> Bool {
            content.contains { !inlineTypes.contains(StoredBodyReader.type(of: $0)) }
        }

        mutating func children(_ content: [[String: Any]], depth: Int) -> [Block] {
            content.flatMap { blocks(from: $0, depth: depth + 1) }
        }

        mutating func item(of node: [String: Any], depth: Int) -> [Block] {
            let type = StoredBodyReader.type(of: node)
            if type != "li" && type != "checklist_item" { note(.unknownNode, node["type"] as? String ?? "(no type)") }
            return children(StoredBodyReader.children(of: node), depth: depth + 1)
        }

        mutating func checklistItem(of node: [String: Any], depth: Int) -> ChecklistItem {
            let checked = StoredBodyReader.attrs(of: node)["checked"]
            let isChecked = (checked as? Bool) ?? ((checked as? String)?.lowercased() == "true")
            return ChecklistItem(checked: isChecked, blocks: item(of: node, depth: depth))
        }

        mutating func table(_ rows: [[String: Any]], depth: Int) -> Table {
            Table(rows: rows.map { row in
                TableRow(cells: StoredBodyReader.children(of: row).map { cell in
                    let attrs = StoredBodyReader.attrs(of: cell)
                    let content = cellContent(StoredBodyReader.children(of: cell), depth: depth)
                    return TableCell(
                        isHeader: StoredBodyReader.type(of: cell) == "table_header", content: content,
                        colspan: Self.int(attrs["colspan"]) ?? 1, rowspan: Self.int(attrs["rowspan"]) ?? 1,
                        alignment: Self.alignment(attrs),
                        backgroundColor: Self.nonEmpty(attrs["background"]) ?? Self.nonEmpty(attrs["backgroundColor"]))
                })
            })
        }

        /// Cells hold blocks in the stored body and inline content in the model: each line of the
        /// blocks (a paragraph, a list item as `• text`) is joined with hard breaks, as the
        /// converter flattens them.
        mutating func cellContent(_ content: [[String: Any]], depth: Int) -> [Inline] {
            var result: [Inline] = []
            for line in Self.lines(of: children(content, depth: depth)) where !line.isEmpty {
                if !result.isEmpty { result.append(.hardBreak) }
                result += line
            }
            return Self.merged(result)
        }

        /// The inline lines of blocks, in document order: list items get a bullet.
        static func lines(of blocks: [Block]) -> [[Inline]] {
            var collector = LineCollector()
            collector.walk(blocks)
            return collector.lines
        }

        /// Blocks too deep for the model, as paragraphs of their text.
        mutating func flattened(_ content: [[String: Any]]) -> [Block] {
            let text = content.map(StoredBodyReader.text(of:)).filter { !$0.isEmpty }
            return text.map { .paragraph([.text($0)]) }
        }

        // MARK: Inline content

        mutating func inlines(_ content: [[String: Any]]) -> [Inline] {
            var result: [Inline] = []
            for node in content {
                let attrs = StoredBodyReader.attrs(of: node)
                switch StoredBodyReader.type(of: node) {
                case "text":
                    guard let text = node["text"] as? String, !text.isEmpty else { continue }
                    result.append(.text(text, marks(node["marks"])))
                case "br":
                    result.append(.hardBreak)
                case "image":
                    let image = Image(source: attrs["src"] as? String ?? "", alt: attrs["alt"] as? String ?? "",
                                      title: Self.nonEmpty(attrs["title"]), width: Self.int(attrs["width"]))
                    result.append(.image(image, marks(node["marks"])))
                case "mention":
                    let label = attrs["label"] as? String ?? ""
                    if let kind = Mention.Kind(rawValue: attrs["type"] as? String ?? ""), let id = Self.string(attrs["id"]) {
                        result.append(.mention(Mention(kind: kind, id: id, label: label)))
                    } else {
                        note(.unknownNode, "mention of type \(attrs["type"] as? String ?? "?")")
                        if !label.isEmpty { result.append(.text(label)) }
                    }
                case "variable":
                    result.append(.variable(attrs["name"] as? String ?? attrs["var"] as? String ?? ""))
                default:
                    note(.unknownNode, node["type"] as? String ?? "(no type)")
                    let text = StoredBodyReader.text(of: node)
                    if !text.isEmpty { result.append(.text(text, marks(node["marks"]))) }
                }
            }
            return Self.merged(result)
        }

        mutating func marks(_ value: Any?) -> Marks {
            var marks = Marks()
            for mark in (value as? [Any])?.compactMap({ $0 as? [String: Any] }) ?? [] {
                let attrs = StoredBodyReader.attrs(of: mark)
                switch mark["type"] as? String ?? "" {
                case "strong", "bold": marks.strong = true
                case "em", "italic": marks.emphasis = true
                case "strike", "del": marks.strike = true
                case "code": marks.code = true
                case "underline": marks.underline = true
                case "link": marks.link = attrs["href"] as? String
                case "styles", "textStyle":
                    marks.color = Self.nonEmpty(attrs["color"]) ?? marks.color
                    marks.backgroundColor = Self.nonEmpty(attrs["backgroundColor"]) ?? marks.backgroundColor
                case "discussion": note(.discussion, "discussion")
                case let other: note(.unknownMark, other.isEmpty ? "(no type)" : other)
                }
            }
            return marks
        }

        /// Adjacent text runs with equal marks become one run.
        static func merged(_ inlines: [Inline]) -> [Inline] {
            var result: [Inline] = []
            result.reserveCapacity(inlines.count)
            for inline in inlines {
                if case .text(let text, let marks) = inline, case .text(let previous, let previousMarks)? = result.last, marks == previousMarks {
                    result[result.count - 1] = .text(previous + text, marks)
                } else {
                    result.append(inline)
                }
            }
            return result
        }

        // MARK: Attribute values

        static func alignment(_ attrs: [String: Any]) -> Alignment? {
            (nonEmpty(attrs["horizontalAlign"]) ?? nonEmpty(attrs["textAlign"])).flatMap(Alignment.init(rawValue:))
        }

        static func int(_ value: Any?) -> Int? {
            // A JSON boolean is an NSNumber of type `c`; `is Bool` cannot tell (0 and 1 pass it on Linux).
            if let number = value as? NSNumber, String(cString: number.objCType) != "c" { return number.intValue }
            if let string = value as? String { return Int(string) }
            return nil
        }

        static func string(_ value: Any?) -> String? {
            if let string = value as? String { return string.isEmpty ? nil : string }
            if let number = value as? NSNumber { return number.stringValue }
            return nil
        }

        static func nonEmpty(_ value: Any?) -> String? {
            guard let string = value as? String, !string.isEmpty else { return nil }
            return string
        }
    }

    /// All the text under a node, depth first, without recursion.
    static func text(of node: [String: Any]) -> String {
        var out = ""
        var stack: [[String: Any]] = [node]
        while let next = stack.popLast() {
            if let text = next["text"] as? String { out += text }
            if let label = attrs(of: next)["label"] as? String, next["text"] == nil { out += label }
            stack += children(of: next).reversed()
        }
        return out
    }
}

/// The walk of `StoredBodyReader.Walk.lines(of:)`: a line per paragraph, heading, code block and
/// table row; the first of a list item's blocks led by its bullet when it is a line of its own.
private struct LineCollector: BlockWalker {
    var lines: [[Inline]] = []
    /// The bullet of the list item whose first block is being visited, empty elsewhere.
    private var lead = ""

    private mutating func line(_ inlines: [Inline]) {
        lines.append(lead.isEmpty ? inlines : [.text(lead)] + inlines)
        lead = ""
    }

    private mutating func items(_ items: [[Block]], bullet: (Int) -> String) {
        for (index, item) in items.enumerated() {
            for (offset, block) in item.enumerated() {
                lead = offset == 0 ? bullet(index) : ""
                visit(block)
            }
        }
        lead = ""
    }

    mutating func visitParagraph(_ inlines: [Inline], alignment: Alignment?) { line(inlines) }
    mutating func visitHeading(_ level: HeadingLevel, _ inlines: [Inline], alignment: Alignment?) { line(inlines) }
    mutating func visitCodeBlock(language: String?, code: String) { line([.text(code, Marks(code: true))]) }
    mutating func visitDivider() { lead = "" }
    mutating func visitBulletList(items: [[Block]]) { self.items(items) { _ in "• " } }
    mutating func visitOrderedList(start: Int, items: [[Block]]) { self.items(items) { "\(start + $0). " } }
    mutating func visitChecklist(items: [ChecklistItem]) { self.items(items.map(\.blocks)) { items[$0].checked ? "☑ " : "☐ " } }

    mutating func visitBlockquote(_ children: [Block]) {
        lead = ""
        walk(children)
    }

    mutating func visitBanner(_ type: BannerType, _ children: [Block]) {
        lead = ""
        walk(children)
    }

    mutating func visitColumns(_ columns: Columns) {
        lead = ""
        for column in columns.columns { walk(column) }
    }

    mutating func visitTable(_ table: Table) {
        lead = ""
        lines += table.rows.map { row in Array(row.cells.map(\.content).joined(separator: [.text(" | ")])) }
    }
}
