import Foundation
import ProductiveFormat
import SourceReading

/// One page the docs folder asks for: a Markdown file, or a folder (a parent page).
public struct SourcePage: Sendable {
    /// The manifest key: `.` for the top folder, `guide.md` for a file, `ops/` for a folder.
    public let key: String
    public let title: String
    /// The key of the parent page; nil for the top folder.
    public let parentKey: String?
    /// The file whose content the page holds (a folder's index.md or README.md), relative to the folder.
    public let file: String?
    /// The bytes of `file`.
    let bytes: [UInt8]
    /// `file` read and mapped, once per run: every payload of the run is finished from it
    /// (`PageRenderer`), links rewritten once the page ids are known. Nil for a folder without an index.
    let mapped: MappedDocument?
    /// For a folder without an index: the titles of its children, listed as its body.
    let childTitles: [String]
    /// The page id named by front matter `page_id`, if any (always numeric).
    public let pageID: String?
    /// The anchors of `file`'s headings (`HeadingAnchors`), which links from other files may name.
    let anchors: Set<String>
    /// What the checker found in `file` (front matter, mapping); the plan holds back files with
    /// errors unless `--allow-errors`.
    public let findings: [Finding]

    /// True when a finding is at error level: the file is not sent without `--allow-errors`.
    public var hasErrors: Bool { findings.contains { $0.severity == .error } }

    public var isFolder: Bool { key == "." || key.hasSuffix("/") }

    /// `2 lint errors`: how many findings at error level hold the file back.
    var lintErrors: String {
        let errors = findings.filter { $0.severity == .error }.count
        return "\(errors) lint error\(errors == 1 ? "" : "s")"
    }
}

/// The pages a docs folder publishes, parents before children, siblings in order
/// (front matter `order`, then name).
public struct Workspace: Sendable {
    public let root: URL
    public let pages: [SourcePage]
    /// Keys of published files by their relative path (a folder's index file maps to the folder).
    let keysByPath: [String: String]
    /// Files that can never be pages (symlinks leaving the folder, binary and empty files).
    public let problems: [WorkspaceProblem]
    /// The local files pages show or link to (uploaded as attachments), by path.
    public var attachmentFiles: [String: LocalAttachment] = [:]
    /// Files of the folder that are not published, by relative path, with why: what a link to one says.
    let notPublished: [String: String]
    /// The index in `pages` of each key.
    private let indexByKey: [String: Int]

    init(
        root: URL, pages: [SourcePage], keysByPath: [String: String], problems: [WorkspaceProblem], notPublished: [String: String],
        attachmentFiles: [String: LocalAttachment] = [:]
    ) {
        self.root = root
        self.pages = pages
        self.keysByPath = keysByPath
        self.problems = problems
        self.notPublished = notPublished
        self.attachmentFiles = attachmentFiles
        indexByKey = Dictionary(pages.enumerated().map { ($1.key, $0) }) { first, _ in first }
    }

    /// The page with this key.
    func page(_ key: String) -> SourcePage? {
        indexByKey[key].map { pages[$0] }
    }

    static let indexNames = ["index.md", "README.md", "readme.md", "index.markdown"]

    /// Scans `directory` with `config`'s include and exclude globs; `manifestPath` is never published.
    public static func scan(_ directory: URL, config: DocsConfig, ignoring ignored: Set<String> = []) throws -> Workspace {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw SyncError("\(directory.path): not a folder")
        }
        let include = config.include.map(Glob.init)
        let exclude = config.exclude.map(Glob.init)
        var files: [String] = []
        var problems: [WorkspaceProblem] = []
        var notPublished: [String: String] = [:]
        let realRoot = URL(fileURLWithPath: directory.path).resolvingSymlinksInPath().path
        guard let enumerator = manager.enumerator(atPath: directory.path) else { throw SyncError("\(directory.path): cannot list") }
        while let relative = enumerator.nextObject() as? String {
            let name = lastComponent(of: relative)
            if name.hasPrefix(".") {
                enumerator.skipDescendants()
                continue
            }
            guard include.contains(where: { $0.matches(relative) }), !exclude.contains(where: { $0.matches(relative) }),
                  !ignored.contains(relative) else {
                notPublished[relative] = ignored.contains(relative) ? "the tool's own file" : "excluded by the folder's include/exclude settings"
                continue
            }
            let full = directory.appendingPathComponent(relative)
            let resolved = full.resolvingSymlinksInPath().path
            if resolved != realRoot && !resolved.hasPrefix(realRoot + "/") {
                problems.append(WorkspaceProblem(path: relative, finding: Finding(
                    rule: SyncRules.symlinkOutside, at: .start, "a symbolic link to a file outside the docs folder: not read, not published"
                )))
                continue
            }
            switch FileKind.of(full.path) {
            case .folder: continue
            case .regular:
                if let problem = FileKind.nameProblem(relative) {
                    problems.append(WorkspaceProblem(path: relative, finding: Finding(rule: SyncRules.unsafeFileName, at: .start, problem)))
                } else {
                    files.append(relative)
                }
            case .other(let kind):
                problems.append(WorkspaceProblem(path: relative, finding: Finding(
                    rule: SyncRules.notRegularFile, at: .start, "\(kind), not a regular file: never opened, not published"
                )))
            }
        }
        for (path, problem) in FileKind.twins(files) {
            problems.append(WorkspaceProblem(path: path, finding: Finding(rule: SyncRules.unsafeFileName, at: .start, problem)))
            files.removeAll { Array($0.utf8) == Array(path.utf8) }
        }

        // Read, map and check every file once, on all cores: front matter decides publish, title
        // and order; every payload of the run is finished from the mapping.
        var entries: [String: Entry] = [:]
        let read = Converter.concurrentMap(files) { path in Self.read(path, in: directory, config: config) }
        for (path, outcome) in zip(files, read) {
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
        // Two files naming one page would overwrite each other: neither is published.
        let namedIDs = Dictionary(grouping: entries.values.compactMap { entry in entry.checked.frontMatter.pageID.map { ($0, entry.path) } }) { $0.0 }
        for (id, named) in namedIDs where named.count > 1 {
            let paths = named.map(\.1).sorted()
            for path in paths {
                entries[path]?.checked.findings.append(Finding(
                    rule: SyncRules.invalidPageID, at: .start, "front matter page_id \(id) is named by \(paths.count) files (\(paths.joined(separator: ", "))): one page, one file"
                ))
                entries[path]?.checked.frontMatter.pageID = nil
            }
        }

        // Folders that hold a published file, with their ancestors.
        var folders: Set<String> = ["."]
        for path in entries.keys {
            var folder = parentFolder(of: path)
            while !folder.isEmpty {
                folders.insert(folder + "/")
                folder = parentFolder(of: folder)
            }
        }
        func folderKey(of path: String) -> String {
            let folder = parentFolder(of: path)
            return folder.isEmpty ? "." : folder + "/"
        }
        func indexFile(of folder: String) -> String? {
            let prefix = folder == "." ? "" : folder
            return indexNames.map { prefix + $0 }.first { entries[$0] != nil }
        }

        var keysByPath: [String: String] = [:]
        struct Node {
            var key: String
            var parent: String?
            var title: String
            var order: Double?
            var name: String
            var file: String?
        }
        var nodes: [String: Node] = [:]
        for folder in folders {
            let index = indexFile(of: folder)
            let name = folder == "." ? directory.lastPathComponent : String(folder.dropLast().split(separator: "/").last ?? "")
            var title = name
            var order: Double?
            if let index, let entry = entries[index] {
                keysByPath[index] = folder
                order = entry.checked.frontMatter.order
                let fileTitle = Converter.fileTitle(index)
                if entry.checked.title != fileTitle { title = entry.checked.title }
            }
            let parent: String? = folder == "." ? nil : folderKey(of: String(folder.dropLast()))
            nodes[folder] = Node(key: folder, parent: parent, title: title, order: order, name: name, file: index)
        }
        for (path, entry) in entries where keysByPath[path] == nil {
            keysByPath[path] = path
            nodes[path] = Node(
                key: path, parent: folderKey(of: path), title: entry.checked.title, order: entry.checked.frontMatter.order,
                name: lastComponent(of: path), file: path
            )
        }

        // Parents before children; siblings by order, then name.
        var children: [String: [Node]] = [:]
        for node in nodes.values { if let parent = node.parent { children[parent, default: []].append(node) } }
        for key in children.keys {
            children[key]?.sort { ($0.order ?? .infinity, $0.name) < ($1.order ?? .infinity, $1.name) }
        }
        var ordered: [SourcePage] = []
        var queue = ["."]
        var next = 0
        while next < queue.count {
            let key = queue[next]
            next += 1
            guard let node = nodes[key] else { continue }
            let kids = children[key] ?? []
            ordered.append(SourcePage(
                key: key, title: node.title, parentKey: node.parent, file: node.file,
                bytes: node.file.flatMap { entries[$0]?.bytes } ?? [], mapped: node.file.flatMap { entries[$0]?.mapped },
                childTitles: kids.map(\.title),
                pageID: node.file.flatMap { entries[$0]?.checked.frontMatter.pageID },
                anchors: node.file.flatMap { entries[$0]?.mapped.anchors } ?? [],
                findings: node.file.flatMap { entries[$0]?.checked.findings } ?? []
            ))
            queue += kids.map(\.key)
        }
        if entries.isEmpty {
            throw SyncError("\(directory.path): no Markdown file to publish (include: \(config.include.joined(separator: ", "))); nothing was created")
        }
        for problem in problems { notPublished[problem.path] = "it cannot be published (see its finding)" }
        let attachments = try readAttachments(of: entries.values.map(\.mapped), root: directory)
        return Workspace(
            root: directory, pages: ordered, keysByPath: keysByPath, problems: problems.sorted { $0.path < $1.path }, notPublished: notPublished,
            attachmentFiles: attachments
        )
    }

    /// One file of the folder read, mapped and checked (links kept as written).
    struct Entry: Sendable {
        var path: String
        var bytes: [UInt8]
        var mapped: MappedDocument
        var checked: CheckedDocument
    }

    /// What reading one file of the folder gave.
    enum FileOutcome: Sendable {
        /// It could not be read (a scan error).
        case unreadable(String)
        /// It is never a page: too large, empty, not text, refused before parsing.
        case problem(Finding)
        /// Its front matter says `publish: false`.
        case notPublished
        case entry(Entry)
    }

    /// Reads, maps and checks the file at `path` (relative to `directory`); safe on any thread.
    static func read(_ path: String, in directory: URL, config: DocsConfig) -> FileOutcome {
        let bytes: [UInt8]
        do {
            bytes = try SourceFile.bytes(atPath: directory.appendingPathComponent(path).path, limit: FileKind.maximumPageBytes)
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
        let mapped = Converter.map(bytes, name: path, options: options)
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
        return .entry(Entry(path: path, bytes: bytes, mapped: mapped, checked: checked))
    }

    /// The key of the page a relative link target names, if it is published.
    func key(forLink target: String, from file: String?) -> String? {
        guard let joined = Self.path(ofLink: target, from: file) else { return nil }
        if joined.isEmpty || joined == "." { return "." }
        if joined.hasSuffix("/") {
            return indexByKey[joined] != nil ? joined : nil
        }
        if let key = keysByPath[joined] { return key }
        return indexByKey[joined + "/"] != nil ? joined + "/" : nil
    }

    /// Why a relative link target that names no published page is not one (for its PD017 finding).
    func unpublishedReason(forLink target: String, from file: String?) -> String {
        guard let joined = Self.path(ofLink: target, from: file) else { return "the path leads out of the docs folder" }
        let path = joined.hasSuffix("/") ? String(joined.dropLast()) : joined
        if let reason = notPublished[path] { return "`\(path)` is not published: \(reason)" }
        let lower = path.lowercased()
        guard lower.hasSuffix(".md") || lower.hasSuffix(".markdown") else { return "not a published file of this folder" }
        if path.split(separator: "/").contains(where: { $0.hasPrefix(".") }) {
            return "`\(path)` is in a hidden folder or file, which is never published"
        }
        return "there is no file `\(path)` in the docs folder"
    }

    /// A link target joined to the folder of `file` (`./` and `../` applied), relative to the docs
    /// folder; nil when it climbs out of it.
    private static func path(ofLink target: String, from file: String?) -> String? {
        var base = file.map { parentFolder(of: $0) } ?? ""
        var path = target
        if path.hasPrefix("./") { path.removeFirst(2) }
        while path.hasPrefix("../") {
            path.removeFirst(3)
            if base.isEmpty { return nil }
            base = parentFolder(of: base)
        }
        return (base.isEmpty ? path : base + "/" + path).replacingOccurrences(of: "/./", with: "/")
    }
}

/// The folder part of a relative POSIX path (`a/b.md` → `a`, `b.md` → ``). Foundation's
/// `deletingLastPathComponent` traps on some one-letter paths on Linux, so this is done by hand.
func parentFolder(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "" }
    return String(path[..<slash])
}

/// The last component of a relative POSIX path.
func lastComponent(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return path }
    return String(path[path.index(after: slash)...])
}
