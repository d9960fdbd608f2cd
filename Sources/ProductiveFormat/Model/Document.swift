/// A page body in the Productive Document Format.
///
/// The types in this folder can only express the element set of Productive's
/// "Document Format" guide: anything else must go through a named fallback
/// before it reaches the model (see `RuleCatalog`).
public struct Document: Equatable, Sendable {
    /// The top-level blocks, in order.
    public var blocks: [Block]

    public init(blocks: [Block] = []) {
        self.blocks = blocks
    }
}

/// Horizontal alignment of a paragraph, heading or table cell (HTML only).
public enum Alignment: String, Equatable, Sendable, CaseIterable {
    case left, center, right, justify
}

/// The three heading levels Productive renders.
public enum HeadingLevel: Int, Equatable, Sendable, CaseIterable {
    case one = 1, two = 2, three = 3

    /// The level for a source heading of any level: 4 and deeper clamp to 3.
    public init(clamping level: Int) {
        self = HeadingLevel(rawValue: min(max(level, 1), 3)) ?? .three
    }
}

/// The four banner types.
public enum BannerType: String, Equatable, Sendable, CaseIterable {
    case info, warning, success, critical
}

/// One block element.
public indirect enum Block: Equatable, Sendable {
    case paragraph([Inline], alignment: Alignment? = nil)
    case heading(HeadingLevel, [Inline], alignment: Alignment? = nil)
    case blockquote([Block])
    case codeBlock(language: String?, code: String)
    case orderedList(start: Int, items: [[Block]])
    case bulletList(items: [[Block]])
    case checklist(items: [ChecklistItem])
    case table(Table)
    case divider
    case banner(BannerType, [Block])
    case columns(Columns)
}

/// An item of a checklist: its state and content.
public struct ChecklistItem: Equatable, Sendable {
    public var checked: Bool
    public var blocks: [Block]

    public init(checked: Bool, blocks: [Block]) {
        self.checked = checked
        self.blocks = blocks
    }
}

/// A columns layout: 2 to 5 columns, each a list of blocks.
public struct Columns: Equatable, Sendable {
    /// The smallest and largest column counts Productive accepts.
    public static let allowedCounts = 2...5

    /// The columns, left to right; always `allowedCounts` many.
    public let columns: [[Block]]

    /// Fails when `columns.count` is outside `allowedCounts`.
    public init?(_ columns: [[Block]]) {
        guard Columns.allowedCounts.contains(columns.count) else { return nil }
        self.columns = columns
    }
}
