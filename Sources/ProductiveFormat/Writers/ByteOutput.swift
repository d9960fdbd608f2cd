#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Appending text to a writer's output, which is one buffer of UTF-8 bytes.
extension Array where Element == UInt8 {
    /// Appends the bytes of an ASCII literal.
    @inline(__always)
    mutating func append(_ literal: StaticString) {
        append(contentsOf: UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    /// Appends the UTF-8 bytes of `text`.
    @inline(__always)
    mutating func append(utf8 text: String) {
        var text = text
        text.withUTF8 { append(contentsOf: $0) }
    }

    /// Appends `value` in decimal.
    mutating func append(decimal value: Int) {
        append(utf8: String(value))
    }

    /// Appends `byte` `count` times.
    mutating func append(_ byte: UInt8, count: Int) {
        append(contentsOf: repeatElement(byte, count: count))
    }

    /// True when the last byte is a `\n` that ends a line on its own (not the `\n` of a `\r\n`),
    /// which is what `String.hasSuffix("\n")` means.
    var endsWithLoneLineFeed: Bool {
        guard let last, last == UInt8(ascii: "\n") else { return false }
        return count < 2 || self[count - 2] != UInt8(ascii: "\r")
    }
}

extension UnsafeBufferPointer where Element == UInt8 {
    /// The index of the first `byte` at or after `start`, else `count`; found with `memchr`.
    @inline(__always)
    func index(of byte: UInt8, from start: Int) -> Int {
        guard start < count, let base = baseAddress else { return count }
        guard let found = memchr(base + start, Int32(byte), count - start) else { return count }
        return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
    }

    /// The index of the first `\n` at or after `start`, else `count`.
    @inline(__always)
    func indexOfNewline(from start: Int) -> Int {
        index(of: UInt8(ascii: "\n"), from: start)
    }

    /// The bytes in `range`, as a buffer of their own.
    @inline(__always)
    func slice(_ range: Range<Int>) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: self[range])
    }
}

/// Calls `body` with the UTF-8 bytes of `text`, without copying a native string.
@inline(__always)
func withBytes<R>(of text: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
    var text = text
    return text.withUTF8(body)
}

/// A byte that is ASCII on its own (never part of a multi-byte character).
@inline(__always)
func isASCII(_ byte: UInt8) -> Bool { byte < 0x80 }

/// An ASCII byte that `Character.isWhitespace` calls whitespace: space, tab, line feed, vertical
/// tab, form feed, carriage return.
@inline(__always)
func isASCIIWhitespace(_ byte: UInt8) -> Bool { byte == 0x20 || (0x09...0x0D).contains(byte) }

/// A space or a tab.
@inline(__always)
func isBlank(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
