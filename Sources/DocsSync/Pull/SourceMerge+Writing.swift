import ProductiveFormat

extension SourceMerge {
    /// The source text of remote `pieces`: written as `pull` writes a page (source-style Markdown;
    /// images as the page holds them), every line given its containers' prefix (`first` on the
    /// first line, `rest` on the others), in the file's line ends. Blocks are written together, after
    /// `following` when given, so that two lists in a row take different markers (Markdown would
    /// read them as one list).
    func written(_ pieces: [Block], shape: Shape, first: [UInt8], rest: [UInt8], following: Block? = nil) -> [UInt8] {
        let writer = MarkdownWriter(style: .source)
        var text: [String] = []
        if case .blocks = shape {
            text = Self.blockLines(pieces, following: following, writer: writer)
        }
        for piece in pieces {
            switch shape {
            case .blocks:
                continue
            case .items(let marker):
                text += Self.withMarker(LineDiff.lines(of: writer.write(Document(blocks: [piece]))), marker)
            case .rows:
                guard case .table(var table) = piece, !table.rows.isEmpty else { continue }
                // A row alone is written as a header row: its line is the row (the alignments are
                // the delimiter row's, which stays).
                for cell in table.rows[0].cells.indices {
                    table.rows[0].cells[cell].isHeader = true
                    table.rows[0].cells[cell].alignment = nil
                }
                text += LineDiff.lines(of: writer.write(Document(blocks: [.table(table)]))).prefix(1)
            }
        }
        var out: [UInt8] = []
        for (index, line) in text.enumerated() {
            let prefix = index == 0 ? first : rest
            out += line.isEmpty ? Self.trimmed(prefix) : prefix + Array(line.utf8)
            out += lines.lineEnd
        }
        return out
    }

    /// The lines of `blocks` written one after another, as they would be after `following`.
    static func blockLines(_ blocks: [Block], following: Block?, writer: MarkdownWriter) -> [String] {
        let alone = LineDiff.lines(of: writer.write(Document(blocks: blocks)))
        guard let following else { return alone }
        let before = LineDiff.lines(of: writer.write(Document(blocks: [following])))
        let together = LineDiff.lines(of: writer.write(Document(blocks: [following] + blocks)))
        // The block before, a blank line, then the blocks: else the writer joined them otherwise.
        guard together.count > before.count, Array(together.prefix(before.count)) == before, together[before.count].isEmpty else { return alone }
        return Array(together.dropFirst(before.count + 1))
    }

    /// The lines of a one-item list with the list's own bullet (`*`, `+`) or delimiter (`)`):
    /// another one would start a new list.
    static func withMarker(_ written: [String], _ marker: UInt8?) -> [String] {
        guard var first = written.first, let marker else { return written }
        if marker == UInt8(ascii: "*") || marker == UInt8(ascii: "+"), first.hasPrefix("- ") {
            first = String(UnicodeScalar(marker)) + first.dropFirst()
        } else if marker == UInt8(ascii: ")"), let dot = first.firstIndex(of: "."), !first[..<dot].isEmpty, first[..<dot].allSatisfy(\.isASCII), first[..<dot].allSatisfy(\.isNumber) {
            first.replaceSubrange(dot...dot, with: ")")
        }
        return [first] + written.dropFirst()
    }

    /// The prefix of a container's lines after its first: quote markers kept, the rest (a list
    /// marker, indent) as spaces.
    static func continuation(_ prefix: [UInt8]) -> [UInt8] {
        prefix.map { $0 == UInt8(ascii: ">") || $0 == 0x09 ? $0 : 0x20 }
    }

    /// `prefix` without trailing blanks: the prefix of an empty line.
    static func trimmed(_ prefix: [UInt8]) -> [UInt8] {
        Array(prefix.reversed().drop { $0 == 0x20 || $0 == 0x09 }.reversed())
    }

    /// The parts of a container block as blocks of their own, and how they are merged: a quote's
    /// or banner's blocks, a list's items (one-item lists, numbered as they stand), a table's rows
    /// (one-row tables). Nil for a block that is merged whole.
    static func parts(of block: Block) -> (Shape, [Block])? {
        switch block {
        case .blockquote(let children), .banner(_, let children):
            return (.blocks, children)
        case .bulletList(let items):
            return (.items(marker: nil), items.map { .bulletList(items: [$0]) })
        case .orderedList(let start, let items):
            return (.items(marker: nil), items.enumerated().map { .orderedList(start: start + $0.offset, items: [$0.element]) })
        case .checklist(let items):
            return (.items(marker: nil), items.map { .checklist(items: [$0]) })
        case .table(let table):
            return (.rows, table.rows.map { .table(Table(rows: [$0])) })
        default:
            return nil
        }
    }

    /// True when `remote` is the same kind of container as `base`, so that it can be merged part by
    /// part: a quote, a banner of the same type, a list of the same kind (and start), a table of as
    /// many columns whose first row is still its header row.
    static func sameContainer(_ base: Block, _ remote: Block) -> Bool {
        switch (base, remote) {
        case (.blockquote, .blockquote), (.bulletList, .bulletList), (.checklist, .checklist):
            return true
        case (.banner(let a, _), .banner(let b, _)):
            return a == b
        case (.orderedList(let a, _), .orderedList(let b, _)):
            return a == b
        case (.table(let a), .table(let b)):
            func shape(_ table: Table) -> [Int] { table.rows.first.map { [$0.cells.count] + $0.cells.map { $0.isHeader ? 1 : 0 } } ?? [] }
            return shape(a) == shape(b) && Set(a.rows.map(\.cells.count)) == Set(b.rows.map(\.cells.count))
        default:
            return false
        }
    }
}
