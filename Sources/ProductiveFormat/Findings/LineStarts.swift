#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where each line of a text starts, as byte offsets from the start of `bytes`. Lines end as cmark
/// ends them: `\n`, `\r\n` or a lone `\r`. Found once per document and shared by the parser (to
/// find literals as written), the mapper (`SourceIndex`) and `SourceLines`.
public struct LineStarts: Sendable {
    /// `offsets[0]` is 0; `offsets[n]` is the offset of line n + 1 (1-based), just after a line end.
    public private(set) var offsets: [Int]

    public init(_ bytes: ArraySlice<UInt8>) {
        var offsets = [0]
        offsets.reserveCapacity(bytes.count / 32 + 1)
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            // Most files have no `\r`: then each line ends at the next `\n`, found with memchr.
            if memchr(base, Int32(UInt8(ascii: "\r")), buffer.count) == nil {
                var offset = 0
                while offset < buffer.count, let found = memchr(base + offset, Int32(UInt8(ascii: "\n")), buffer.count - offset) {
                    offset = UnsafeRawPointer(found) - UnsafeRawPointer(base) + 1
                    offsets.append(offset)
                }
                return
            }
            var offset = 0
            while offset < buffer.count {
                switch buffer[offset] {
                case UInt8(ascii: "\n"):
                    offsets.append(offset + 1)
                case UInt8(ascii: "\r"):
                    if offset + 1 < buffer.count, buffer[offset + 1] == UInt8(ascii: "\n") { offset += 1 }
                    offsets.append(offset + 1)
                default:
                    break
                }
                offset += 1
            }
        }
        self.offsets = offsets
    }

    /// The number of lines: one more than the line ends (a text ending with one has an empty last line).
    public var count: Int { offsets.count }

    /// The offset where the 1-based `line` starts, or nil past the last line.
    public func start(ofLine line: Int) -> Int? {
        line >= 1 && line <= offsets.count ? offsets[line - 1] : nil
    }
}
