/// One mark as a writer opens and closes it, in canonical nesting order (outermost first).
enum MarkKind: Equatable {
    case link(String)
    case strong
    case emphasis
    case strike
    case underline
    case style(color: String?, background: String?)
    case code
}

extension Marks {
    /// The marks in the order writers nest them: link outermost, code innermost.
    var orderedKinds: [MarkKind] {
        var kinds: [MarkKind] = []
        if let link { kinds.append(.link(link)) }
        if strong { kinds.append(.strong) }
        if emphasis { kinds.append(.emphasis) }
        if strike { kinds.append(.strike) }
        if underline { kinds.append(.underline) }
        if color != nil || backgroundColor != nil { kinds.append(.style(color: color, background: backgroundColor)) }
        if code { kinds.append(.code) }
        return kinds
    }
}

/// The marks currently open in a writer's output, kept properly nested.
///
/// Both writers share it: moving from one text run to the next closes the
/// innermost marks the next run lacks and opens the ones it adds.
struct MarkStack {
    private(set) var open: [MarkKind] = []

    /// Moves to `target` (canonical order); returns the marks to close (innermost first) and to open.
    mutating func transition(to target: [MarkKind]) -> (close: [MarkKind], open: [MarkKind]) {
        var keep = 0
        while keep < open.count, target.contains(open[keep]) { keep += 1 }
        let closing = Array(open[keep...].reversed())
        open.removeSubrange(keep...)
        let opening = target.filter { !open.contains($0) }
        open.append(contentsOf: opening)
        return (closing, opening)
    }

    /// Closes everything; returns the marks to close, innermost first.
    mutating func closeAll() -> [MarkKind] {
        defer { open.removeAll() }
        return open.reversed()
    }
}
