import ProductiveFormat

/// The bytes of a source file addressed as cmark addresses them: 1-based file lines (ending as
/// cmark ends them) and byte columns. What `SourceMerge` cuts and splices.
struct FileLines {
    let bytes: [UInt8]
    private let starts: LineStarts

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        starts = LineStarts(bytes[...])
    }

    /// The offset where `line` starts; the end of the file for a line past the last.
    func start(ofLine line: Int) -> Int {
        starts.start(ofLine: line) ?? bytes.count
    }

    /// The byte range of `lines`, line ends included.
    func range(_ lines: ClosedRange<Int>) -> Range<Int> {
        start(ofLine: lines.lowerBound)..<max(start(ofLine: lines.lowerBound), start(ofLine: lines.upperBound + 1))
    }

    /// The last line that holds a byte.
    var lastLine: Int {
        bytes.last.map { $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") } == true ? starts.count - 1 : starts.count
    }

    /// True when `line` exists and holds only blanks and quote markers (`>`): an empty line of its container.
    func isBlank(_ line: Int) -> Bool {
        guard line >= 1, line <= lastLine else { return false }
        return bytes[range(line...line)].allSatisfy { [0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: ">")].contains($0) }
    }

    /// The bytes of `line` before `column`: the prefix its containers give it (`> `, an indent).
    func prefix(line: Int, column: Int) -> [UInt8] {
        let start = start(ofLine: line)
        let end = min(start + max(0, column - 1), range(line...line).upperBound)
        return Array(bytes[start..<end]).filter { $0 != 0x0A && $0 != 0x0D }
    }

    /// The byte at `line` and `column`, if there is one.
    func byte(line: Int, column: Int) -> UInt8? {
        let offset = start(ofLine: line) + column - 1
        return offset < range(line...line).upperBound ? bytes[offset] : nil
    }

    /// The line end the file uses (that of its first line), for the lines a merge writes.
    var lineEnd: [UInt8] {
        guard let newline = bytes.firstIndex(where: { $0 == 0x0A || $0 == 0x0D }) else { return [0x0A] }
        if bytes[newline] == 0x0A { return [0x0A] }
        return newline + 1 < bytes.count && bytes[newline + 1] == 0x0A ? [0x0D, 0x0A] : [0x0D]
    }
}
