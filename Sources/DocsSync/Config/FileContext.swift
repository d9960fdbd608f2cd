import Foundation
import ProductiveFormat
import ProductiveWire
import SourceReading

/// The settings that apply to one file, found the way `publish` finds them, so that `lint` and
/// `convert` show exactly what publishing sends: the nearest `productive-docs.yml` above the file
/// (or an explicit one), and the nearest manifest (`.productive-docs.json`), whose folder is the
/// published folder the file belongs to.
public struct FileContext: Sendable {
    /// The settings (defaults when no file was found).
    public var config: DocsConfig
    /// The configuration file used, if any.
    public var configPath: String?
    /// The docs folder: the manifest's folder, else the configuration file's.
    public var root: URL?
    /// The manifest, when the folder has been published.
    public var manifestPath: String?

    /// Looks upward from `file` (which must exist) for `productive-docs.yml` and the manifest.
    public static func discover(for file: String, explicitConfig: String? = nil) throws -> FileContext {
        var folder = URL(fileURLWithPath: file).standardizedFileURL.deletingLastPathComponent()
        var configPath = explicitConfig
        var manifestPath: String?
        var configFolder: URL?
        for _ in 0..<256 {
            if configPath == nil {
                let candidate = folder.appendingPathComponent(DocsConfig.fileName).path
                if FileManager.default.fileExists(atPath: candidate) {
                    configPath = candidate
                    configFolder = folder
                }
            }
            if manifestPath == nil {
                let candidate = folder.appendingPathComponent(Manifest.defaultFileName).path
                if FileManager.default.fileExists(atPath: candidate) { manifestPath = candidate }
            }
            let parent = folder.deletingLastPathComponent().standardizedFileURL
            if (configPath != nil && manifestPath != nil) || parent.path == folder.path || folder.path == "/" || folder.path.isEmpty { break }
            folder = parent
        }
        if let explicitConfig { configFolder = URL(fileURLWithPath: explicitConfig).standardizedFileURL.deletingLastPathComponent() }
        let config = try configPath.map(DocsConfig.load) ?? DocsConfig()
        let root = manifestPath.map { URL(fileURLWithPath: $0).deletingLastPathComponent() } ?? configFolder
        return FileContext(config: config, configPath: configPath, root: root, manifestPath: manifestPath)
    }

    /// `file` relative to the docs folder, when it is inside it.
    public func relativePath(of file: String) -> String? {
        guard let root else { return nil }
        let full = FilePaths.standardized(file)
        let base = FilePaths.standardized(root.path)
        guard full.hasPrefix(base + "/") else { return nil }
        return String(full.dropFirst(base.count + 1))
    }

    /// Where the local images and files of `file` are read from: the docs folder when the file is
    /// in one (paths may not leave it), else the file's own folder (`..` may leave it: nothing
    /// says where the docs folder ends).
    public func localFiles(for file: String) -> LocalFiles {
        if let root, let relative = relativePath(of: file) { return config.localFiles(root: root, file: relative) }
        let url = URL(fileURLWithPath: file).standardizedFileURL
        var files = config.localFiles(root: url.deletingLastPathComponent(), file: url.lastPathComponent)
        files.confined = false
        return files
    }

    /// True when the folder's `include`/`exclude` leave `file` out of publishing.
    public func isExcluded(_ file: String) -> Bool {
        guard let relative = relativePath(of: file) else { return false }
        let included = config.include.map(Glob.cached).contains { $0.matches(relative) }
        let excluded = config.exclude.map(Glob.cached).contains { $0.matches(relative) }
        return !included || excluded
    }

    /// What publishing sends for each of `files` (paths as given): the payload with links resolved
    /// through the manifest's page ids (links to files that are not published or held back by lint
    /// errors are reported as PD017, anchors that cannot be kept as PD905), the format, and the findings. Files that are not
    /// published files of this docs folder are absent. The folder is scanned once.
    public func publishedPages(for files: [String], organizationID: String, config override: DocsConfig? = nil) throws -> [String: PublishedPayload] {
        try published(files, organizationID: organizationID, config: override) { renderer, page, links, attachments in
            let rendered = renderer.render(page, links: links, attachments: attachments)
            return PublishedPayload(payload: rendered.payload, format: rendered.format, findings: rendered.findings)
        }.results
    }

    /// The findings publishing reports for each of `files` (paths as given), as `publishedPages`
    /// gives them, without writing any payload: what `lint` needs. The folder is scanned once; its
    /// scan comes back too, for a caller that would rather keep it than free it (a command that exits).
    public func publishedFindings(for files: [String], organizationID: String, config override: DocsConfig? = nil) throws -> (findings: [String: [Finding]], scan: Workspace?) {
        let published = try published(files, organizationID: organizationID, config: override) { renderer, page, links, attachments in
            FindingsOnly(findings: renderer.findings(of: page, links: links, attachments: attachments))
        }
        return (published.results.mapValues(\.findings), published.scan)
    }

    /// Scans the docs folder once and finishes each of `files` that is one of its pages with
    /// `finish`, on all cores; the workspace's own findings (PD9xx) are added to each.
    private func published<Result: Sendable & WithFindings>(
        _ files: [String], organizationID: String, config override: DocsConfig?,
        finish: @escaping @Sendable (PageRenderer, SourcePage, LinkTargets, [String: Manifest.Attachment]) -> Result
    ) throws -> (results: [String: Result], scan: Workspace?) {
        guard let root else { return ([:], nil) }
        let config = override ?? self.config
        let manifestName = manifestPath.map { URL(fileURLWithPath: $0).lastPathComponent } ?? Manifest.defaultFileName
        // A folder without a file to publish still lints: its files are then checked alone.
        let workspace = try Workspace.scan(root, config: config, ignoring: [manifestName], requiringPages: false)
        let manifest = try manifestPath.map(Manifest.load) ?? Manifest()
        // As publish resolves links without --allow-errors: a page with lint errors and no page yet
        // is held back, so a link to it is text (PD017).
        var links = LinkTargets(ids: [:])
        for page in workspace.pages {
            if let entry = manifest.pages[page.key] {
                links.ids[page.key] = entry.pageID
            } else if page.hasErrors {
                links.heldBack[page.key] = "it is held back by \(page.lintErrors)"
            }
        }
        let renderer = PageRenderer(workspace: workspace, config: config, organizationID: organizationID)
        let pagesByFile = Dictionary(workspace.pages.compactMap { page in page.file.map { ($0, page) } }) { first, _ in first }
        let pages = files.compactMap { file in relativePath(of: file).flatMap { pagesByFile[$0] }.map { (file, $0) } }
        let finished = Converter.concurrentMap(pages) { [links] file, page in
            var result = finish(renderer, page, links, manifest.pages[page.key]?.attachments ?? [:])
            result.findings += Self.workspaceFindings(page)
            return result
        }
        return (Dictionary(zip(pages.map(\.0), finished)) { first, _ in first }, workspace)
    }

    private static func workspaceFindings(_ page: SourcePage) -> [Finding] {
        page.findings.filter { $0.ruleID.hasPrefix("PD9") }
    }
}

/// What carries findings that the docs folder's own findings are added to.
protocol WithFindings {
    var findings: [Finding] { get set }
}

extension PublishedPayload: WithFindings {}

/// The findings of one file alone (`publishedFindings`).
private struct FindingsOnly: Sendable, WithFindings {
    var findings: [Finding]
}

/// The payload publishing sends for one file, with its findings.
public struct PublishedPayload: Sendable, Equatable {
    public var payload: Payload
    public var format: OutputFormat
    public var findings: [Finding]
}
