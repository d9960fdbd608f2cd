/// A numeric prefix (one to three digits) that orders a file or folder among its siblings (`02-setup.md`, `10_guide/`,
/// `3. usage.md`): the digits, then `-`, `_`, `.` or a space, then the name. The prefix is not part
/// of the title made from the name.
public struct NumericPrefix: Sendable, Equatable {
    /// The number the digits spell (`02` → 2).
    public var number: Int
    /// The name without the prefix (`setup.md`).
    public var rest: Substring

    /// The prefix of `name` (one path component), or nil when it has none: no digits, more than
    /// three (`2024-roadmap.md` starts with a year, which is part of its name), digits alone
    /// (`42.md`), or nothing after the separator.
    public init?(_ name: Substring) {
        let digits = name.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count <= 3, let number = Int(digits) else { return nil }
        var rest = name.dropFirst(digits.count)
        guard let separator = rest.first, "-_. ".contains(separator) else { return nil }
        rest = rest.dropFirst()
        if separator == "." { rest = rest.drop { $0 == " " } }
        // `2024.md`: the dot starts the extension, the digits are the name.
        guard let first = rest.first, first != ".", !(separator == "." && ["md", "markdown"].contains(rest.lowercased())) else { return nil }
        self.number = number
        self.rest = rest
    }

    /// `name` without its numeric prefix, if it has one.
    public static func stripped(_ name: Substring) -> Substring {
        NumericPrefix(name)?.rest ?? name
    }
}
