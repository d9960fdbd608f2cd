import ProductiveFormat

/// Byte access to the source by cmark's (line, column) positions, for checks
/// that depend on how something was written (`*` or `-` bullets, setext headings).
struct SourceIndex {
    /// The body: the document's bytes after its front matter, valid UTF-8.
    private let body: ArraySlice<UInt8>
    private let lines: LineStarts
    /// Lines of front matter before the body.
    private let lineOffset: Int

    init(_ body: ArraySlice<UInt8>, lines: LineStarts, lineOffset: Int) {
        self.body = body
        self.lines = lines
        self.lineOffset = lineOffset
    }

    /// The offset into the body of a 1-based file line and column.
    private func offset(line: Int32, column: Int32) -> Int? {
        lines.start(ofLine: Int(line) - lineOffset).map { $0 + Int(column) - 1 }
    }

    /// The source text from a 1-based line and column to the end of `endLine`.
    func text(line: Int32, column: Int32, endLine: Int32) -> String {
        guard let start = offset(line: line, column: column), start >= 0, start <= body.count else { return "" }
        let end = max(start, lines.start(ofLine: Int(endLine) - lineOffset + 1) ?? body.count)
        return body.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[start..<end]), as: UTF8.self) }
    }

    /// Where `needle` (bytes without a line break) is first written from a 1-based line and column
    /// to the end of `endLine`, after the position `after` when one is given (an earlier match).
    func position(of needle: [UInt8], line: Int32, column: Int32, endLine: Int32, after: SourcePosition?) -> SourcePosition? {
        guard !needle.isEmpty else { return nil }
        for current in Int(line)...Int(max(line, endLine)) {
            if let after, after.line > current { continue }
            guard let lineStart = lines.start(ofLine: current - lineOffset) else { return nil }
            let lineEnd = min(body.count, lines.start(ofLine: current - lineOffset + 1) ?? body.count)
            var from = current == Int(line) ? lineStart + Int(column) - 1 : lineStart
            if let after, after.line == current { from = max(from, lineStart + after.column) }
            var offset = max(0, from)
            while offset + needle.count <= lineEnd {
                if body[body.startIndex + offset..<body.startIndex + offset + needle.count].elementsEqual(needle) {
                    return SourcePosition(line: current, column: offset - lineStart + 1)
                }
                offset += 1
            }
        }
        return nil
    }

    /// The byte at a 1-based file line and column, or nil outside the body.
    func byte(line: Int32, column: Int32) -> UInt8? {
        guard let offset = offset(line: line, column: column), offset >= 0, offset < body.count else { return nil }
        return body[body.startIndex + offset]
    }
}
