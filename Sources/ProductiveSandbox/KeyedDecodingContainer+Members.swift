import Foundation

/// How the request bodies read their members: ids leniently where the API ignores what it cannot
/// read, whole numbers and texts that must not be blank strictly, failing at the member.
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
