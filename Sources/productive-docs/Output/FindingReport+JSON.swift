import ProductiveFormat

extension FindingReport {
    /// `{"findings": [...], "summary": {...}}`; columns count bytes, as in the text format.
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
}
