import ArgumentParser
import DocsSync
import Foundation

/// Where a docs folder's tree is recorded and where it lives in Productive: the manifest, the
/// configuration file, the target (a project or a root page) and the page URL pattern. Shared by
/// publish, plan, pull, diff and doctor, so that each name means one thing in every command.
struct TargetOptions: ParsableArguments {
    @Option(help: "The manifest (default: DIR/.productive-docs.json).")
    var manifest: String?

    @Option(help: "The configuration file (default: DIR/productive-docs.yml, or the nearest one above the files).")
    var config: String?

    @Option(help: ArgumentHelp("The project whose doc is the tree: publish creates it there as a new doc, pull takes its only doc.", valueName: "id"))
    var project: String?

    @Option(help: ArgumentHelp("The page the tree hangs under (publish), or the page to pull with every page under it (pull).", valueName: "id"))
    var rootPage: String?

    @Option(help: "Page URL pattern with {page_id} and {organization_id}: links between published files become links of this form (and pull turns them back into relative links).")
    var pageURLTemplate: String?

    /// The manifest of the folder `directory`: `--manifest`, or the default name in it.
    func manifestPath(in directory: URL) -> String {
        manifest ?? directory.appendingPathComponent(Manifest.defaultFileName).path
    }

    /// The settings of the folder `directory`: `--config`, else its productive-docs.yml when there
    /// is one, else the defaults; then the environment and the flags (`DocsConfig.resolved`).
    func resolvedConfig(
        in directory: URL, overrides: ConfigOverrides = ConfigOverrides(), target: Bool = true,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> DocsConfig {
        let file = config ?? directory.appendingPathComponent(DocsConfig.fileName).path
        let loaded = config != nil || FileManager.default.fileExists(atPath: file) ? try DocsConfig.load(file) : DocsConfig()
        return try DocsConfig.resolved(file: loaded, environment: target ? environment : [:], flags: flags(over: overrides, target: target))
    }

    /// `overrides` with this group's flags; without the target when `target` is false (pull takes
    /// the project or root page as what to pull, not where to publish).
    func flags(over overrides: ConfigOverrides, target: Bool = true) -> ConfigOverrides {
        var flags = overrides
        if target {
            flags.projectID = project
            flags.rootPageID = rootPage
        }
        flags.pageURLTemplate = pageURLTemplate ?? overrides.pageURLTemplate
        return flags
    }
}
