import Foundation
import ProductiveFormat
import SourceReading

/// One published file, read and mapped once per run: front matter decides publish, title and order.
struct ScannedFile: Sendable {
    var path: String
    var bytes: [UInt8]
    var mapped: MappedDocument
    /// Of the checked document, what the tree and the plan read: its model is not kept (each
    /// payload is finished from `mapped`), which halves what a folder of thousands of files holds.
    var title: String
    var frontMatter: FrontMatter
    var findings: [Finding]
}

/// The first two steps of `Workspace.scan`: the files the folder's globs take (and those that can
/// never be pages), then each read and mapped once, on all cores.
struct WorkspaceScan {
    let directory: URL
    let config: DocsConfig
    /// Whether each file's block sources are recorded (`Converter.map`): only `pull` merges by them.
    let recordsSources: Bool
    /// The folder with links resolved: a file whose real path is outside it is never read.
    private let realRoot: String
    /// Files that can never be pages, with their findings.
    var problems: [WorkspaceProblem] = []
    /// Files of the folder that are not published, by relative path, with why.
    var notPublished: [String: String] = [:]
    /// The entries of the folder that are symbolic links, by relative path: a path through one is
    /// resolved to be checked, any other is inside the folder as listed.
    private var links: [String] = []

    init(directory: URL, config: DocsConfig, recordsSources: Bool) {
        self.directory = directory
        self.config = config
        self.recordsSources = recordsSources
        realRoot = URL(fileURLWithPath: directory.path).resolvingSymlinksInPath().path
    }

    /// The relative paths of the regular files `include` takes and `exclude` leaves, names a
    /// manifest key can hold and no Unicode twin; the rest are problems or not published.
    mutating func listFiles(ignoring ignored: Set<String>) throws -> [String] {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw SyncError("\(directory.path): not a folder")
        }
        let include = config.include.map(Glob.init)
        let exclude = config.exclude.map(Glob.init)
        guard let enumerator = manager.enumerator(atPath: directory.path) else { throw SyncError("\(directory.path): cannot list") }
        var files: [String] = []
        while let relative = enumerator.nextObject() as? String {
            if FileKind.isSymbolicLink(directory.path + "/" + relative) { links.append(relative) }
            if lastComponent(of: relative).hasPrefix(".") {
                enumerator.skipDescendants()
                continue
            }
            guard include.contains(where: { $0.matches(relative) }), !exclude.contains(where: { $0.matches(relative) }),
                  !ignored.contains(relative) else {
                notPublished[relative] = ignored.contains(relative) ? "the tool's own file" : "excluded by the folder's include/exclude settings"
                continue
            }
            if let file = admitted(relative) { files.append(file) }
        }
        for (path, problem) in FileKind.twins(files) {
            problems.append(WorkspaceProblem(path: path, finding: Finding(rule: SyncRules.unsafeFileName, at: .start, problem)))
            files.removeAll { Array($0.utf8) == Array(path.utf8) }
        }
        return files
    }

    /// `relative` when it is a regular file inside the folder with a name a key can hold; nil for a
    /// folder, and nil with a problem for anything else.
    private mutating func admitted(_ relative: String) -> String? {
        let full = directory.path + "/" + relative
        // Resolving every component of every path took a system call per folder of it, on one core
        // before the files are read: only a path through a link is resolved.
        if links.contains(where: { relative == $0 || relative.hasPrefix($0 + "/") }),
           !FilePaths.isInside(URL(fileURLWithPath: full).resolvingSymlinksInPath().path, folder: realRoot) {
            problems.append(WorkspaceProblem(path: relative, finding: Finding(
                rule: SyncRules.symlinkOutside, at: .start, "a symbolic link to a file outside the docs folder: not read, not published"
            )))
            return nil
        }
        switch FileKind.of(full) {
        case .folder:
            return nil
        case .regular:
            guard let problem = FileKind.nameProblem(relative) else { return relative }
            problems.append(WorkspaceProblem(path: relative, finding: Finding(rule: SyncRules.unsafeFileName, at: .start, problem)))
            return nil
        case .other(let kind):
            problems.append(WorkspaceProblem(path: relative, finding: Finding(
                rule: SyncRules.notRegularFile, at: .start, "\(kind), not a regular file: never opened, not published"
            )))
            return nil
        }
    }

    /// `files` read, mapped and checked once, by path, each on the thread that takes it (all cores):
    /// too large, empty and binary files are problems, `publish: false` files are not published, and
    /// a `page_id` named by two files is dropped.
    mutating func readFiles(_ files: [String]) throws -> [String: ScannedFile] {
        let outcomes = Converter.concurrentMap(files) { [directory, config, recordsSources] path in
            Self.read(path, in: directory, config: config, recordsSources: recordsSources)
        }
        var entries: [String: ScannedFile] = [:]
        // Room for all at once: growing moved every entry (each a file's model) again and again.
        entries.reserveCapacity(files.count)
        for (path, outcome) in zip(files, outcomes) {
            switch outcome {
            case .unreadable(let reason):
                throw SyncError("\(path): cannot read this file (\(reason))")
            case .problem(let finding):
                problems.append(WorkspaceProblem(path: path, finding: finding))
            case .notPublished:
                notPublished[path] = "its front matter says `publish: false`"
            case .entry(let entry):
                entries[path] = entry
            }
        }
        Self.dropSharedPageIDs(&entries)
        return entries
    }

    /// What reading one file of the folder gave.
    enum FileOutcome: Sendable {
        /// It could not be read (a scan error).
        case unreadable(String)
        /// It is never a page: too large, empty, not text, refused before parsing.
        case problem(Finding)
        /// Its front matter says `publish: false`.
        case notPublished
        case entry(ScannedFile)
    }

    /// Reads, maps and checks the file at `path` (relative to `directory`); safe on any thread.
    static func read(_ path: String, in directory: URL, config: DocsConfig, recordsSources: Bool) -> FileOutcome {
        let bytes: [UInt8]
        do {
            bytes = try SourceFile.bytes(atPath: directory.path + "/" + path, limit: FileKind.maximumPageBytes)
        } catch where error.reason.hasPrefix("larger than") {
            return .problem(Finding(rule: SyncRules.notRegularFile, at: .start, "\(error.reason): not published"))
        } catch {
            return .unreadable(error.reason)
        }
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            return .problem(Finding(rule: SyncRules.emptyFile, at: .start, "empty file: no page is created for it"))
        }
        var options = config.conversionOptions()
        options.sourcePath = path
        options.localFiles = config.localFiles(root: directory, file: path)
        let mapped = Converter.map(bytes, name: path, options: options, recordsSources: recordsSources)
        var checked = Converter.check(mapped, links: nil)
        if checked.document == nil {
            let refusal = checked.findings.first { $0.ruleID == RuleCatalog.pathologicalInput.id }
            return .problem(refusal ?? Finding(rule: SyncRules.binaryFile, at: .start, "not a text file: no page is created for it"))
        }
        guard checked.frontMatter.publish else { return .notPublished }
        if let id = checked.frontMatter.pageID, !PageID.isValid(id) {
            checked.findings.append(Finding(rule: SyncRules.invalidPageID, at: .start, "front matter page_id `\(Printable.escaped(id))` is not a page id (digits only)"))
            checked.frontMatter.pageID = nil
        }
        return .entry(ScannedFile(path: path, bytes: bytes, mapped: mapped, title: checked.title, frontMatter: checked.frontMatter, findings: checked.findings))
    }

    /// Two files naming one page would overwrite each other: neither keeps its `page_id`.
    private static func dropSharedPageIDs(_ entries: inout [String: ScannedFile]) {
        let namedIDs = Dictionary(grouping: entries.values.compactMap { entry in entry.frontMatter.pageID.map { ($0, entry.path) } }) { $0.0 }
        for (id, named) in namedIDs where named.count > 1 {
            let paths = named.map(\.1).sorted()
            for path in paths {
                entries[path]?.findings.append(Finding(
                    rule: SyncRules.invalidPageID, at: .start, "front matter page_id \(id) is named by \(paths.count) files (\(paths.joined(separator: ", "))): one page, one file"
                ))
                entries[path]?.frontMatter.pageID = nil
            }
        }
    }
}
