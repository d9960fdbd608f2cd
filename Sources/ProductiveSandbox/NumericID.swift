import Foundation

/// An id (or a count) as the API takes it: a number (`1001`) or digits in a string (`"1001"`).
/// Anything else is a type mismatch at the member's coding path.
struct NumericID: Codable, Sendable, Equatable {
    var value: Int

    init(_ value: Int) {
        self.value = value
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Int.self) {
            value = number
        } else if let number = (try? container.decode(String.self)).flatMap({ Int($0) }) {
            value = number
        } else {
            throw DecodingError.typeMismatch(Int.self, .init(codingPath: decoder.codingPath, debugDescription: "a number or a string of digits"))
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}

extension KeyedDecodingContainer {
    /// The id at `key` if it is one; nil when absent, null or of another type (where the API
    /// ignores what it cannot read).
    func lenientID(_ key: Key) -> Int? {
        ((try? decodeIfPresent(NumericID.self, forKey: key)) ?? nil)?.value
    }

    /// The whole number at `key`; nil when absent or null. A fraction or a number too large is a
    /// type mismatch at the member (JSONDecoder reports those without their coding path).
    func wholeNumberIfPresent(_ key: Key) throws -> Int? {
        guard contains(key), try !decodeNil(forKey: key) else { return nil }
        if let number = try? decode(Int.self, forKey: key) { return number }
        throw DecodingError.typeMismatch(Int.self, .init(codingPath: codingPath + [key], debugDescription: "not a whole number"))
    }

    /// The text at `key`, which must not be blank (`blank` says what blank is): a blank text is a
    /// `DecodingError` there, like a missing one.
    func nonBlank(_ key: Key, _ blank: CharacterSet = .whitespaces) throws -> String {
        let text = try decode(String.self, forKey: key)
        guard !text.trimmingCharacters(in: blank).isEmpty else {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "blank")
        }
        return text
    }
}
