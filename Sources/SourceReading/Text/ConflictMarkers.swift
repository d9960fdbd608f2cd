#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ProductiveFormat

/// Finds the git conflicts left in a file (by `pull`, or by a merge): a line that starts with
/// `<<<<<<<` (then a space or the line's end), through the next line that starts with `>>>>>>>`,
/// outside fenced code blocks. A `=======` line alone is a setext heading's underline, never a
/// conflict; a `>>>>>>>` line without an opener is one. One linear pass over the bytes.
enum ConflictMarkers {
    /// One conflict: the lines of its first and last marker (1-based, in the file).
    struct Conflict: Equatable {
        var first: Int
        var last: Int?
    }

    /// The conflicts in `bytes` (the body; `lineOffset` lines of front matter before it).
    static func conflicts(in bytes: ArraySlice<UInt8>, lineOffset: Int = 0) -> [Conflict] {
        // Most files hold no `<<<<<<<` nor `>>>>>>>` at all: one scan for seven of a kind decides.
        guard mayHoldMarker(bytes) else { return [] }
        var conflicts: [Conflict] = []
        var open: Int?
        var fence: (byte: UInt8, count: Int)?
        var line = lineOffset + 1
        var start = bytes.startIndex
        while start < bytes.endIndex {
            let end = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.endIndex
            let text = bytes[start..<end]
            if let current = fence {
                if let closing = Self.fence(text), closing.byte == current.byte, closing.count >= current.count, closing.rest.allSatisfy(isBlank) { fence = nil }
            } else if let opening = Self.fence(text), opening.byte != UInt8(ascii: "`") || !opening.rest.contains(UInt8(ascii: "`")) {
                fence = (opening.byte, opening.count)
            } else if isMarker(text, UInt8(ascii: "<")) {
                if let first = open { conflicts.append(Conflict(first: first, last: nil)) }
                open = line
            } else if isMarker(text, UInt8(ascii: ">")) {
                conflicts.append(Conflict(first: open ?? line, last: line))
                open = nil
            }
            line += 1
            start = end < bytes.endIndex ? end + 1 : end
        }
        if let first = open { conflicts.append(Conflict(first: first, last: nil)) }
        return conflicts
    }

    /// True when the bytes hold seven `<` or seven `>` in a row (each found with memchr).
    private static func mayHoldMarker(_ bytes: ArraySlice<UInt8>) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            holdsRun(of: UInt8(ascii: "<"), in: buffer) || holdsRun(of: UInt8(ascii: ">"), in: buffer)
        }
    }

    private static func holdsRun(of byte: UInt8, in buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = buffer.baseAddress else { return false }
        var index = 0
        while index + 7 <= buffer.count, let found = memchr(base + index, Int32(byte), buffer.count - index) {
            let at = UnsafeRawPointer(found) - UnsafeRawPointer(base)
            var end = at + 1
            while end < buffer.count, end - at < 7, buffer[end] == byte { end += 1 }
            if end - at == 7 { return true }
            index = end
        }
        return false
    }

    /// Seven `marker` bytes at the very start of the line, then a space, a tab or the line's end.
    private static func isMarker(_ line: ArraySlice<UInt8>, _ marker: UInt8) -> Bool {
        guard line.count >= 7, line.prefix(7).allSatisfy({ $0 == marker }) else { return false }
        let after = line.dropFirst(7).first
        return after == nil || after == UInt8(ascii: " ") || after == UInt8(ascii: "\t") || after == UInt8(ascii: "\r")
    }

    /// A code fence line: up to three spaces, then three or more backticks or tildes.
    private static func fence(_ line: ArraySlice<UInt8>) -> (byte: UInt8, count: Int, rest: ArraySlice<UInt8>)? {
        let indent = line.prefix { $0 == UInt8(ascii: " ") }.count
        guard indent <= 3, let byte = line.dropFirst(indent).first, byte == UInt8(ascii: "`") || byte == UInt8(ascii: "~") else { return nil }
        let count = line.dropFirst(indent).prefix { $0 == byte }.count
        guard count >= 3 else { return nil }
        return (byte, count, line.dropFirst(indent + count))
    }

    private static func isBlank(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r")
    }
}
