import DocsSync
import Foundation
import ProductiveFormat

/// A finding with the file it belongs to.
struct FileFinding: Equatable {
    let path: String
    let finding: Finding
    /// The finding's column in Unicode code points (the finding itself counts bytes, as cmark does).
    let codePointColumn: Int

    /// `lines` are the file's source lines, to count the column in code points; without them the
    /// byte column is used.
    init(path: String, finding: Finding, lines: SourceLines? = nil) {
        self.path = path
        self.finding = finding
        self.codePointColumn = lines?.codePointColumn(line: finding.position.line, byteColumn: finding.position.column)
            ?? finding.position.column
    }
}

/// The output formats of `lint`.
enum ReportFormat: String, CaseIterable {
    case text, json, github, sarif, gitlab
}

/// Renders findings for people (text), programs (json, sarif, gitlab) and GitHub annotations.
/// Each format lives in its own file as an extension.
struct FindingReport {
    let findings: [FileFinding]
    let fileCount: Int
    /// Paths in machine formats (SARIF, GitLab) are made relative to this folder.
    let workingDirectory: String
    /// Paths in GitHub annotations are made relative to this folder (see `repositoryRoot(environment:)`).
    let repositoryRoot: String

    init(
        findings: [FileFinding], fileCount: Int, workingDirectory: String = FileManager.default.currentDirectoryPath,
        repositoryRoot: String = FindingReport.repositoryRoot()
    ) {
        self.findings = findings.sorted {
            ($0.path, $0.finding.position, $0.finding.ruleID, $0.finding.message)
                < ($1.path, $1.finding.position, $1.finding.ruleID, $1.finding.message)
        }
        self.fileCount = fileCount
        self.workingDirectory = workingDirectory
        self.repositoryRoot = repositoryRoot
    }

    func count(_ severity: Severity) -> Int {
        findings.count { $0.finding.severity == severity }
    }

    /// `1 error, 2 warnings, 0 infos in 1 file`.
    var summary: String {
        "\(counted(count(.error), "error")), \(counted(count(.warning), "warning")), \(counted(count(.info), "info")) in \(counted(fileCount, "file"))"
    }

    /// - Parameter annotateInfos: GitHub annotations for infos too (by default they are counted).
    func render(_ format: ReportFormat, color: Bool = false, annotateInfos: Bool = false) -> String {
        switch format {
        case .text: text(color: color)
        case .json: json()
        case .github: github(root: repositoryRoot, annotateInfos: annotateInfos)
        case .sarif: sarif()
        case .gitlab: gitlab()
        }
    }

    /// `path:line:col: severity: message [PD0xx]`, one a line (the column counts bytes).
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
            // A file name can hold ESC or a newline: shown escaped, never acting on the terminal.
            out += "\(Printable.escaped(item.path)):\(finding.position.line):\(finding.position.column): \(severity): \(finding.message) [\(finding.ruleID)]\n"
        }
        return out
    }
}

/// `1 file`, `2 files`.
func counted(_ count: Int, _ noun: String) -> String {
    "\(count) \(noun)\(count == 1 ? "" : "s")"
}

/// Pretty JSON with sorted keys and a final newline.
func encode<T: Encodable>(_ value: T) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    let data = (try? encoder.encode(value)) ?? Data()
    return String(decoding: data, as: UTF8.self) + "\n"
}
