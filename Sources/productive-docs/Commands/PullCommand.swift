import ArgumentParser
import DocsSync
import Foundation
import ProductiveAPI

/// `productive-docs pull`: a page tree into an empty folder, or remote edits into published files.
struct PullCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pull",
        abstract: "Bring pages from Productive into Markdown: a whole tree into an empty folder, or remote edits into published files.",
        discussion: """
            `pull DIR --root-page ID` (or `--project ID` for a project's only doc) writes the page and every page \
            under it as a docs folder: one file per page, a folder with an index.md for a page with subpages, front \
            matter with the title, links between pages as relative links, banners as GitHub alerts, what Markdown \
            cannot say as raw HTML; and the manifest, so that publishing DIR right away writes nothing. DIR must be \
            empty, or hold this very tree (then its files get the remote edits). \
            `pull FILE...` brings the remote edits of published files into them: into a file unchanged since the last \
            publish they are merged block by block (what did not change keeps its lines; a changed block holding what \
            the page cannot store, such as an image, raw HTML or a footnote, gets conflict markers); a file changed \
            since is left alone and the page goes to NAME.remote.md beside it, or the next free name (a conflict). Exit 0; 1 when a file is in conflict or was skipped; 2 on a configuration error (a folder \
            that is not empty, no such page).
            """
    )

    @Argument(help: "An empty folder (with --root-page or --project), a published folder, or published Markdown files.")
    var paths: [String] = []

    @OptionGroup var target: TargetOptions

    @OptionGroup var connection: ConnectionOptions

    func validate() throws {
        if target.rootPage != nil && target.project != nil { throw ValidationError("choose one: --root-page or --project") }
        if target.rootPage != nil || target.project != nil {
            guard paths.count <= 1 else { throw ValidationError("a tree is pulled into one folder") }
        } else if paths.isEmpty {
            throw ValidationError("say what to pull: DIR --root-page ID, DIR --project ID, or FILE...")
        }
    }

    func run() async throws {
        try await inFolder(paths.first ?? ".") {
            if let rootPage = target.rootPage { try PageID.checked(rootPage, "--root-page") }
            if let project = target.project { try PageID.checked(project, "--project") }
            var api = try ProductiveConfiguration.fromEnvironment()
            let report: PullReport
            if target.rootPage != nil || target.project != nil {
                let directory = URL(fileURLWithPath: paths.first ?? ".").standardizedFileURL
                // A folder that already holds this tree keeps its settings; the project or root page
                // flag says what to pull, not where to publish.
                let settings = try target.resolvedConfig(in: directory, target: false)
                api.maxConcurrency = settings.concurrency
                let client = connection.makeClient(api)
                let puller = Puller(client: client, config: settings, organizationID: api.organizationID)
                let source = target.rootPage.map { Puller.Source.page($0) } ?? Puller.Source.project(target.project ?? "")
                let manifestPath = target.manifestPath(in: directory)
                report = try await withShutdown(client) { try await puller.pullTree(source, into: directory, manifestPath: manifestPath) }
            } else {
                let selection = try PublishedSelection.resolve(paths, target: target)
                let client = connection.makeClient(api)
                let puller = Puller(client: client, config: selection.context.config, organizationID: api.organizationID)
                report = try await withShutdown(client) {
                    try await puller.pullFiles(selection.files, root: selection.root, manifestPath: selection.manifestPath, lockTimeout: try lockTimeout())
                }
            }
            Self.show(report)
            if report.needsAttention { throw ExitCode(1) }
        }
    }

    static func show(_ report: PullReport) {
        for note in report.notes { Terminal.standardError.write("note: \(Printable.escaped(note))\n") }
        for warning in report.warnings { Terminal.standardError.write("\(Printable.escaped(warning.description))\n") }
        var text = ""
        for item in report.items where item.outcome != .unchanged || report.items.count <= 20 {
            text += "\(item.outcome.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)) \(Printable.escaped(item.path))"
            if let id = item.pageID { text += " (page \(id))" }
            if let detail = item.detail { text += ": \(Printable.escaped(detail))" }
            text += "\n"
        }
        Terminal.standardOutput.write(text + report.summary + "\n")
    }
}

/// Runs `body`, then shuts `client` down whatever happened.
func withShutdown<T>(_ client: ProductiveClient, _ body: () async throws -> T) async throws -> T {
    do {
        let value = try await body()
        try? await client.shutdown()
        return value
    } catch {
        try? await client.shutdown()
        throw error
    }
}
