import DocsSync
import Foundation
import ProductiveFormat
import SourceReading

/// How `lint` (and `convert`) find the settings of each file: the nearest productive-docs.yml
/// above it (or `--config`), with the command's flags over it; files of a docs folder are checked
/// exactly as publish renders them, so PD017 (a link to a file that is not published) is reported
/// offline, and links resolve through the manifest when the folder has been published.
final class LintConfigDiscovery {
    private let explicitConfig: String?
    private let conversion: ConversionFlags
    private let format: OutputFormat?
    private let explicitPaths: Set<String>
    private let files: [String]
    private var contexts: [String: FileContext] = [:]
    /// The standardized folder of each folder part of a path as written (`docs/a` of `docs/a/b.md`).
    private var folders: [Substring: String] = [:]
    private var published: [String: [Finding]] = [:]
    private var scannedRoots: Set<String> = []
    /// The docs folders scanned, kept until the process exits: freeing thousands of mapped documents
    /// one object at a time costs more than the exit does (a fifth of `lint DIR`).
    private var scans: [Workspace] = []

    init(files: [String], explicitPaths: [String], explicitConfig: String?, conversion: ConversionFlags, format: OutputFormat?) {
        self.files = files
        self.explicitPaths = Set(explicitPaths)
        self.explicitConfig = explicitConfig
        self.conversion = conversion
        self.format = format
    }

    /// The settings of the file at `path` (`-`: the current folder's, or `--config`).
    func context(for path: String) throws -> FileContext {
        let probe = path == "-" ? FileManager.default.currentDirectoryPath + "/-" : path
        // Once per folder as written: the files of a folder share it (a URL per file was a third of `lint DIR`).
        let written = probe[..<(probe.lastIndex(of: "/") ?? probe.startIndex)]
        let folder = folders[written] ?? URL(fileURLWithPath: probe).standardizedFileURL.deletingLastPathComponent().path
        folders[written] = folder
        if let known = contexts[folder] { return known }
        var context = try FileContext.discover(for: probe, explicitConfig: explicitConfig)
        // `lint DIR` with neither a config nor a manifest: DIR is the docs folder, as for `plan DIR`.
        if context.root == nil, let root = explicitFolder(containing: probe) { context.root = root }
        contexts[folder] = context
        return context
    }

    /// The deepest folder given on the command line that holds `file`.
    private func explicitFolder(containing file: String) -> URL? {
        let path = URL(fileURLWithPath: file).standardizedFileURL.path
        var isFolder: ObjCBool = false
        return explicitPaths.map { URL(fileURLWithPath: $0).standardizedFileURL }
            .filter { path.hasPrefix($0.path == "/" ? "/" : $0.path + "/") && FileManager.default.fileExists(atPath: $0.path, isDirectory: &isFolder) && isFolder.boolValue }
            .max { $0.path.count < $1.path.count }
    }

    /// How the findings of one file are found, as publish would report them.
    enum Plan {
        /// The folder's include/exclude leave out a file that was found by expanding a folder.
        case excluded
        /// The file belongs to a scanned docs folder: its findings are known already.
        case found([Finding])
        /// The file is checked alone, with these options.
        case check(ConversionOptions)
    }

    /// How to find the findings of the file at `path`.
    func plan(for path: String) throws -> Plan {
        let context = try context(for: path)
        if path != "-", !explicitPaths.contains(path), context.isExcluded(path) { return .excluded }
        var options = try conversion.options(over: context.config, format: format)
        if path != "-", let root = context.root?.path {
            if !scannedRoots.contains(root) {
                scannedRoots.insert(root)
                let members = try files.filter { try $0 != "-" && self.context(for: $0).root?.path == root }
                let config = try conversion.applied(to: context.config, format: format)
                let organization = ProcessInfo.processInfo.environment["PRODUCTIVE_ORGANIZATION_ID"] ?? ""
                let scanned = try context.publishedFindings(for: members, organizationID: organization, config: config)
                published.merge(scanned.findings) { $1 }
                scans += scanned.scan.map { [$0] } ?? []
            }
            if let found = published[path] {
                return .found(found.filter { !options.disabledRules.contains($0.ruleID) })
            }
        }
        // Only a file checked on its own needs its place (found in the folder's scan, it has findings).
        if path != "-" {
            options.sourcePath = context.relativePath(of: path)
            options.localFiles = context.localFiles(for: path)
        }
        return .check(options)
    }
}
