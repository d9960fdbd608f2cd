import Foundation
import ProductiveFormat

extension FindingReport {
    /// The SARIF `uriBaseId` that relative artifact URIs are relative to: the working directory.
    static let sourceRootID = "%SRCROOT%"

    /// SARIF 2.1.0, for code-scanning uploads. Artifact URIs are percent-encoded and relative to the
    /// working directory (`uriBaseId` `%SRCROOT%`); columns count Unicode code points (`columnKind`);
    /// results most serious first.
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
        let results: [[String: Any]] = bySeverity.map { item in
            [
                "ruleId": item.finding.ruleID,
                "level": sarifLevel(item.finding.severity),
                "message": ["text": item.finding.message],
                "locations": [[
                    "physicalLocation": [
                        "artifactLocation": artifactLocation(item.path),
                        "region": ["startLine": item.finding.position.line, "startColumn": item.codePointColumn],
                    ],
                ]],
            ]
        }
        let root = URL(fileURLWithPath: workingDirectory).standardizedFileURL.path
        let rootURI = "file://" + ReportPath.percentEncoded(root.hasSuffix("/") ? root : root + "/")
        let log: [String: Any] = [
            "version": "2.1.0",
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "runs": [[
                "tool": ["driver": [
                    "name": "productive-docs", "version": ToolVersion.current, "semanticVersion": ToolVersion.current,
                    "informationUri": "https://github.com/productive-docs/productive-docs", "rules": rules,
                ]],
                "originalUriBaseIds": [Self.sourceRootID: ["uri": rootURI]],
                "columnKind": "unicodeCodePoints",
                "results": results,
            ]],
        ]
        let data = (try? JSONSerialization.data(withJSONObject: log, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    private func artifactLocation(_ displayPath: String) -> [String: String] {
        switch ReportPath(displayPath, workingDirectory: workingDirectory) {
        case .relative(let path): ["uri": ReportPath.percentEncoded(path), "uriBaseId": Self.sourceRootID]
        case .absolute(let path): ["uri": "file://" + ReportPath.percentEncoded(path)]
        case .standardInput: ["uri": "stdin"]
        }
    }

    private func sarifLevel(_ severity: Severity) -> String {
        switch severity {
        case .error: "error"
        case .warning: "warning"
        case .info: "note"
        }
    }
}
