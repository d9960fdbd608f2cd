import ArgumentParser
import DocsSync
import Foundation
import ProductiveAPI
import ProductiveFormat
import SourceReading

extension PlanFormat: ExpressibleByArgument {}
extension ConflictPolicy: ExpressibleByArgument {}

/// What `plan` and `publish` share: the folder, the manifest, where the tree goes, and the settings
/// that override productive-docs.yml.
struct PublishOptions: ParsableArguments {
    @Argument(help: "The docs folder (default: the current folder).")
    var directory = "."

    @Option(help: "The manifest (default: DIR/.productive-docs.json).")
    var manifest: String?

    @Option(help: "The configuration file (default: DIR/productive-docs.yml, when present).")
    var config: String?

    @Option(help: "Create the tree as a new doc in this project.")
    var project: String?

    @Option(help: "Hang the tree under this existing page.")
    var rootPage: String?

    @Option(name: .customLong("to"), help: "Payload format: markdown, html or auto.")
    var format: OutputFormat?

    @Option(help: "What a level 4–6 heading becomes: h3 or bold.")
    var headingFallback: ConversionOptions.HeadingFallback?

    @Option(help: "drop or keep the first # heading equal to the title.")
    var titleHeading: ConversionOptions.TitleHeading?

    @Option(help: "Base URL for relative image paths.")
    var assetBaseURL: String?

    @Option(help: "Page URL pattern with {page_id} and {organization_id}, for links between pages.")
    var pageURLTemplate: String?

    @Option(help: "Requests in flight at once.")
    var concurrency: Int?
    @OptionGroup var connection: ConnectionOptions

    @Flag(help: "Send files with lint errors too, with their fallbacks (by default they are held back and reported).")
    var allowErrors = false

    @Flag(help: "Publish to a --project or --root-page other than the manifest's: starts a new tree there (the old pages are left as they are).")
    var retarget = false

    @Flag(help: "Create a page even beside one of the same title the manifest does not own (another team's page, not a lost manifest).")
    var allowDuplicateTitles = false

    @Flag(help: "Remove the memberships someone added in Productive to the pages `sharing:` manages (by default they are reported as drift and kept; the token's own access is never removed).")
    var pruneSharing = false

    @Flag(help: "With `mentions: true`, send `[@Name](mailto:..)` links as plain links: nobody is mentioned or notified by this run.")
    var noNotify = false

    @Option(help: "How findings are reported on standard error: text, json or github (annotations).")
    var findings: FindingsFormat = .text

    var directoryURL: URL {
        URL(fileURLWithPath: directory).standardizedFileURL
    }

    var manifestPath: String {
        manifest ?? directoryURL.appendingPathComponent(Manifest.defaultFileName).path
    }

    /// Defaults, then the file, then the environment, then the flags.
    func resolvedConfig(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> DocsConfig {
        var resolved = DocsConfig()
        let file = config ?? directoryURL.appendingPathComponent(DocsConfig.fileName).path
        if config != nil || FileManager.default.fileExists(atPath: file) {
            resolved = try DocsConfig.load(file)
        }
        if let project = environment["PRODUCTIVE_PROJECT_ID"], !project.isEmpty {
            resolved.projectID = try PageID.checked(project.trimmingCharacters(in: .whitespacesAndNewlines), "PRODUCTIVE_PROJECT_ID")
        }
        if let root = environment["PRODUCTIVE_ROOT_PAGE_ID"], !root.isEmpty {
            resolved.rootPageID = try PageID.checked(root.trimmingCharacters(in: .whitespacesAndNewlines), "PRODUCTIVE_ROOT_PAGE_ID")
        }
        if let project { try PageID.checked(project, "--project") }
        if let rootPage { try PageID.checked(rootPage, "--root-page") }
        if let project { resolved.projectID = project; resolved.rootPageID = rootPage }
        if let rootPage { resolved.rootPageID = rootPage; if project == nil { resolved.projectID = nil } }
        if let format { resolved.format = format }
        if let headingFallback { resolved.headingFallback = headingFallback }
        if let titleHeading { resolved.titleHeading = titleHeading }
        if let assetBaseURL { resolved.assetBaseURL = assetBaseURL }
        if let pageURLTemplate { resolved.pageURLTemplate = pageURLTemplate }
        if let concurrency { resolved.concurrency = concurrency }
        if resolved.projectID != nil && resolved.rootPageID != nil {
            throw ConfigError("choose one: a project (new doc) or a root page (existing page), not both")
        }
        try resolved.validate("flags")
        return resolved
    }

    /// The publisher for this folder, with a client built from the environment and the config.
    func publisher(onConflict: ConflictPolicy = .skip, prune: Bool = false, snapshot: String? = nil, report: @escaping @Sendable (PublishEvent) -> Void = { _ in }) throws -> (Publisher, ProductiveClient) {
        let config = try resolvedConfig()
        var api = try ProductiveConfiguration.fromEnvironment()
        api.maxConcurrency = config.concurrency
        api.rateLimits = [
            RateLimit(count: config.rateLimit, window: RateLimit.productiveShortWindow.window),
            RateLimit(count: config.rateLimitPer30Minutes, window: RateLimit.productiveSustained.window),
        ]
        let manifestName = URL(fileURLWithPath: manifestPath).lastPathComponent
        let workspace = try Workspace.scan(directoryURL, config: config, ignoring: [manifestName])
        let client = connection.makeClient(api)
        let settings = Publisher.Settings(
            config: config, manifestPath: manifestPath, organizationID: api.organizationID, onConflict: onConflict, prune: prune,
            allowErrors: allowErrors, retarget: retarget, lockTimeout: lockTimeout(), snapshot: snapshot
        )
        var configured = settings
        configured.allowDuplicateTitles = allowDuplicateTitles
        configured.pruneSharing = pruneSharing
        configured.notify = !noNotify
        return (Publisher(settings: configured, workspace: workspace, client: client, report: report), client)
    }
}

/// How long publish waits for another publish of the same folder:
/// `PRODUCTIVE_DOCS_LOCK_TIMEOUT` seconds, 60 by default.
func lockTimeout(environment: [String: String] = ProcessInfo.processInfo.environment) -> Duration {
    if let text = environment["PRODUCTIVE_DOCS_LOCK_TIMEOUT"], let seconds = Double(text), seconds >= 0 { return .milliseconds(Int(seconds * 1000)) }
    return .seconds(60)
}

/// How `plan` and `publish` report the findings of the files.
enum FindingsFormat: String, CaseIterable, ExpressibleByArgument {
    case text, json, github
}

extension PublishOptions {
    /// Prints the warnings and errors of a plan or publish on standard error in lint's format
    /// (infos are for `lint`).
    func reportFindings(_ all: [PlanFinding]) {
        let findings = all.filter { $0.finding.severity >= .warning }
        guard !findings.isEmpty else { return }
        let prefix = directory == "." ? "" : (directory.hasSuffix("/") ? directory : directory + "/")
        let report = FindingReport(findings: findings.map { FileFinding(path: prefix + $0.path, finding: $0.finding) }, fileCount: Set(findings.map(\.path)).count)
        switch self.findings {
        case .text: Terminal.standardError.write(report.text(color: Terminal.standardError.usesColor))
        case .json: Terminal.standardError.write(report.json())
        case .github: Terminal.standardError.write(report.render(.github))
        }
    }
}

/// Runs `body`, turning configuration problems into exit 2 and API failures into exit 1 (2 when
/// Productive could not be reached at all). A tree that already exists where pages would be created
/// (a lost manifest) is exit 2, with the commands that recover it for `directory`.
func runPublishing(directory: String = ".", _ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let error as ExistingTreeError {
        let folder = directory == "." ? "" : " " + Printable.escaped(directory)
        let id = error.clashes.first?.existingID ?? "ID"
        throw CommandFailure.configuration("""
            \(error).
            To take the existing pages back: `productive-docs publish\(folder) --adopt` (matches them by title and place, proves each against its file, rebuilds the manifest, writes nothing else).
            To bring the existing tree in as files instead: `productive-docs pull NEW-FOLDER --root-page \(id)`.
            When that page is another team's, not this folder's: `--allow-duplicate-titles` creates the new page beside it.
            """)
    } catch let error as ConfigError {
        throw CommandFailure.configuration(error.description)
    } catch let error as ConfigurationError {
        throw CommandFailure.configuration(error.description)
    } catch let error as ProductiveAPIError {
        Terminal.standardError.write("error: \(error)\n")
        throw apiExitCode(for: error)
    }
}
