/// Byte access to the source by cmark's (line, column) positions, for checks
/// that depend on how something was written (`*` or `-` bullets, setext headings).
struct SourceIndex {
    private let body: Substring
    private var lineStarts: [Int] = [0]
    /// Lines of front matter before the body.
    private let lineOffset: Int

    init(_ body: Substring, lineOffset: Int) {
        var body = body
        body.makeContiguousUTF8()
        self.body = body
        self.lineOffset = lineOffset
        var starts = [0]
        starts.reserveCapacity(body.utf8.count / 40 + 1)
        _ = body.utf8.withContiguousStorageIfAvailable { buffer in
            for offset in 0..<buffer.count where buffer[offset] == UInt8(ascii: "\n") {
                starts.append(offset + 1)
            }
        }
        lineStarts = starts
    }

    private func offset(line: Int32, column: Int32) -> Int? {
        let lineIndex = Int(line) - 1 - lineOffset
        guard lineIndex >= 0, lineIndex < lineStarts.count else { return nil }
        return lineStarts[lineIndex] + Int(column) - 1
    }

    /// The source text from a 1-based line and column to the end of `endLine`.
    func text(line: Int32, column: Int32, endLine: Int32) -> String {
        let utf8 = body.utf8
        guard let start = offset(line: line, column: column), start >= 0, start <= utf8.count else { return "" }
        let last = Int(endLine) - lineOffset
        let end = max(start, last < lineStarts.count ? lineStarts[last] : utf8.count)
        let from = utf8.index(utf8.startIndex, offsetBy: start)
        let to = utf8.index(utf8.startIndex, offsetBy: end)
        return String(body[from..<to])
    }

    /// The byte at a 1-based file line and column, or nil outside the body.
    func byte(line: Int32, column: Int32) -> UInt8? {
        guard let offset = offset(line: line, column: column), offset >= 0 else { return nil }
        return body.utf8.withContiguousStorageIfAvailable { buffer in
            offset < buffer.count ? buffer[offset] : nil
        } ?? nil
    }
}
