#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Finding an ASCII string in bytes: each of its first byte found with `memchr`, the rest compared.
/// For the pre-scans that decide whether a step is needed at all (footnotes, autolinks).
enum ByteSearch {
    /// True when `needle` is in `bytes`.
    static func contains(_ needle: StaticString, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        occurrences(of: needle, in: bytes) { _ in true }
    }

    /// True when `body` is true for the offset of some occurrence of `needle` in `bytes`, asked in order.
    static func occurrences(of needle: StaticString, in bytes: UnsafeBufferPointer<UInt8>, where body: (Int) -> Bool) -> Bool {
        let length = needle.utf8CodeUnitCount
        guard let base = bytes.baseAddress, bytes.count >= length else { return false }
        let first = Int32(needle.utf8Start.pointee)
        let last = bytes.count - length
        var index = 0
        while index <= last, let found = memchr(base + index, first, last + 1 - index) {
            let at = UnsafeRawPointer(found) - UnsafeRawPointer(base)
            if memcmp(base + at, needle.utf8Start, length) == 0, body(at) { return true }
            index = at + 1
        }
        return false
    }
}
