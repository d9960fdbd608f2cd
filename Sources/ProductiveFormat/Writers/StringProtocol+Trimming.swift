extension StringProtocol {
    /// The text without leading and trailing whitespace and newlines.
    public func trimmingWhitespace() -> Substring {
        let sub = self[...]
        guard let start = sub.firstIndex(where: { !$0.isWhitespace }),
              let end = sub.lastIndex(where: { !$0.isWhitespace }) else { return Substring("") }
        return Substring(sub[start...end])
    }
}
