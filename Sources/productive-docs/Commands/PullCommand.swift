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
            `pull FILE...` brings the remote edits of published files into them: a file unchanged since the last \
            publish is overwritten; a file changed since is left alone and the page goes to NAME.remote.md beside it \
            (a conflict). Exit 0; 1 when a file is in conflict or was skipped; 2 on a configuration error (a folder \
            that is not empty, no such page).
            """
    )

    @Argument(help: "An empty folder (with --root-page or --project), or published Markdown files.")
    var paths: [String] = []

    @Option(help: "Pull this page and every page under it into the folder.")
    var rootPage: String?

    @Option(help: "Pull the doc of this project (it must have exactly one; else use --root-page).")
    var project: String?

    @Option(help: "The manifest (default: DIR/.productive-docs.json).")
    var manifest: String?

    @Option(help: "The configuration file (default: the nearest productive-docs.yml).")
    var config: String?

    @Option(help: "Page URL pattern with {page_id} and {organization_id}: links of this form become relative links.")
    var pageURLTemplate: String?

    @OptionGroup var connection: ConnectionOptions

    func validate() throws {
        if rootPage != nil && project != nil { throw ValidationError("choose one: --root-page or --project") }
        if rootPage != nil || project != nil {
            guard paths.count <= 1 else { throw ValidationError("a tree is pulled into one folder") }
        } else if paths.isEmpty {
            throw ValidationError("say what to pull: DIR --root-page ID, DIR --project ID, or FILE...")
        }
    }

    func run() async throws {
        try await runPublishing {
            if let rootPage { try PageID.checked(rootPage, "--root-page") }
            if let project { try PageID.checked(project, "--project") }
            var api = try ProductiveConfiguration.fromEnvironment()
            let report: PullReport
            if rootPage != nil || project != nil {
                let directory = URL(fileURLWithPath: paths.first ?? ".").standardizedFileURL
                var settings = try config.map(DocsConfig.load) ?? DocsConfig()
                if let pageURLTemplate { settings.pageURLTemplate = pageURLTemplate }
                try settings.validate("flags")
                api.maxConcurrency = settings.concurrency
                let client = connection.makeClient(api)
                let puller = Puller(client: client, config: settings, organizationID: api.organizationID)
                let source: Puller.Source = rootPage.map { .page($0) } ?? .project(project ?? "")
                let manifestPath = manifest ?? directory.appendingPathComponent(Manifest.defaultFileName).path
                report = try await withShutdown(client) { try await puller.pullTree(source, into: directory, manifestPath: manifestPath) }
            } else {
                let (context, files) = try Self.publishedFolder(of: paths, explicitConfig: config)
                var settings = context.config
                if let pageURLTemplate { settings.pageURLTemplate = pageURLTemplate }
                guard let root = context.root, let manifestPath = manifest ?? context.manifestPath else {
                    throw ConfigError("\(paths[0]): not in a published folder (no \(Manifest.defaultFileName) above it): publish it first, or pull a tree with --root-page")
                }
                let client = connection.makeClient(api)
                let puller = Puller(client: client, config: settings, organizationID: api.organizationID)
                report = try await withShutdown(client) {
                    try await puller.pullFiles(files, root: root, manifestPath: manifestPath, lockTimeout: lockTimeout())
                }
            }
            Self.print(report)
            if report.needsAttention { throw ExitCode(1) }
        }
    }

    /// The docs folder the files belong to, and the files relative to it.
    static func publishedFolder(of paths: [String], explicitConfig: String?) throws -> (FileContext, [String]) {
        for path in paths where !FileManager.default.fileExists(atPath: path) {
            throw ConfigError("\(path): no such file")
        }
        let context = try FileContext.discover(for: paths[0], explicitConfig: explicitConfig)
        var files: [String] = []
        for path in paths {
            guard let relative = context.relativePath(of: path) else {
                throw ConfigError("\(path): not in the published folder \(context.root?.path ?? paths[0]) (pull the files of one folder at a time)")
            }
            files.append(relative)
        }
        return (context, files)
    }

    static func print(_ report: PullReport) {
        for note in report.notes { Terminal.standardError.write("note: \(Printable.escaped(note))\n") }
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
