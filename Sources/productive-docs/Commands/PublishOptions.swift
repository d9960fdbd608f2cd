import ArgumentParser
import DocsSync
import Foundation
import ProductiveAPI
import ProductiveFormat
import SourceReading

extension PlanFormat: ExpressibleByArgument {}
extension ConflictPolicy: ExpressibleByArgument {}

/// What `plan`, `publish` and `doctor` share: the folder, where its tree goes, how it is mapped,
/// and the settings that override productive-docs.yml.
struct PublishOptions: ParsableArguments {
    @Argument(help: "The docs folder (default: the current folder).")
    var directory = "."

    @OptionGroup var target: TargetOptions

    @OptionGroup var payload: PayloadFormatFlag

    @OptionGroup var mapping: MappingFlags

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
        target.manifestPath(in: directoryURL)
    }

    /// The folder's settings: defaults, then the file, then the environment, then the flags.
    func resolvedConfig(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> DocsConfig {
        var overrides = mapping.overrides(format: payload.format)
        overrides.concurrency = concurrency
        return try target.resolvedConfig(in: directoryURL, overrides: overrides, environment: environment)
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
        var settings = Publisher.Settings(
            config: config, manifestPath: manifestPath, organizationID: api.organizationID, onConflict: onConflict, prune: prune,
            allowErrors: allowErrors, retarget: retarget, lockTimeout: try lockTimeout(), snapshot: snapshot
        )
        // Nothing throws between the client and the scan: a client freed without its shutdown traps.
        let client = connection.makeClient(api)
        // The manifest read and its pages listed while the folder is scanned (all cores, most of a
        // plan's time on thousands of files): the run takes them if its manifest is the same.
        let prefetch = RemotePrefetch(manifestPath: manifestPath, client: client)
        let workspace: Workspace
        do {
            workspace = try Workspace.scan(directoryURL, config: config, ignoring: [manifestName])
        } catch {
            // The folder cannot be published: the client is shut down once the prefetch is done with it.
            Task.detached {
                await prefetch.finish()
                try? await client.shutdown()
            }
            throw error
        }
        settings.allowDuplicateTitles = allowDuplicateTitles
        settings.pruneSharing = pruneSharing
        settings.notify = !noNotify
        return (Publisher(settings: settings, workspace: workspace, client: client, prefetch: prefetch, report: report), client)
    }
}

/// How long publish waits for another publish of the same folder:
/// `PRODUCTIVE_DOCS_LOCK_TIMEOUT` seconds, 60 by default. Anything but a number of seconds (`abc`,
/// `-1`) is a configuration error, not the default taken in silence.
func lockTimeout(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Duration {
    guard let text = environment["PRODUCTIVE_DOCS_LOCK_TIMEOUT"] else { return .seconds(60) }
    guard let seconds = Double(text.trimmingCharacters(in: .whitespaces)), seconds >= 0, seconds <= 86_400 else {
        throw CommandLineError.configuration("PRODUCTIVE_DOCS_LOCK_TIMEOUT=\(Printable.escaped(text)): not a number of seconds from 0 to 86400")
    }
    return .milliseconds(Int(seconds * 1000))
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
