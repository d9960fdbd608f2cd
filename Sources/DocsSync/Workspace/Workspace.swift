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

/// The pages a docs folder publishes, parents before children, siblings in order (`SiblingRank`:
/// `nav:`, front matter `order`, a numeric name prefix, then the name).
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

    /// Scans `directory` with `config`'s include and exclude globs; `ignored` (the manifest) is
    /// never published. Lists the files (`WorkspaceScan.listFiles`), reads and maps each once
    /// (`readFiles`), then orders them into pages (`PageTree`). `recordingSources`: each file's
    /// block sources kept, what `pull` merges by (nothing else reads them). `requiringPages`: a
    /// folder with no file to publish is an error (publish, plan); `lint` and `convert` read it
    /// anyway, and check its files alone.
    public static func scan(
        _ directory: URL, config: DocsConfig, ignoring ignored: Set<String> = [], recordingSources: Bool = false, requiringPages: Bool = true
    ) throws -> Workspace {
        var scan = WorkspaceScan(directory: directory, config: config, recordsSources: recordingSources)
        let files = try scan.listFiles(ignoring: ignored)
        let entries = try scan.readFiles(files)
        let tree = try PageTree(entries: entries, directory: directory, config: config)
        if entries.isEmpty && requiringPages {
            // Files the globs took that can never be pages (empty, binary) are why: named, with their rule.
            let problems = scan.problems.sorted { $0.path < $1.path }
            let why = problems.prefix(3).map { "\(Printable.escaped($0.path)): \($0.finding.message) [\($0.finding.ruleID)]" }
                + (problems.count > 3 ? ["and \(problems.count - 3) more"] : [])
            throw SyncError("\(directory.path): no Markdown file to publish (include: \(config.include.joined(separator: ", ")))\(why.isEmpty ? "" : ": " + why.joined(separator: "; ")); nothing was created")
        }
        for problem in scan.problems { scan.notPublished[problem.path] = "it cannot be published (see its finding)" }
        let attachments = try readAttachments(of: entries.values.map(\.mapped), root: directory)
        return Workspace(
            root: directory, pages: tree.pages, keysByPath: tree.keysByPath, problems: scan.problems.sorted { $0.path < $1.path },
            notPublished: scan.notPublished, attachmentFiles: attachments
        )
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
