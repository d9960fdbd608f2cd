import ProductiveFormat

extension FindingReport {
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

    private func escapeData(_ text: String) -> String {
        text.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A")
    }

    private func escapeProperty(_ text: String) -> String {
        escapeData(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}
