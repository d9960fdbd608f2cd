import Foundation
import ProductiveFormat

/// A finding with the file it belongs to.
struct FileFinding: Equatable {
    let path: String
    let finding: Finding
}

/// The output formats of `lint`.
enum ReportFormat: String, CaseIterable {
    case text, json, github, sarif
}

/// Renders findings for people (text), programs (json, sarif) and GitHub annotations.
struct FindingReport {
    let findings: [FileFinding]
    let fileCount: Int

    init(findings: [FileFinding], fileCount: Int) {
        self.findings = findings.sorted {
            ($0.path, $0.finding.position, $0.finding.ruleID, $0.finding.message)
                < ($1.path, $1.finding.position, $1.finding.ruleID, $1.finding.message)
        }
        self.fileCount = fileCount
    }

    func count(_ severity: Severity) -> Int {
        findings.count { $0.finding.severity == severity }
    }

    /// `N errors, N warnings, N infos in N files`.
    var summary: String {
        "\(count(.error)) errors, \(count(.warning)) warnings, \(count(.info)) infos in \(fileCount) files"
    }

    func render(_ format: ReportFormat, color: Bool = false) -> String {
        switch format {
        case .text: text(color: color)
        case .json: json()
        case .github: github()
        case .sarif: sarif()
        }
    }

    /// `path:line:col: severity: message [PD0xx]`, one a line.
    func text(color: Bool) -> String {
        var out = ""
        for item in findings {
            let finding = item.finding
            var severity = finding.severity.rawValue
            if color {
                let code = switch finding.severity {
                case .error: "31"
                case .warning: "33"
                case .info: "36"
                }
                severity = "\u{1B}[\(code)m\(severity)\u{1B}[0m"
            }
            out += "\(item.path):\(finding.position.line):\(finding.position.column): \(severity): \(finding.message) [\(finding.ruleID)]\n"
        }
        return out
    }

    func json() -> String {
        struct Entry: Encodable {
            let path: String, line: Int, column: Int, severity: String, rule: String, message: String
        }
        struct Summary: Encodable {
            let files: Int, errors: Int, warnings: Int, infos: Int
        }
        struct Body: Encodable {
            let findings: [Entry]
            let summary: Summary
        }
        let body = Body(
            findings: findings.map {
                Entry(path: $0.path, line: $0.finding.position.line, column: $0.finding.position.column,
                      severity: $0.finding.severity.rawValue, rule: $0.finding.ruleID, message: $0.finding.message)
            },
            summary: Summary(files: fileCount, errors: count(.error), warnings: count(.warning), infos: count(.info))
        )
        return encode(body)
    }

    /// GitHub Actions workflow commands: annotations on the pull request.
    func github() -> String {
        var out = ""
        for item in findings {
            let finding = item.finding
            let command = switch finding.severity {
            case .error: "error"
            case .warning: "warning"
            case .info: "notice"
            }
            out += "::\(command) file=\(escapeProperty(item.path)),line=\(finding.position.line),col=\(finding.position.column),title=\(finding.ruleID)::\(escapeData(finding.message))\n"
        }
        return out
    }

    /// SARIF 2.1.0, for code-scanning uploads.
    func sarif() -> String {
        let rules: [[String: Any]] = RuleCatalog.all.map { rule in
            [
                "id": rule.id, "name": rule.name,
                "shortDescription": ["text": rule.summary],
                "fullDescription": ["text": "\(rule.rationale) Fallback: \(rule.fallback)"],
                "defaultConfiguration": ["level": sarifLevel(rule.severity)],
                "helpUri": "https://github.com/productive-docs/productive-docs/blob/main/docs/rules.md#\(rule.id.lowercased())",
            ]
        }
        let results: [[String: Any]] = findings.map { item in
            [
                "ruleId": item.finding.ruleID,
                "level": sarifLevel(item.finding.severity),
                "message": ["text": item.finding.message],
                "locations": [[
                    "physicalLocation": [
                        "artifactLocation": ["uri": item.path],
                        "region": ["startLine": item.finding.position.line, "startColumn": item.finding.position.column],
                    ],
                ]],
            ]
        }
        let log: [String: Any] = [
            "version": "2.1.0",
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "runs": [[
                "tool": ["driver": ["name": "productive-docs", "informationUri": "https://github.com/productive-docs/productive-docs", "rules": rules]],
                "results": results,
            ]],
        ]
        let data = (try? JSONSerialization.data(withJSONObject: log, options: [.prettyPrinted, .sortedKeys])) ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    private func sarifLevel(_ severity: Severity) -> String {
        switch severity {
        case .error: "error"
        case .warning: "warning"
        case .info: "note"
        }
    }

    private func escapeData(_ text: String) -> String {
        text.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A")
    }

    private func escapeProperty(_ text: String) -> String {
        escapeData(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}

/// Pretty JSON with sorted keys and a final newline.
func encode<T: Encodable>(_ value: T) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    let data = (try? encoder.encode(value)) ?? Data()
    return String(decoding: data, as: UTF8.self) + "\n"
}
