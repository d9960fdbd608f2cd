/// Ids as the client accepts them, from an answer or from a caller: decimal digits only, so that a
/// value can never turn into another URL path (`1001/../../admin`) or a query of its own.
public enum ResourceID {
    /// True when `value` is a plain positive decimal id of at most 18 digits (no sign, no leading zero).
    public static func isValid(_ value: String) -> Bool {
        !value.isEmpty && value.utf8.count <= 18 && value.utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
            && value.utf8.first != UInt8(ascii: "0")
    }
}
