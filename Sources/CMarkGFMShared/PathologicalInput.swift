/// Detects, on the bytes and before any parsing, the input shapes that make the system cmark-gfm
/// (0.29.0.gfm.6, CVE-2023-24824) take super-linear time: deeply nested quote or list markers
/// on one line, and masses of unmatched `[`. One linear pass, no allocation per byte.
///
/// The limits sit far above real documents: the rust-book and the CommonMark spec nest at most
/// 4 markers on a line and leave at most 22 `[` unmatched.
public enum PathologicalInput {
    /// More quote or list markers than this at the start of one line is refused.
    public static let maximumLineNesting = 100
    /// More `[` without a matching `]` than this in one file is refused.
    public static let maximumUnmatchedBrackets = 10_000

    /// Why the bytes are refused, with their line, or nil when they are safe to parse.
    public static func reason(in bytes: ArraySlice<UInt8>, lineOffset: Int = 0) -> (message: String, line: Int)? {
        bytes.withUnsafeBufferPointer { reason(inBytes: $0, lineOffset: lineOffset) }
    }

    private static func reason(inBytes bytes: UnsafeBufferPointer<UInt8>, lineOffset: Int) -> (message: String, line: Int)? {
        var line = 1
        var atLineStart = true
        var nesting = 0
        // After a marker, the blank that must follow a list marker has been seen.
        var pendingListMarker = false
        var digits = 0
        var unmatched = 0
        var firstUnmatchedLine = 0
        for byte in bytes {
            if byte == UInt8(ascii: "[") {
                if unmatched == 0 { firstUnmatchedLine = line }
                unmatched += 1
            } else if byte == UInt8(ascii: "]"), unmatched > 0 {
                unmatched -= 1
            }
            if byte == UInt8(ascii: "\n") {
                line += 1
                atLineStart = true
                nesting = 0
                pendingListMarker = false
                digits = 0
                continue
            }
            guard atLineStart else { continue }
            let isBlank = byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")
            if pendingListMarker {
                pendingListMarker = false
                if isBlank { nesting += 1 } else { atLineStart = false; continue }
            } else if isBlank {
                if digits > 0 { atLineStart = false }
            } else if byte == UInt8(ascii: ">") {
                guard digits == 0 else { atLineStart = false; continue }
                nesting += 1
            } else if byte == UInt8(ascii: "-") || byte == UInt8(ascii: "*") || byte == UInt8(ascii: "+") {
                guard digits == 0 else { atLineStart = false; continue }
                pendingListMarker = true
            } else if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") && digits < 9 {
                digits += 1
            } else if (byte == UInt8(ascii: ".") || byte == UInt8(ascii: ")")) && digits > 0 {
                digits = 0
                pendingListMarker = true
            } else {
                atLineStart = false
            }
            if nesting > maximumLineNesting {
                return ("more than \(maximumLineNesting) nested quote or list markers on one line", line + lineOffset)
            }
        }
        if unmatched > maximumUnmatchedBrackets {
            return ("\(unmatched) `[` without a matching `]` (more than \(maximumUnmatchedBrackets))", firstUnmatchedLine + lineOffset)
        }
        return nil
    }
}
