/// Inline comments that switch rules off and on for part of a document, with markdownlint's
/// semantics:
///
/// - `<!-- productive-docs-disable PD005 -->` from its own line on, until a matching `-enable`;
/// - `<!-- productive-docs-enable PD005 -->` from its own line on;
/// - `<!-- productive-docs-disable-line PD005 -->` its own line only;
/// - `<!-- productive-docs-disable-next-line PD005 -->` the line after it only;
/// - `<!-- productive-docs-disable-file PD005 -->`, `-enable-file`: the whole file, wherever they stand.
///
/// Without rule ids a directive means every rule. Rules may be named by id or by name, separated by
/// spaces or commas. A directive only suppresses: `enable` undoes a `disable` comment, it cannot turn
/// on a rule the configuration switches off. A directive is not content: the "HTML comment removed"
/// finding (PD007) it would cause is not reported; a mistyped one is (as a warning).
///
/// The source bytes are scanned line by line, without parsing: comments inside fenced code blocks,
/// inside a code span on their line, or inside another comment are text, not directives.
public struct SuppressionDirectives: Sendable {
    /// What a directive does.
    public enum Kind: String, Sendable, CaseIterable {
        case disable, enable
        case disableLine = "disable-line"
        case disableNextLine = "disable-next-line"
        case disableFile = "disable-file"
        case enableFile = "enable-file"
    }

    /// One directive comment found in the source.
    public struct Directive: Sendable, Equatable {
        public var kind: Kind
        /// Rule ids it names; empty means every rule.
        public var ruleIDs: Set<String>
        /// Where the comment starts (byte column, as findings count).
        public var position: SourcePosition
    }

    /// A directive comment that could not be understood completely.
    public struct Problem: Sendable, Equatable {
        public var position: SourcePosition
        public var message: String
    }

    /// The comment prefix every directive starts with.
    public static let prefix = "productive-docs-"

    /// The directives, in source order.
    public private(set) var directives: [Directive] = []
    /// Unknown directive names and unknown rules, in source order.
    public private(set) var problems: [Problem] = []

    /// The rules switched off for the whole file.
    private var fileState = RuleState()
    /// The state from a line on (`disable` and `enable`), in line order.
    private var rangeStates: [(line: Int, state: RuleState)] = []
    /// Rules switched off for one line (`disable-line`, `disable-next-line`).
    private var lineStates: [Int: RuleState] = [:]
    /// How many directive comments start on each line.
    private var directiveCounts: [Int: Int] = [:]

    /// Scans UTF-8 source bytes for directive comments.
    public init(scanning bytes: [UInt8]) {
        let lines = SourceLines(bytes)
        var scanner = CommentScanner()
        for number in 1...max(lines.count, 1) {
            for comment in scanner.comments(in: lines.line(number)) {
                record(comment.text, at: SourcePosition(line: number, column: comment.column))
            }
        }
    }

    /// True when inline comments switch `ruleID` off at `line`.
    public func suppresses(_ ruleID: String, line: Int) -> Bool {
        if fileState.disables(ruleID) || lineStates[line]?.disables(ruleID) == true { return true }
        return rangeState(at: line)?.disables(ruleID) ?? false
    }

    /// The collector's findings in source order, without those the comments suppress and without the
    /// "HTML comment removed" findings of the directive comments themselves, plus a finding for each
    /// problem (through the collector, so the policy applies to them too).
    public func apply(to collector: FindingCollector) -> [Finding] {
        var remainingDirectiveComments = directiveCounts
        var kept = FindingCollector(policy: collector.policy)
        kept.findings = collector.findings.filter { finding in
            let line = finding.position.line
            if finding.ruleID == RuleCatalog.htmlComment.id, let remaining = remainingDirectiveComments[line], remaining > 0 {
                remainingDirectiveComments[line] = remaining - 1
                return false
            }
            return !suppresses(finding.ruleID, line: line)
        }
        for problem in problems {
            kept.report(RuleCatalog.htmlComment, at: problem.position, problem.message, severity: .warning)
        }
        return kept.sorted
    }

    // MARK: Recording

    private mutating func record(_ comment: Substring, at position: SourcePosition) {
        let words = comment.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," })
        guard let first = words.first, first.lowercased().hasPrefix(Self.prefix) else { return }
        directiveCounts[position.line, default: 0] += 1
        let name = first.lowercased().dropFirst(Self.prefix.count)
        guard let kind = Kind(rawValue: String(name)) else {
            let known = Kind.allCases.map { "`\(Self.prefix)\($0.rawValue)`" }.joined(separator: ", ")
            problems.append(Problem(position: position, message: "unknown directive `\(first)` ignored: use one of \(known)"))
            return
        }
        var ids: Set<String> = []
        for word in words.dropFirst() {
            if let rule = RuleCatalog.rule(matching: String(word)) {
                ids.insert(rule.id)
            } else {
                problems.append(Problem(position: position, message: "unknown rule `\(word)` in `\(first)` ignored (see `productive-docs rules`)"))
            }
        }
        // Every id unknown: do nothing rather than switch every rule off by mistake.
        if ids.isEmpty && words.count > 1 { return }
        directives.append(Directive(kind: kind, ruleIDs: ids, position: position))
        let line = position.line
        switch kind {
        case .disable, .enable:
            var state = rangeStates.last?.state ?? RuleState()
            state.apply(disable: kind == .disable, ids)
            if rangeStates.last?.line == line { rangeStates.removeLast() }
            rangeStates.append((line, state))
        case .disableLine, .disableNextLine:
            let target = kind == .disableLine ? line : line + 1
            lineStates[target, default: RuleState()].apply(disable: true, ids)
        case .disableFile, .enableFile:
            fileState.apply(disable: kind == .disableFile, ids)
        }
    }

    /// The `disable`/`enable` state in force at `line`: the last change at or before it.
    private func rangeState(at line: Int) -> RuleState? {
        var low = 0
        var high = rangeStates.count
        while low < high {
            let middle = (low + high) / 2
            if rangeStates[middle].line <= line { low = middle + 1 } else { high = middle }
        }
        return low == 0 ? nil : rangeStates[low - 1].state
    }
}

/// Which rules are switched off: all but some, or only some.
private struct RuleState: Sendable {
    var allOff = false
    /// With `allOff`, the rules still on; otherwise the rules off.
    var exceptions: Set<String> = []

    func disables(_ ruleID: String) -> Bool {
        allOff != exceptions.contains(ruleID)
    }

    mutating func apply(disable: Bool, _ ids: Set<String>) {
        if ids.isEmpty {
            allOff = disable
            exceptions = []
        } else if disable == allOff {
            exceptions.subtract(ids)
        } else {
            exceptions.formUnion(ids)
        }
    }
}

/// Finds HTML comments on each line, skipping fenced code blocks, code spans and the inside of
/// comments that span lines.
private struct CommentScanner {
    /// The open fence: its character and length.
    private var fence: (character: UInt8, length: Int)?
    private var insideComment = false

    private static let backtick = UInt8(ascii: "`")
    private static let tilde = UInt8(ascii: "~")
    private static let open: [UInt8] = Array("<!--".utf8)
    private static let close: [UInt8] = Array("-->".utf8)

    /// The comments starting on this line: their text between `<!--` and `-->`, and 1-based byte column.
    mutating func comments(in line: ArraySlice<UInt8>) -> [(text: Substring, column: Int)] {
        if updateFence(line) { return [] }
        var found: [(text: Substring, column: Int)] = []
        var index = line.startIndex
        if insideComment {
            guard let end = Self.find(Self.close, in: line, from: index) else { return [] }
            insideComment = false
            index = end + Self.close.count
        }
        let spans = CodeSpans(line)
        while index < line.endIndex {
            let byte = line[index]
            if byte == Self.backtick {
                index = spans.end(ofSpanAt: index)
            } else if byte == UInt8(ascii: "<"), line[index...].starts(with: Self.open) {
                let start = index + Self.open.count
                guard let end = Self.find(Self.close, in: line, from: start) else {
                    insideComment = true
                    return found
                }
                let text = Substring(decoding: line[start..<end], as: UTF8.self)
                found.append((text.drop { $0 == " " || $0 == "\t" }, index - line.startIndex + 1))
                index = end + Self.close.count
            } else {
                index += 1
            }
        }
        return found
    }

    /// Opens or closes a fenced code block; true when the line belongs to one (fence lines included).
    private mutating func updateFence(_ line: ArraySlice<UInt8>) -> Bool {
        let content = line.drop { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: ">") }
        guard let first = content.first, first == Self.backtick || first == Self.tilde else { return fence != nil }
        let run = content.prefix { $0 == first }.count
        if let open = fence {
            if first == open.character, run >= open.length, content.dropFirst(run).allSatisfy({ $0 == 32 || $0 == 9 }) {
                fence = nil
            }
            return true
        }
        guard run >= 3, !insideComment else { return false }
        if first == Self.backtick, content.dropFirst(run).contains(Self.backtick) { return false }
        fence = (first, run)
        return true
    }

    private static func find(_ needle: [UInt8], in line: ArraySlice<UInt8>, from start: Int) -> Int? {
        var index = start
        while index + needle.count <= line.endIndex {
            if line[index...].starts(with: needle) { return index }
            index += 1
        }
        return nil
    }
}

/// The backtick runs of one line, each paired with the next run of the same length (the end of its
/// code span), found in one pass so that a line of many unmatched runs still takes linear time.
private struct CodeSpans {
    /// Run start → the index just after the code span it opens (after the run itself when unclosed).
    private var ends: [Int: Int] = [:]

    init(_ line: ArraySlice<UInt8>) {
        let backtick = UInt8(ascii: "`")
        var runs: [(start: Int, length: Int)] = []
        var index = line.startIndex
        while index < line.endIndex {
            guard line[index] == backtick else {
                index += 1
                continue
            }
            let length = line[index...].prefix { $0 == backtick }.count
            runs.append((index, length))
            index += length
        }
        var nextOfLength: [Int: Int] = [:]
        var closer = [Int?](repeating: nil, count: runs.count)
        for position in runs.indices.reversed() {
            closer[position] = nextOfLength[runs[position].length]
            nextOfLength[runs[position].length] = position
        }
        // Pair runs left to right: an opener's closer is consumed, a closer opens nothing.
        var position = 0
        while position < runs.count {
            let run = runs[position]
            if let match = closer[position] {
                ends[run.start] = runs[match].start + runs[match].length
                position = match + 1
            } else {
                ends[run.start] = run.start + run.length
                position += 1
            }
        }
    }

    /// Where scanning resumes after the backtick at `index`.
    func end(ofSpanAt index: Int) -> Int {
        ends[index] ?? index + 1
    }
}
