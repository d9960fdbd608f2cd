/// Ids of Productive resources (pages, attachments) as the client accepts them, from callers and
/// from answers alike: decimal digits only, so that no value can turn into another URL path.
public enum ResourceID {
    /// True when `value` is a plain positive decimal id of at most 18 digits.
    public static func isValid(_ value: String) -> Bool {
        !value.isEmpty && value.count <= 18 && value.utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
            && value.utf8.first != UInt8(ascii: "0")
    }
}
