extension SourcePage {
    /// True when a link may name `fragment` (`setup`, percent-encoded or not) as an anchor of this
    /// page: one of its headings has it (`HeadingAnchors`, compared without case, as browsers on
    /// GitHub find it), or its raw HTML gives an element that `id` or `name` (`<a name="setup">`).
    func hasAnchor(_ fragment: String) -> Bool {
        let decoded = fragment.removingPercentEncoding ?? fragment
        if anchors.contains(decoded.lowercased()) { return true }
        for attribute in ["id", "name"] {
            for quote in ["\"", "'"] where Self.contains(Array("\(attribute)=\(quote)\(decoded)\(quote)".utf8), in: bytes) {
                return true
            }
        }
        return false
    }

    /// True when `needle` occurs in `haystack`.
    private static func contains(_ needle: [UInt8], in haystack: [UInt8]) -> Bool {
        guard let first = needle.first, needle.count <= haystack.count else { return false }
        var index = 0
        let last = haystack.count - needle.count
        while index <= last {
            if haystack[index] == first, haystack[index..<(index + needle.count)].elementsEqual(needle) { return true }
            index += 1
        }
        return false
    }
}
