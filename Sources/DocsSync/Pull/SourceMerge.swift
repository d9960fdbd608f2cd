import ProductiveFormat
import SourceReading

/// Brings what changed on a page since the last publish into its source file, block by block, and
/// leaves every other byte of the file as it is.
///
/// The base is the model the file publishes (the file is unchanged since the last publish, so that
/// is what the page was given); the remote side is the page's stored body. Both are compared block by
/// block (an edit script over their canonical forms), and within a quote, banner, list or table
/// that is there on both sides, part by part: the blocks of the quote, the items, the rows. A block
/// that equals its remote form keeps its source lines byte for byte (images, comments, directives,
/// raw HTML, footnote markers, wrapping); a changed block is written from the page in the source
/// style; inserted and deleted blocks are inserted and deleted in place. A change that touches a
/// block holding what the page cannot store (`MappedDocument.losses`: an image, raw HTML, a
/// comment, a footnote...) is not applied: the file gets git-style conflict markers around that
/// block, both sides in full.
struct SourceMerge {
    /// A block the merge could not apply: its first file line and why.
    struct Conflict: Equatable, Sendable {
        var line: Int
        var reason: String
    }

    /// The merged file, the conflicts marked in it, and how many places changed.
    struct Result: Equatable, Sendable {
        var bytes: [UInt8]
        var conflicts: [Conflict]
        /// Insertions, deletions, rewrites and conflicts.
        var changed: Int
    }

    /// How the pieces of one sequence are written and spaced.
    enum Shape {
        /// Blocks of the body, a quote or a banner: separated by a blank line.
        case blocks
        /// Items of a list, written with the list's own marker.
        case items(marker: UInt8?)
        /// Rows of a table: one line each.
        case rows
    }

    /// One side of the merge: blocks in order. `remote` is compared, `remoteWritten` (the same
    /// blocks with page links made relative to the file again) is what the file gets.
    struct Input {
        var file: [UInt8]
        var base: [Block]
        var sources: [BlockSource]
        var losses: [SourcePosition]
        var remote: [Block]
        var remoteWritten: [Block]
        /// The conflict markers' labels: `<<<<<<< local`, `>>>>>>> remote`.
        var localLabel: String
        var remoteLabel: String
        /// A new title, where the file says it (`SourceFileText.titleEdit`).
        var titleEdit: (range: Range<Int>, text: [UInt8])?
    }

    let lines: FileLines
    let lossLines: Set<Int>
    let labels: (local: String, remote: String)
    private var splices: [(range: Range<Int>, text: [UInt8])] = []
    private var conflicts: [Conflict] = []

    private init(_ input: Input) {
        lines = FileLines(input.file)
        lossLines = Set(input.losses.map(\.line))
        labels = (input.localLabel, input.remoteLabel)
    }

    /// Merges `input.remote` into `input.file`. Nil when the model and its sources do not line up
    /// (then nothing can be kept by position).
    static func merge(_ input: Input) -> Result? {
        guard input.base.count == input.sources.count, input.remote.count == input.remoteWritten.count else { return nil }
        var merge = SourceMerge(input)
        if let title = input.titleEdit { merge.splices.append(title) }
        let sources = input.sources.map(merge.withoutBlankEnd)
        merge.sequence(base: input.base, sources: sources, remote: input.remote, written: input.remoteWritten, shape: .blocks)
        return Result(bytes: merge.applied(), conflicts: merge.conflicts.sorted { $0.line < $1.line }, changed: merge.splices.count)
    }

    /// `source` with no blank line at the end of its lines (nor of its parts'): cmark ends a list's
    /// last item, and the list, after the blank lines that follow it, and what is inserted after the
    /// item, or written in its place, must come before them, else a paragraph after the list would
    /// run into the item.
    func withoutBlankEnd(_ source: BlockSource) -> BlockSource {
        var trimmed = source
        if let span = source.lines {
            var last = span.upperBound
            while last > span.lowerBound, lines.isBlank(last) { last -= 1 }
            trimmed.lines = span.lowerBound...last
        }
        trimmed.parts = source.parts.map(withoutBlankEnd)
        return trimmed
    }

    /// The form blocks are compared in: verification's canonical form (`Document.canonicalForm`),
    /// which absorbs how Productive stores a body. (An ordered list's items compare without their
    /// number: an item inserted above renumbers the rest.)
    static func key(_ block: Block) -> Block? {
        if case .orderedList(let start, let items) = block, items.count == 1, start != 1 { return key(.orderedList(start: 1, items: items)) }
        return Document(blocks: [block]).canonicalForm().blocks.first
    }

    // MARK: Sequences

    /// Merges one sequence of pieces: the body's blocks, or the parts of one container.
    private mutating func sequence(base: [Block], sources: [BlockSource], remote: [Block], written: [Block], shape: Shape) {
        let matchOf = Self.matches(base: base, sources: sources, remote: remote)
        var (b, r) = (0, 0)
        while b < base.count || r < remote.count {
            if b < base.count, matchOf[b] == r {
                (b, r) = (b + 1, r + 1)
                continue
            }
            let nextB = (b..<base.count).first { matchOf[$0] != nil } ?? base.count
            let nextR = nextB < base.count ? (matchOf[nextB] ?? remote.count) : remote.count
            hunk(base: b..<nextB, remote: r..<nextR, in: (base, sources, remote, written), shape: shape)
            (b, r) = (nextB, nextR)
        }
    }

    /// For each base piece, the remote piece it stays as, if any. Pieces read from one source (an
    /// HTML block that maps to several blocks) stay only together and in one run.
    private static func matches(base: [Block], sources: [BlockSource], remote: [Block]) -> [Int?] {
        var matchOf = [Int?](repeating: nil, count: base.count)
        var (b, r) = (0, 0)
        for step in LineDiff.script(base.map(key), remote.map(key)) {
            switch step {
            case .same: matchOf[b] = r; (b, r) = (b + 1, r + 1)
            case .removed: b += 1
            case .added: r += 1
            }
        }
        var start = 0
        while start < base.count {
            var end = start + 1
            while end < base.count, sources[end] == sources[start] { end += 1 }
            let run = matchOf[start..<end]
            let whole = run.allSatisfy { $0 != nil } && zip(run, run.dropFirst()).allSatisfy { pair in pair.0.map { $0 + 1 } == pair.1 }
            if !whole { for index in start..<end { matchOf[index] = nil } }
            start = end
        }
        return matchOf
    }

    private typealias Sides = (base: [Block], sources: [BlockSource], remote: [Block], written: [Block])

    /// One run of changes between two pieces that stay.
    private mutating func hunk(base: Range<Int>, remote: Range<Int>, in sides: Sides, shape: Shape) {
        let pieces = Array(remote.map { sides.written[$0] })
        if base.isEmpty {
            let previous = base.lowerBound > 0 ? sides.base[base.lowerBound - 1] : nil
            let context = previous.flatMap { listContext($0, source: sides.sources[base.lowerBound - 1]) }
            return insert(pieces, after: base.lowerBound - 1, next: base.lowerBound, sources: sides.sources, shape: shape, following: context)
        }
        let sources = sides.sources[base]
        guard let first = sources.first?.lines, let last = sources.last?.lines, sources.allSatisfy({ $0.lines != nil }) else {
            return conflictAtEnd(pieces, shape: shape)
        }
        if remote.isEmpty { return delete(first.lowerBound...last.upperBound, shape: shape) }
        let singles = base.indices.allSatisfy { $0 == base.lowerBound || sides.sources[$0] != sides.sources[$0 - 1] }
        if case .blocks = shape, base.count == remote.count, singles {
            for (b, r) in zip(base, remote) { replaceOne(b, r, in: sides) }
            return
        }
        let span = first.lowerBound...last.upperBound
        let covered = sources.compactMap(\.lines)
        let between = span.contains { line in !covered.contains { $0.contains(line) } && !lines.isBlank(line) }
        replace(span, column: sources.first?.column ?? 1, with: pieces, shape: shape, keepsTextBetween: between)
    }

    /// One block that changed: part by part when both sides are the same kind of container, else whole.
    private mutating func replaceOne(_ b: Int, _ r: Int, in sides: Sides) {
        let source = sides.sources[b]
        if let (shape, baseParts) = Self.parts(of: sides.base[b]), Self.sameContainer(sides.base[b], sides.remote[r]),
           baseParts.count == source.parts.count, !baseParts.isEmpty, source.parts.allSatisfy({ $0.lines != nil }),
           let (_, remoteParts) = Self.parts(of: sides.remote[r]), let (_, writtenParts) = Self.parts(of: sides.written[r]) {
            let partShape: Shape
            switch shape {
            case .items:
                partShape = .items(marker: source.parts.first.flatMap(listMarker))
            default:
                partShape = shape
            }
            return sequence(base: baseParts, sources: source.parts, remote: remoteParts, written: writtenParts, shape: partShape)
        }
        guard let span = source.lines else { return conflictAtEnd([sides.written[r]], shape: .blocks) }
        replace(span, column: source.column, with: [sides.written[r]], shape: .blocks)
    }

    /// The list a block inserted after `block` must not run into: `block` itself when it is a list
    /// written with the marker the writer starts with (`-`, or `.` after a number), so that the
    /// inserted list takes the other one; nil when the file's list has the other marker already, or
    /// `block` is no list.
    private func listContext(_ block: Block, source: BlockSource) -> Block? {
        let marker = source.parts.first.flatMap(listMarker)
        switch block {
        case .bulletList, .checklist: return marker == UInt8(ascii: "-") ? block : nil
        case .orderedList: return marker == UInt8(ascii: ".") ? block : nil
        default: return nil
        }
    }

    /// The bullet (`-`, `*`, `+`) or the delimiter after the number (`.`, `)`) of a list item.
    private func listMarker(_ item: BlockSource) -> UInt8? {
        guard let line = item.lines?.lowerBound else { return nil }
        var column = item.column
        while let byte = lines.byte(line: line, column: column), (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) { column += 1 }
        return lines.byte(line: line, column: column)
    }

    // MARK: Edits

    /// Replaces the lines `span` (starting at `column`) with `pieces`, unless they hold something
    /// the page cannot, or text between blocks (a comment, a directive): then a conflict.
    private mutating func replace(_ span: ClosedRange<Int>, column: Int, with pieces: [Block], shape: Shape, keepsTextBetween: Bool = false) {
        let prefix = lines.prefix(line: span.lowerBound, column: column)
        let text = written(pieces, shape: shape, first: prefix, rest: Self.continuation(prefix))
        if keepsTextBetween {
            return conflict(span, remote: text, reason: "changed in Productive, and text between these blocks (a comment, a directive) would be lost")
        }
        if span.contains(where: lossLines.contains) {
            return conflict(span, remote: text, reason: "changed in Productive, and it holds what the page cannot store (an image, raw HTML, a comment, a footnote...)")
        }
        splices.append((lines.range(span), text))
    }

    /// Deletes the lines `span` and a blank line after them (before them, at the end; a list item:
    /// before it only).
    private mutating func delete(_ span: ClosedRange<Int>, shape: Shape) {
        if span.contains(where: lossLines.contains) {
            return conflict(span, remote: [], reason: "deleted in Productive, and it holds what the page cannot store (an image, raw HTML, a comment, a footnote...)")
        }
        var lines = span
        switch shape {
        case .rows:
            break
        case .items:
            // A list item takes the blank line before it (a loose list's), never the one after it:
            // that one may end the list, and what follows would run into the item before.
            if self.lines.isBlank(span.lowerBound - 1) { lines = (span.lowerBound - 1)...span.upperBound }
        case .blocks:
            if self.lines.isBlank(span.upperBound + 1) {
                lines = span.lowerBound...(span.upperBound + 1)
            } else if self.lines.isBlank(span.lowerBound - 1) {
                lines = (span.lowerBound - 1)...span.upperBound
            }
        }
        splices.append((self.lines.range(lines), []))
    }

    /// Inserts `pieces` after base piece `previous` (before `next` when there is none), written as
    /// if they followed the block `following` (see `listContext`).
    private mutating func insert(_ pieces: [Block], after previous: Int, next: Int, sources: [BlockSource], shape: Shape, following: Block? = nil) {
        let isBlocks: Bool
        if case .blocks = shape { isBlocks = true } else { isBlocks = false }
        if previous >= 0, let span = sources[previous].lines {
            let prefix = Self.continuation(lines.prefix(line: span.lowerBound, column: sources[previous].column))
            let text = written(pieces, shape: shape, first: prefix, rest: prefix, following: following)
            let at = lines.start(ofLine: span.upperBound + 1)
            let separator = isBlocks ? Self.trimmed(prefix) + lines.lineEnd : []
            splices.append((at..<at, (at == lines.bytes.count && !endsWithLineEnd ? lines.lineEnd : []) + separator + text))
        } else if previous < 0, next < sources.count, let span = sources[next].lines {
            let prefix = lines.prefix(line: span.lowerBound, column: sources[next].column)
            let text = written(pieces, shape: shape, first: prefix, rest: Self.continuation(prefix))
            let at = lines.start(ofLine: span.lowerBound)
            splices.append((at..<at, text + (isBlocks ? Self.trimmed(Self.continuation(prefix)) + lines.lineEnd : [])))
        } else {
            let end = lines.bytes.count
            var text = endsWithLineEnd || lines.bytes.isEmpty ? [] : lines.lineEnd
            if isBlocks, !lines.bytes.isEmpty, !lines.isBlank(lines.lastLine) { text += lines.lineEnd }
            splices.append((end..<end, text + written(pieces, shape: shape, first: [], rest: [])))
        }
    }

    /// A change to blocks that have no lines of their own (the footnotes gathered at the end): the
    /// page's version goes at the end of the file between conflict markers.
    private mutating func conflictAtEnd(_ pieces: [Block], shape: Shape) {
        let line = lines.lastLine + 1
        let end = lines.bytes.count
        let text = (endsWithLineEnd || lines.bytes.isEmpty ? [] : lines.lineEnd) + markers(local: [], remote: written(pieces, shape: shape, first: [], rest: []))
        splices.append((end..<end, text))
        conflicts.append(Conflict(line: line, reason: "the footnotes (kept as written in the file) were edited in Productive: the page's version is at the end of the file"))
    }

    private mutating func conflict(_ span: ClosedRange<Int>, remote: [UInt8], reason: String) {
        var local = Array(lines.bytes[lines.range(span)])
        if let last = local.last, last != 0x0A, last != 0x0D { local += lines.lineEnd }
        splices.append((lines.range(span), markers(local: local, remote: remote)))
        conflicts.append(Conflict(line: span.lowerBound, reason: reason))
    }

    private func markers(local: [UInt8], remote: [UInt8]) -> [UInt8] {
        let end = lines.lineEnd
        return Array("<<<<<<< \(labels.local)".utf8) + end + local + Array("=======".utf8) + end + remote + Array(">>>>>>> \(labels.remote)".utf8) + end
    }

    private var endsWithLineEnd: Bool {
        lines.bytes.last == 0x0A || lines.bytes.last == 0x0D
    }

    /// The file with every splice applied (they never overlap: each covers its own pieces).
    private func applied() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(lines.bytes.count)
        var cursor = 0
        for splice in splices.enumerated().sorted(by: { ($0.element.range.lowerBound, $0.offset) < ($1.element.range.lowerBound, $1.offset) }).map(\.element) {
            guard splice.range.lowerBound >= cursor else { continue }
            out += lines.bytes[cursor..<splice.range.lowerBound]
            out += splice.text
            cursor = splice.range.upperBound
        }
        out += lines.bytes[cursor...]
        return out
    }
}
