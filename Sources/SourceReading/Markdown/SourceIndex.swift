/// Byte access to the source by cmark's (line, column) positions, for checks
/// that depend on how something was written (`*` or `-` bullets, setext headings).
struct SourceIndex {
    private let bytes: [UInt8]
    private var lineStarts: [Int] = [0]
    /// Lines of front matter before the body.
    private let lineOffset: Int

    init(_ body: Substring, lineOffset: Int) {
        bytes = Array(body.utf8)
        self.lineOffset = lineOffset
        lineStarts.reserveCapacity(bytes.count / 40 + 1)
        bytes.withUnsafeBufferPointer { buffer in
            for offset in 0..<buffer.count where buffer[offset] == UInt8(ascii: "\n") {
                lineStarts.append(offset + 1)
            }
        }
    }

    /// The source text from a 1-based line and column to the end of `endLine`.
    func text(line: Int32, column: Int32, endLine: Int32) -> String {
        let first = Int(line) - 1 - lineOffset
        let last = Int(endLine) - 1 - lineOffset
        guard first >= 0, first < lineStarts.count, last >= first else { return "" }
        let start = min(lineStarts[first] + Int(column) - 1, bytes.count)
        let end = last + 1 < lineStarts.count ? lineStarts[last + 1] : bytes.count
        return String(decoding: bytes[start..<max(start, end)], as: UTF8.self)
    }

    /// The byte at a 1-based file line and column, or nil outside the body.
    func byte(line: Int32, column: Int32) -> UInt8? {
        let lineIndex = Int(line) - 1 - lineOffset
        guard lineIndex >= 0, lineIndex < lineStarts.count else { return nil }
        let offset = lineStarts[lineIndex] + Int(column) - 1
        guard offset >= 0, offset < bytes.count else { return nil }
        return bytes[offset]
    }
}
