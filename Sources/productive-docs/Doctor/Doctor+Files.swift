import DocsSync
import Foundation
import ProductiveFormat

extension Doctor {
    /// The folder linted as publish scans it: how many files, how many findings of each severity,
    /// and the first errors (`info`: publish holds those files back and sends the others).
    func filesCheck(_ config: DocsConfig?) -> DoctorCheck {
        guard let config else { return .skip("files", "the configuration does not load (see below)") }
        let manifestName = URL(fileURLWithPath: options.manifestPath).lastPathComponent
        let workspace: Workspace
        do {
            workspace = try Workspace.scan(options.directoryURL, config: config, ignoring: [manifestName])
        } catch {
            return .fail("files", "\(options.directory) cannot be read: \(error)", hint: "name the docs folder: `productive-docs doctor DIR`")
        }
        let findings = workspace.pages.flatMap { page in page.findings.map { (page.file ?? page.key, $0) } }
            + workspace.problems.map { ($0.path, $0.finding) }
        let files = workspace.pages.filter { $0.file != nil }.count
        let count = { (severity: Severity) in findings.count { $0.1.severity == severity } }
        let counts = "\(counted(files, "file")): \(counted(count(.error), "error")), \(counted(count(.warning), "warning")), \(counted(count(.info), "info"))"
        guard files > 0 || !workspace.problems.isEmpty else {
            return .fail("files", "no Markdown file in \(options.directory)", hint: "name the docs folder: `productive-docs doctor DIR`")
        }
        let errors = findings.filter { $0.1.severity == .error }.sorted { ($0.0, $0.1.position) < ($1.0, $1.1.position) }
        guard !errors.isEmpty else { return .ok("files", counts) }
        let shown = errors.prefix(3).map { "\(Printable.escaped($0.0)):\($0.1.position.line):\($0.1.position.column): \($0.1.message) [\($0.1.ruleID)]" }
        // Not a failure of the setup: publish sends the other files and holds these back (exit 1).
        return .info("files", "\(counts); publish holds files with errors back, first: \(shown.joined(separator: "; ")) (`productive-docs lint \(Printable.escaped(options.directory))` lists every finding)")
    }
}
