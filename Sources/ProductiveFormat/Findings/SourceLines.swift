/// The lines of a UTF-8 source, as cmark splits them (`\n`, `\r\n` or `\r`), to turn the byte
/// columns of a `SourcePosition` into columns other tools count (Unicode code points).
public struct SourceLines: Sendable {
    private let bytes: [UInt8]
    /// Byte offset where each line starts, and where it ends (before its terminator).
    private let ranges: [Range<Int>]

    /// Splits `bytes`; a leading byte order mark is not part of line 1 (the reader drops it too).
    public init(_ bytes: [UInt8]) {
        let start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        let starts = LineStarts(bytes[start...]).offsets
        var ranges: [Range<Int>] = []
        ranges.reserveCapacity(starts.count)
        for index in starts.indices {
            let lineStart = start + starts[index]
            guard index + 1 < starts.count else {
                // After a final line end there is no line; an empty text has one, empty.
                if lineStart < bytes.count || ranges.isEmpty { ranges.append(lineStart..<bytes.count) }
                break
            }
            // The line without its end: `\n`, `\r\n` or `\r`.
            var end = start + starts[index + 1]
            if end > lineStart, bytes[end - 1] == UInt8(ascii: "\n") { end -= 1 }
            if end > lineStart, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
            ranges.append(lineStart..<end)
        }
        self.bytes = bytes
        self.ranges = ranges
    }

    /// Splits the UTF-8 of `text`.
    public init(text: String) {
        self.init(Array(text.utf8))
    }

    /// The number of lines.
    public var count: Int { ranges.count }

    /// The bytes of line `number` (1-based) without its terminator; empty past the end.
    public func line(_ number: Int) -> ArraySlice<UInt8> {
        guard number >= 1, number <= ranges.count else { return [] }
        return bytes[ranges[number - 1]]
    }

    /// The 1-based code point column of the 1-based byte column `byteColumn` on line `line`.
    /// Columns past the end of the line count one each, so a position is never moved backwards.
    public func codePointColumn(line: Int, byteColumn: Int) -> Int {
        guard byteColumn > 1 else { return max(byteColumn, 1) }
        let text = self.line(line)
        let before = min(byteColumn - 1, text.count)
        let scalars = text.prefix(before).count { $0 & 0xC0 != 0x80 }
        return scalars + (byteColumn - 1 - before) + 1
    }
}
