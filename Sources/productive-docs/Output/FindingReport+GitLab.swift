import ProductiveFormat

extension FindingReport {
    /// GitLab Code Quality (a JSON array; the CodeClimate subset GitLab reads): `description`,
    /// `check_name`, `fingerprint`, `severity`, `location.path` (relative to the working directory,
    /// which in CI is the repository root) and `location.lines.begin`; errors first, then warnings,
    /// then infos.
    func gitlab() -> String {
        struct Lines: Encodable { let begin: Int }
        struct Location: Encodable { let path: String, lines: Lines }
        struct Issue: Encodable {
            let type = "issue"
            let description: String
            let checkName: String
            let categories = ["Style"]
            let fingerprint: String
            let severity: String
            let location: Location

            enum CodingKeys: String, CodingKey {
                case type, description, checkName = "check_name", categories, fingerprint, severity, location
            }
        }
        var seen: [String: Int] = [:]
        let issues = bySeverity.map { item -> Issue in
            let finding = item.finding
            let path = ReportPath(item.path, workingDirectory: workingDirectory).path
            // Rule, path, line and message identify a finding across runs; identical findings on one
            // line are told apart by their order.
            let identity = [finding.ruleID, path, String(finding.position.line), finding.message].joined(separator: "\u{1F}")
            let occurrence = seen[identity, default: 0]
            seen[identity] = occurrence + 1
            return Issue(
                description: "\(finding.ruleID) \(finding.message)",
                checkName: finding.ruleID,
                fingerprint: Fingerprint.fnv1a64(occurrence == 0 ? identity : identity + "\u{1F}\(occurrence)"),
                severity: Self.gitlabSeverity(finding.severity),
                location: Location(path: path, lines: Lines(begin: finding.position.line))
            )
        }
        return encode(issues)
    }

    /// info → `info`, warning → `minor`, error → `major` (GitLab also knows `critical` and `blocker`).
    static func gitlabSeverity(_ severity: Severity) -> String {
        switch severity {
        case .info: "info"
        case .warning: "minor"
        case .error: "major"
        }
    }
}
