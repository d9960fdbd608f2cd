/// A line-based unified diff (Myers' O((N+M)·D) algorithm), without an external tool. The common
/// head and tail are cut first, and the search keeps only the frontier of each step (O(D²) memory
/// for D differing lines, not O((N+M)·D)).
public enum LineDiff {
    /// One line of the edit script.
    public enum Edit: Equatable, Sendable {
        case same(String)
        case removed(String)
        case added(String)
    }

    /// One step of an edit script over any elements: keep the next old one (it equals the next new
    /// one), drop the next old one, or take the next new one.
    enum Step: Equatable, Sendable {
        case same, removed, added
    }

    /// The shortest edit script turning `old` into `new`; when what differs between the common head
    /// and tail is longer than `longestSearch` elements, that stretch is removed and added whole.
    public static func edits(_ old: [String], _ new: [String], longestSearch: Int = .max) -> [Edit] {
        var (oldIndex, newIndex) = (0, 0)
        return script(old, new, longestSearch: longestSearch).map { step in
            switch step {
            case .same:
                defer { (oldIndex, newIndex) = (oldIndex + 1, newIndex + 1) }
                return .same(old[oldIndex])
            case .removed:
                defer { oldIndex += 1 }
                return .removed(old[oldIndex])
            case .added:
                defer { newIndex += 1 }
                return .added(new[newIndex])
            }
        }
    }

    /// The shortest edit script turning `old` into `new` (lines of text, blocks of a document). Myers
    /// keeps O(D²) frontiers: a middle longer than `longestSearch` is one removal and one addition.
    static func script<Element: Equatable>(_ old: [Element], _ new: [Element], longestSearch: Int = .max) -> [Step] {
        var head = 0
        while head < old.count, head < new.count, old[head] == new[head] { head += 1 }
        var tail = 0
        while tail < old.count - head, tail < new.count - head, old[old.count - 1 - tail] == new[new.count - 1 - tail] { tail += 1 }
        let a = Array(old[head..<(old.count - tail)])
        let b = Array(new[head..<(new.count - tail)])
        let changed = a.count + b.count > longestSearch
            ? Array(repeating: Step.removed, count: a.count) + Array(repeating: Step.added, count: b.count)
            : middle(a, b)
        return Array(repeating: .same, count: head) + changed + Array(repeating: .same, count: tail)
    }

    /// Myers' greedy search, then a walk back through the saved frontiers.
    private static func middle<Element: Equatable>(_ a: [Element], _ b: [Element]) -> [Step] {
        let n = a.count
        let m = b.count
        if n == 0 { return Array(repeating: .added, count: m) }
        if m == 0 { return Array(repeating: .removed, count: n) }
        let offset = n + m + 1
        var v = [Int](repeating: 0, count: 2 * offset + 1)
        // trace[d]: the frontier before step d, for k in -d...d (index k + d).
        var trace: [[Int]] = []
        search: for d in 0...(n + m) {
            trace.append(Array(v[(offset - d)...(offset + d)]))
            for k in stride(from: -d, through: d, by: 2) {
                var x = (k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1])) ? v[offset + k + 1] : v[offset + k - 1] + 1
                var y = x - k
                while x < n, y < m, a[x] == b[y] {
                    x += 1
                    y += 1
                }
                v[offset + k] = x
                if x >= n && y >= m { break search }
            }
        }
        var edits: [Step] = []
        var x = n
        var y = m
        for d in stride(from: trace.count - 1, through: 0, by: -1) {
            let frontier = trace[d]
            func at(_ k: Int) -> Int { frontier[k + d] }
            let k = x - y
            let previousK = (k == -d || (k != d && at(k - 1) < at(k + 1))) ? k + 1 : k - 1
            let previousX = d == 0 ? 0 : at(previousK)
            let previousY = previousX - previousK
            while x > previousX, y > previousY {
                edits.append(.same)
                x -= 1
                y -= 1
            }
            guard d > 0 else { break }
            if x == previousX {
                edits.append(.added)
                y -= 1
            } else {
                edits.append(.removed)
                x -= 1
            }
        }
        return edits.reversed()
    }

    /// A unified diff of two texts (`---`/`+++` header, `@@` hunks with `context` lines around
    /// each change), or "" when they are the same.
    public static func unified(_ old: String, _ new: String, oldLabel: String, newLabel: String, context: Int = 3) -> String {
        let edits = edits(lines(of: old), lines(of: new))
        let changed = edits.indices.filter { if case .same = edits[$0] { return false } else { return true } }
        guard let first = changed.first else { return "" }
        // Hunks: runs of changes less than 2·context apart, with their context.
        var ranges: [ClosedRange<Int>] = []
        var start = first
        var end = first
        for index in changed.dropFirst() {
            if index - end > 2 * context {
                ranges.append(max(0, start - context)...min(edits.count - 1, end + context))
                start = index
            }
            end = index
        }
        ranges.append(max(0, start - context)...min(edits.count - 1, end + context))

        var out = "--- \(oldLabel)\n+++ \(newLabel)\n"
        // Line numbers (1-based) of each edit in the old and new text.
        var oldLine = 1
        var newLine = 1
        var positions: [(old: Int, new: Int)] = []
        positions.reserveCapacity(edits.count)
        for edit in edits {
            positions.append((oldLine, newLine))
            switch edit {
            case .same: oldLine += 1; newLine += 1
            case .removed: oldLine += 1
            case .added: newLine += 1
            }
        }
        for range in ranges {
            var oldCount = 0
            var newCount = 0
            var body = ""
            for edit in edits[range] {
                switch edit {
                case .same(let line): body += " \(line)\n"; oldCount += 1; newCount += 1
                case .removed(let line): body += "-\(line)\n"; oldCount += 1
                case .added(let line): body += "+\(line)\n"; newCount += 1
                }
            }
            let oldStart = oldCount == 0 ? positions[range.lowerBound].old - 1 : positions[range.lowerBound].old
            let newStart = newCount == 0 ? positions[range.lowerBound].new - 1 : positions[range.lowerBound].new
            out += "@@ -\(oldStart),\(oldCount) +\(newStart),\(newCount) @@\n" + body
        }
        return out
    }

    /// The lines of `text`, without a final empty line after the last newline.
    static func lines(of text: String) -> [String] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        return lines
    }
}
