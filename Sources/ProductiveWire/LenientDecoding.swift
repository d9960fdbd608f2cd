/// Reading answers from servers and proxies the client does not control: a member that is missing,
/// null or of another type reads as absent instead of failing what holds it, and ids and numbers
/// may come as strings or as numbers.

/// A value that may fail to decode without failing what holds it.
public struct Lenient<Value: Decodable & Sendable>: Decodable, Sendable {
    public var value: Value?

    public init(from decoder: any Decoder) throws {
        value = try? Value(from: decoder)
    }
}

/// An id written as a string or as a number, as text; the string is tried first (JSON:API writes
/// a resource's `id` as one).
@usableFromInline
struct FlexibleID: Decodable {
    @usableFromInline let value: String

    @inlinable
    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            value = text
        } else {
            value = String(try container.decode(Int.self))
        }
    }
}

/// A whole number written as a number or as a numeric string (a fraction is cut off).
@usableFromInline
struct FlexibleInt: Decodable {
    @usableFromInline let value: Int

    @inlinable
    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Int.self) {
            value = number
        } else if let number = try? container.decode(Double.self), let whole = Int(exactly: number.rounded(.towardZero)) {
            value = whole
        } else if let number = Int(try container.decode(String.self)) {
            value = number
        } else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a whole number")
        }
    }
}

extension KeyedDecodingContainer {
    /// The value at `key` when it is there and a `T`; nil when it is missing, null or anything else.
    @inlinable
    public func lenient<T: Decodable>(_ type: T.Type, forKey key: Key) -> T? {
        try? decodeIfPresent(type, forKey: key)
    }

    /// The id (or other text) at `key`, written as a string or a number; nil when missing, null or anything else.
    @inlinable
    public func lenientText(forKey key: Key) -> String? {
        lenient(FlexibleID.self, forKey: key)?.value
    }

    /// The id at `key` of an attribute that names a resource (`parent_page_id`), which Productive
    /// writes as a number, also read from a string; nil when missing, null or anything else. The
    /// number is tried first: a failed try throws a `DecodingError` whose description names the
    /// types, which was a tenth of reading a list of 7,000 pages.
    @inlinable
    public func lenientID(forKey key: Key) -> String? {
        if let number = lenient(Int.self, forKey: key) { return String(number) }
        return lenientText(forKey: key)
    }

    /// The whole number at `key`, written as a number or a numeric string; nil when missing, null or anything else.
    @inlinable
    public func lenientInt(forKey key: Key) -> Int? {
        lenient(FlexibleInt.self, forKey: key)?.value
    }
}

/// A coding key made of any text: for objects whose keys are data (relationship names, form fields).
public struct TextKey: CodingKey, Sendable, Hashable {
    public var stringValue: String
    public var intValue: Int? { nil }

    public init(_ text: String) {
        stringValue = text
    }

    public init?(stringValue: String) {
        self.stringValue = stringValue
    }

    public init?(intValue: Int) {
        nil
    }
}
