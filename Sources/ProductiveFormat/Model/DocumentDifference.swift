extension Document {
    /// The index of the first top-level block that differs from `other`'s (a missing block counts
    /// as different), or nil when the two documents are equal.
    public func firstDifferingBlock(comparedTo other: Document) -> Int? {
        let common = min(blocks.count, other.blocks.count)
        if let index = (0..<common).first(where: { blocks[$0] != other.blocks[$0] }) { return index }
        return blocks.count == other.blocks.count ? nil : common
    }
}
