/// Text from files, titles and servers made safe to print on a terminal: control characters
/// (escape sequences, carriage returns, NUL) are shown escaped instead of acting on the terminal.
public enum Printable {
    /// `value` with every control character written as `\n`, `\t`, `\r` or `\u{1B}`.
    public static func escaped(_ value: String) -> String {
        guard value.unicodeScalars.contains(where: isControl) else { return value }
        var out = ""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if isControl(scalar) {
                    out += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    /// `value` followed by spaces up to `width` characters; a longer value is kept whole (a
    /// column of a table on a terminal). NSString's `padding(toLength:)` counted UTF-16 units, cut
    /// longer values, and was a tenth of a plan of 7,000 unchanged pages.
    public static func padded(_ value: String, to width: Int) -> String {
        let count = value.count
        return count >= width ? value : value + String(repeating: " ", count: width - count)
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar.value == 0x2028 || scalar.value == 0x2029
    }
}
