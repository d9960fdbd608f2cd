/// What a body write or a create sends: Markdown or Productive HTML, as the UTF-8 bytes the writer
/// wrote. It stays bytes on its way to the request, whose JSON body the client writes with these
/// bytes escaped straight into it; `text` is for the few places that need a `String` (printing, a
/// proof that reads words).
public struct Payload: Sendable, Hashable, Codable, ExpressibleByStringLiteral, CustomStringConvertible {
    /// Valid UTF-8.
    public let bytes: [UInt8]

    /// A payload of `bytes`; bytes that are not valid UTF-8 are replaced by U+FFFD, as
    /// `String(decoding:as:)` replaces them (the writers only write valid UTF-8).
    public init(bytes: [UInt8]) {
        if bytes.allSatisfy({ $0 < 0x80 }) || String(validating: bytes, as: UTF8.self) != nil {
            self.bytes = bytes
        } else {
            self.bytes = Array(String(decoding: bytes, as: UTF8.self).utf8)
        }
    }

    /// The payload of `text`.
    public init(_ text: String) {
        bytes = Array(text.utf8)
    }

    public init(stringLiteral value: String) {
        self.init(value)
    }

    /// The payload as text (a copy: for printing and for proofs, not for sending).
    public var text: String {
        String(decoding: bytes, as: UTF8.self)
    }

    public var isEmpty: Bool { bytes.isEmpty }

    public var description: String { text }

    /// A JSON string, as the text would be.
    public init(from decoder: any Decoder) throws {
        self.init(try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }
}
