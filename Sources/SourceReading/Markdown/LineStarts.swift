#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where each line of a document's body starts, as byte offsets into the body: found once, with
/// `memchr`, and shared by the parser (to find literals as written) and the mapper (`SourceIndex`).
struct LineStarts: Sendable {
    /// `offsets[0]` is 0; `offsets[n]` is the offset of line n + 1 (1-based), just after a `\n`.
    private(set) var offsets: [Int]

    init(_ bytes: ArraySlice<UInt8>) {
        var offsets = [0]
        offsets.reserveCapacity(bytes.count / 32 + 1)
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            var offset = 0
            while offset < buffer.count, let found = memchr(base + offset, 0x0A, buffer.count - offset) {
                offset = UnsafeRawPointer(found) - UnsafeRawPointer(base) + 1
                offsets.append(offset)
            }
        }
        self.offsets = offsets
    }

    /// The number of lines (a text without a final newline still has its last line).
    var count: Int { offsets.count }

    /// The offset where the 1-based `line` starts, or nil past the last line.
    func start(ofLine line: Int) -> Int? {
        line >= 1 && line <= offsets.count ? offsets[line - 1] : nil
    }
}
