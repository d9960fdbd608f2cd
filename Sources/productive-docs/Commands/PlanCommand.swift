import ArgumentParser
import DocsSync
import Foundation

/// `productive-docs plan [DIR]`: what a publish would do, without writing anything.
struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show what publish would do per file: create, update, rename, move, reorder, unchanged, conflict, drift, missing-remotely, orphan.",
        discussion: """
            Reads only: one list request per 200 pages of the manifest. Findings of the files go to standard error \
            in lint's format (--findings). Exit 0, 1 when a file is held back (lint errors, a page not in this tree), \
            2 on a configuration error.
            """
    )

    @OptionGroup var options: PublishOptions

    @Option(help: "Output: text (a table), json, or markdown (a pull-request comment: per changed page a diff of its Markdown and its findings).")
    var format: PlanFormat = .text

    @Flag(help: "Same as --format json.")
    var json = false

    func run() async throws {
        try await inFolder(options.directory) {
            let (publisher, client) = try options.publisher { event in
                if case .warning(let text) = event { Terminal.standardError.write("warning: \(Printable.escaped(text))\n") }
            }
            defer { Task { try? await client.shutdown() } }
            let plan = try await publisher.plan()
            let preview = !json && format == .markdown ? await publisher.preview(plan) : nil
            try? await client.shutdown()
            options.reportFindings(plan.findings)
            Terminal.standardOutput.write(preview?.markdown() ?? plan.render(json ? .json : format))
            if !json, format == .text, let hint = Self.diffHint(plan, directory: options.directory) { Terminal.standardOutput.write(hint) }
            // Exit here, with the publisher (every page's mapping and payload) still alive: freeing
            // it was a tenth of a plan of 7,000 pages, and nothing is left to do.
            withExtendedLifetime(publisher) {
                Terminal.exitIfOutputFailed()
                Foundation.exit(plan.hasBlocked ? 1 : 0)
            }
        }
    }

    /// One line pointing at `diff` when pages were edited in Productive (conflict or drift).
    static func diffHint(_ plan: Plan, directory: String) -> String? {
        let edited = plan.items.filter { $0.actions.contains(.conflict) || $0.actions.contains(.drift) }.count
        guard edited > 0 else { return nil }
        let target = directory == "." ? "" : " " + Printable.escaped(directory)
        return "\(edited) page\(edited == 1 ? " was" : "s were") edited in Productive: `productive-docs diff\(target)` shows the changes, `productive-docs pull` brings them in\n"
    }
}
