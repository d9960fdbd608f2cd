import Foundation
import ProductiveFormat

extension FindingReport {
    /// The folder GitHub's annotation paths are relative to: `GITHUB_WORKSPACE` (the checkout, the
    /// repository root) when set, else the working directory.
    static func repositoryRoot(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let workspace = environment["GITHUB_WORKSPACE"], !workspace.isEmpty { return workspace }
        return FileManager.default.currentDirectoryPath
    }

    /// The findings most serious first (errors, warnings, infos), each severity in path and
    /// position order: tools that show only the first few results show the ones that matter.
    var bySeverity: [FileFinding] {
        findings.enumerated().sorted { ($1.element.finding.severity, $0.offset) < ($0.element.finding.severity, $1.offset) }.map(\.element)
    }

    /// GitHub Actions workflow commands: annotations on the pull request, errors first, then
    /// warnings, then (with `annotateInfos`) notices. GitHub attaches an annotation to the diff only
    /// when its file is named relative to the repository root, without `./`: paths are made
    /// relative to `root` (see `repositoryRoot`). Infos not annotated are counted in one last line.
    func github(root: String, annotateInfos: Bool = false) -> String {
        var out = ""
        for item in bySeverity where annotateInfos || item.finding.severity != .info {
            let finding = item.finding
            let command = switch finding.severity {
            case .error: "error"
            case .warning: "warning"
            case .info: "notice"
            }
            let path = ReportPath(Self.absolute(item.path, in: workingDirectory), workingDirectory: root).path
            out += "::\(command) file=\(escapeProperty(path)),line=\(finding.position.line),col=\(finding.position.column),title=\(finding.ruleID)::\(escapeData(finding.message))\n"
        }
        let infos = count(.info)
        if !annotateInfos, infos > 0 {
            out += "productive-docs: \(summary); \(counted(infos, "info")) not annotated (--annotate-infos annotates them)\n"
        }
        return out
    }

    /// A display path (relative to the working directory) made absolute; `<stdin>` stays as it is.
    private static func absolute(_ path: String, in directory: String) -> String {
        path.hasPrefix("/") || path == InputFile.standardInputName ? path : URL(fileURLWithPath: directory).appendingPathComponent(path).path
    }

    private func escapeData(_ text: String) -> String {
        text.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A")
    }

    private func escapeProperty(_ text: String) -> String {
        escapeData(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}
