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
