/// How serious a finding is.
public enum Severity: String, Comparable, Sendable, CaseIterable, Codable {
    case info, warning, error

    private var rank: Int {
        switch self {
        case .info: 0
        case .warning: 1
        case .error: 2
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// A 1-based line and column in a source file (column counts bytes, as cmark does; `SourceLines`
/// turns it into a code point column).
public struct SourcePosition: Equatable, Hashable, Comparable, Sendable, Codable {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public static let start = SourcePosition(line: 1, column: 1)

    public static func < (lhs: SourcePosition, rhs: SourcePosition) -> Bool {
        (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }
}

/// One thing the checker noticed: which rule, where, what, and what the fallback did.
public struct Finding: Equatable, Hashable, Sendable, Codable {
    public var ruleID: String
    public var severity: Severity
    public var position: SourcePosition
    public var message: String

    public init(rule: Rule, at position: SourcePosition, _ message: String, severity: Severity? = nil) {
        self.ruleID = rule.id
        self.severity = severity ?? rule.severity
        self.position = position
        self.message = message
    }
}

/// Collects findings while a document is checked, honouring the finding policy (rules switched
/// off, severities overridden).
public struct FindingCollector: Sendable {
    public internal(set) var findings: [Finding] = []
    /// What the project decided about each rule.
    public var policy: FindingPolicy

    public init(policy: FindingPolicy = FindingPolicy()) {
        self.policy = policy
    }

    /// A collector that switches these rule ids off.
    public init(disabledRules: Set<String>) {
        self.init(policy: .disabling(disabledRules))
    }

    /// Records a finding of `rule`, unless the policy switches the rule off; `severity` overrides the
    /// rule's default, and the policy's severity for the rule overrides both.
    public mutating func report(_ rule: Rule, at position: SourcePosition, _ message: String, severity: Severity? = nil) {
        guard let severity = policy.severity(of: rule.id, reported: severity ?? rule.severity) else { return }
        findings.append(Finding(rule: rule, at: position, message, severity: severity))
    }

    /// The findings in source order.
    public var sorted: [Finding] {
        findings.sorted { ($0.position, $0.ruleID, $0.message) < ($1.position, $1.ruleID, $1.message) }
    }
}
