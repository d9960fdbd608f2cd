/// The marks a writer opens and closes, one bit each. Comparing raw values gives the canonical
/// nesting order: link outermost, code innermost.
struct MarkSet: OptionSet {
    let rawValue: UInt8

    static let link = MarkSet(rawValue: 1 << 0)
    static let strong = MarkSet(rawValue: 1 << 1)
    static let emphasis = MarkSet(rawValue: 1 << 2)
    static let strike = MarkSet(rawValue: 1 << 3)
    static let underline = MarkSet(rawValue: 1 << 4)
    /// Text colour and background colour, opened and closed together.
    static let style = MarkSet(rawValue: 1 << 5)
    static let code = MarkSet(rawValue: 1 << 6)

    init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    /// The marks set in `marks`.
    init(_ marks: Marks) {
        var bits: UInt8 = 0
        if marks.link != nil { bits |= MarkSet.link.rawValue }
        if marks.strong { bits |= MarkSet.strong.rawValue }
        if marks.emphasis { bits |= MarkSet.emphasis.rawValue }
        if marks.strike { bits |= MarkSet.strike.rawValue }
        if marks.underline { bits |= MarkSet.underline.rawValue }
        if marks.color != nil || marks.backgroundColor != nil { bits |= MarkSet.style.rawValue }
        if marks.code { bits |= MarkSet.code.rawValue }
        rawValue = bits
    }
}

/// Single marks in a given order (at most one of each), packed in one integer: no allocation.
struct MarkSequence: Sequence, IteratorProtocol {
    private var packed: UInt64 = 0
    private(set) var count = 0

    /// Appends one single mark.
    mutating func append(_ mark: MarkSet) {
        packed |= UInt64(mark.rawValue) << UInt64(8 * count)
        count += 1
    }

    /// The first `count` marks; the order is kept.
    func prefix(_ count: Int) -> MarkSequence {
        var result = MarkSequence()
        result.count = count
        result.packed = count == 8 ? packed : packed & ((1 << UInt64(8 * count)) - 1)
        return result
    }

    /// The marks in the opposite order.
    func reversed() -> MarkSequence {
        var result = MarkSequence()
        var index = count
        while index > 0 {
            index -= 1
            result.append(self[index])
        }
        return result
    }

    subscript(index: Int) -> MarkSet {
        MarkSet(rawValue: UInt8(truncatingIfNeeded: packed >> UInt64(8 * index)))
    }

    /// The single marks of `set`, in canonical order.
    init(canonical set: MarkSet) {
        var bit: UInt8 = 1
        while bit != 0, bit <= set.rawValue {
            if set.rawValue & bit != 0 { append(MarkSet(rawValue: bit)) }
            bit <<= 1
        }
    }

    init() {}

    mutating func next() -> MarkSet? {
        guard count > 0 else { return nil }
        let first = MarkSet(rawValue: UInt8(truncatingIfNeeded: packed))
        packed >>= 8
        count -= 1
        return first
    }
}

/// What moving to the next run's marks writes: the marks to close (innermost first), then to open.
struct MarkChange {
    var close = MarkSequence()
    var open = MarkSequence()
    /// The target of the link closed, when `close` holds the link.
    var closedLink: String?
}

/// The marks currently open in a writer's output, kept properly nested.
///
/// Both writers share it: moving from one text run to the next closes the
/// innermost marks the next run lacks and opens the ones it adds.
struct MarkStack {
    /// The open marks, outermost first.
    private var order = MarkSequence()
    /// The same marks as a set.
    private(set) var open: MarkSet = []
    /// The target of the open link.
    private(set) var link: String?
    /// The colours of the open style.
    private(set) var color: String?
    private(set) var backgroundColor: String?

    /// Moves to the marks of `marks` other than `excluded`.
    mutating func transition(to marks: Marks, excluding excluded: MarkSet = []) -> MarkChange {
        let target = MarkSet(marks).subtracting(excluded)
        if target.isEmpty && open.isEmpty { return MarkChange() }
        var keep = 0
        var kept: MarkSet = []
        while keep < order.count {
            let mark = order[keep]
            guard target.contains(mark) else { break }
            if mark == .link, marks.link != link { break }
            if mark == .style, marks.color != color || marks.backgroundColor != backgroundColor { break }
            kept.insert(mark)
            keep += 1
        }
        var change = MarkChange()
        if keep < order.count {
            var closing = MarkSequence()
            for index in keep..<order.count { closing.append(order[index]) }
            change.close = closing.reversed()
            if open.subtracting(kept).contains(.link) { change.closedLink = link }
        }
        let opening = target.subtracting(kept)
        change.open = MarkSequence(canonical: opening)
        order = order.prefix(keep)
        for mark in change.open { order.append(mark) }
        open = target
        link = target.contains(.link) ? marks.link : nil
        if target.contains(.style) {
            color = marks.color
            backgroundColor = marks.backgroundColor
        } else {
            color = nil
            backgroundColor = nil
        }
        return change
    }

    /// Closes everything: the marks to close, innermost first.
    mutating func closeAll() -> MarkChange {
        var change = MarkChange()
        change.close = order.reversed()
        change.closedLink = link
        self = MarkStack()
        return change
    }
}
