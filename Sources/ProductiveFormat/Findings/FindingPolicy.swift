/// What a project decided about each rule: switched off, or on with its default or its own severity.
///
/// The same policy is applied by `lint`, `convert --report` and `publish`, through `FindingCollector`,
/// so a rule set to `error` in `productive-docs.yml` fails all three alike. Switching a rule off hides
/// its findings; its fallback still applies (the payload does not change).
public struct FindingPolicy: Sendable, Equatable {
    /// The setting of one rule.
    public enum Setting: Sendable, Equatable {
        /// Findings of the rule are not reported.
        case off
        /// Reported with the rule's own severity (for each finding, as the rule decides).
        case on
        /// Every finding of the rule is reported with this severity.
        case severity(Severity)

        /// The spellings accepted in configuration: `off`, `on`, `info`, `warning`, `error`
        /// (also `false`/`true`, `no`/`yes`, `none`, `default`, `warn`), case-insensitively.
        public init?(parsing text: String) {
            switch text.lowercased() {
            case "off", "false", "no", "none", "disable", "disabled": self = .off
            case "on", "true", "yes", "default", "enable", "enabled": self = .on
            case "warn": self = .severity(.warning)
            default:
                guard let severity = Severity(rawValue: text.lowercased()) else { return nil }
                self = .severity(severity)
            }
        }

        /// The accepted values, for error messages.
        public static let spellings = "off, on, info, warning or error"
    }

    /// Settings by rule id; a rule not listed is `on`.
    public private(set) var settings: [String: Setting]

    /// A policy with these settings (rule id → setting).
    public init(_ settings: [String: Setting] = [:]) {
        self.settings = settings
    }

    /// A policy that switches these rule ids off (what `--disable` asks for).
    public static func disabling(_ ruleIDs: Set<String>) -> FindingPolicy {
        FindingPolicy(Dictionary(uniqueKeysWithValues: ruleIDs.map { ($0, Setting.off) }))
    }

    /// The setting of a rule (`on` when not listed).
    public subscript(ruleID: String) -> Setting {
        get { settings[ruleID] ?? .on }
        set { settings[ruleID] = newValue == .on ? nil : newValue }
    }

    /// The rule ids switched off.
    public var disabledRuleIDs: Set<String> {
        Set(settings.compactMap { $0.value == .off ? $0.key : nil })
    }

    /// This policy with `other`'s explicit settings taking precedence (flags over the file).
    public func overridden(by other: FindingPolicy) -> FindingPolicy {
        FindingPolicy(settings.merging(other.settings) { $1 })
    }

    /// The severity a finding of `ruleID` gets, or nil when the rule is off.
    /// `reported` is the severity the rule chose for this finding.
    public func severity(of ruleID: String, reported: Severity) -> Severity? {
        switch self[ruleID] {
        case .off: nil
        case .on: reported
        case .severity(let severity): severity
        }
    }
}

extension RuleCatalog {
    /// The rule with this id (`PD005`, any case) or name (`html-unsupported`), as configuration
    /// and inline comments may name a rule either way.
    public static func rule(matching key: String) -> Rule? {
        let wanted = key.lowercased()
        return all.first { $0.id.lowercased() == wanted || $0.name == wanted }
    }
}
