import Foundation
import ProductiveAPI
import ProductiveFormat

/// `.productive-docs.json`: which page each file became. Versioned JSON with sorted keys and POSIX
/// relative paths, meant to be committed beside the docs.
public struct Manifest: Sendable, Equatable {
    /// The version this build writes and reads; a newer one is refused.
    public static let currentVersion = 1
    public static let defaultFileName = ".productive-docs.json"

    /// One published page.
    public struct Entry: Sendable, Equatable {
        public var pageID: String
        public var parentID: String?
        public var title: String
        /// SHA-256 of the last payload sent (format and content).
        public var hash: String
        public var format: OutputFormat
        /// The page's `version_number` after our last write.
        public var versionNumber: Int?
        /// A body write sent (or about to be) but not recorded yet: checked on the next run.
        public var writeIntent: WriteIntent?
        /// The local files uploaded as attachments of the page, by content hash.
        public var attachments: [String: Attachment] = [:]
        /// Uploads sent (or about to be) but not recorded yet: proven on the next run.
        public var uploadIntent: UploadIntent?
        /// The page's memberships this tool made or took over (`sharing:`), id → member.
        public var memberships: [String: MembershipSubject] = [:]
        /// The users the page's last body mentions, address → person id (`mentions: true`).
        public var mentions: [String: String] = [:]
        /// Where this tool last put the page among its siblings (1 first; `SiblingOrder`): a remote
        /// order other than this one, with the files' order unchanged, is a reorder made in Productive.
        public var position: Int?

        public init(pageID: String, parentID: String?, title: String, hash: String, format: OutputFormat, versionNumber: Int?, writeIntent: WriteIntent? = nil) {
            self.pageID = pageID
            self.parentID = parentID
            self.title = title
            self.hash = hash
            self.format = format
            self.versionNumber = versionNumber
            self.writeIntent = writeIntent
        }
    }

    /// A body write recorded before it is sent: the hash of the payload and the version it was
    /// sent against. When the answer is lost (kill, unwritable manifest, garbled answer), the next
    /// run finds the page exactly one version further and takes the write as its own instead of
    /// calling it a conflict.
    public struct WriteIntent: Sendable, Equatable {
        public var hash: String
        public var fromVersion: Int?

        public init(hash: String, fromVersion: Int?) {
            self.hash = hash
            self.fromVersion = fromVersion
        }
    }

    /// A create that was sent (or about to be) but not recorded yet. The next run adopts a page
    /// only when it can prove it is the one this create made: same title under the same parent,
    /// not one of the `existing` pages seen before the request, and owned by no manifest entry.
    public struct Intent: Sendable, Equatable {
        public var title: String
        public var parentID: String?
        public var projectID: String?
        /// Ids of the pages under the parent before the create was sent; nil in manifests written
        /// by older versions (then nothing is adopted: the page is created again).
        public var existing: [String]?

        public init(title: String, parentID: String?, projectID: String?, existing: [String]?) {
            self.title = title
            self.parentID = parentID
            self.projectID = projectID
            self.existing = existing
        }
    }

    public var version = Manifest.currentVersion
    /// Where the tree hangs: a project (new doc) or an existing page.
    public var projectID: String?
    public var rootPageID: String?
    public var pages: [String: Entry] = [:]
    public var pending: [String: Intent] = [:]

    public init() {}

    /// Reads and validates a manifest; a missing file is an empty manifest. Every problem is a
    /// `SyncError` with the file and line (see `ManifestValidation`); a link or anything but a
    /// regular file in the place of the manifest or its journal is refused (`OwnFile`).
    public static func load(_ path: String) throws -> Manifest {
        var warnings: [String] = []
        return try load(path, warnings: &warnings)
    }

    /// Reads a manifest like `load(_:)`; a damaged journal line is skipped, and said in `warnings`.
    public static func load(_ path: String, warnings: inout [String]) throws -> Manifest {
        try decode(try Files(path), warnings: &warnings)
    }

    /// The bytes a manifest is read from: the file and its journal (nil: none).
    public struct Files: Sendable, Equatable {
        public var path: String
        public var manifest: Data?
        public var journal: Data?

        /// Reads both; either may be missing (a folder never published).
        public init(_ path: String) throws {
            self.path = path
            manifest = try OwnFile.read(path, what: "the manifest")
            journal = try OwnFile.read(ManifestStore.journalPath(for: path), what: "the manifest journal")
        }
    }

    /// The manifest `files` hold, the journal replayed onto it (see `load(_:warnings:)`).
    static func decode(_ files: Files, warnings: inout [String]) throws -> Manifest {
        var manifest = Manifest()
        if let data = files.manifest {
            manifest = try ManifestValidation.decode(data, path: files.path)
        }
        if let journal = files.journal {
            warnings += try ManifestValidation.replay(journal, onto: &manifest, path: ManifestStore.journalPath(for: files.path))
        }
        return manifest
    }

    /// The manifest as committed: sorted keys, two-space indent, final newline (the layout of
    /// JSONEncoder's pretty printing). Written by hand: it is written after every page operation, so
    /// its cost matters on large trees.
    public func encoded() throws -> Data {
        var out = "{\n"
        var fields: [(String, String)] = []
        if !pages.isEmpty {
            fields.append(("pages", Self.object(pages.map { ($0.key, Self.entry($0.value)) }, indent: 1)))
        } else {
            fields.append(("pages", "{\n\n  }"))
        }
        if !pending.isEmpty {
            fields.append(("pending", Self.object(pending.map { ($0.key, Self.intent($0.value)) }, indent: 1)))
        } else {
            fields.append(("pending", "{\n\n  }"))
        }
        if let projectID { fields.append(("project_id", Self.string(projectID))) }
        if let rootPageID { fields.append(("root_page_id", Self.string(rootPageID))) }
        fields.append(("version", String(version)))
        out += fields.sorted { $0.0 < $1.0 }.map { "  \(Self.string($0.0)) : \($0.1)" }.joined(separator: ",\n")
        out += "\n}\n"
        return Data(out.utf8)
    }

    static func entry(_ entry: Entry) -> [(String, String)] {
        var fields: [(String, String)] = [
            ("format", string(entry.format.rawValue)), ("hash", string(entry.hash)), ("page_id", string(entry.pageID)), ("title", string(entry.title)),
        ]
        if let parent = entry.parentID { fields.append(("parent_id", string(parent))) }
        if let version = entry.versionNumber { fields.append(("version_number", String(version))) }
        if let position = entry.position { fields.append(("position", String(position))) }
        if let intent = entry.writeIntent {
            var inner = "{ \"hash\" : \(string(intent.hash))"
            if let from = intent.fromVersion { inner = "{ \"from_version\" : \(from), \"hash\" : \(string(intent.hash))" }
            fields.append(("write_intent", inner + " }"))
        }
        if !entry.attachments.isEmpty { fields.append(("attachments", attachmentFields(entry.attachments))) }
        if let intent = entry.uploadIntent { fields.append(("upload_intent", uploadIntentFields(intent))) }
        if !entry.memberships.isEmpty { fields.append(("memberships", membershipFields(entry.memberships))) }
        if !entry.mentions.isEmpty { fields.append(("mentions", mentionFields(entry.mentions))) }
        return fields
    }

    static func intent(_ intent: Intent) -> [(String, String)] {
        var fields: [(String, String)] = [("title", string(intent.title))]
        if let parent = intent.parentID { fields.append(("parent_id", string(parent))) }
        if let project = intent.projectID { fields.append(("project_id", string(project))) }
        if let existing = intent.existing { fields.append(("existing", "[" + existing.map(string).joined(separator: ", ") + "]")) }
        return fields
    }

    /// A JSON object of objects, keys sorted, at `indent` levels.
    private static func object(_ members: [(String, [(String, String)])], indent: Int) -> String {
        let pad = String(repeating: "  ", count: indent + 1)
        let inner = String(repeating: "  ", count: indent + 2)
        let body = members.sorted { $0.0 < $1.0 }.map { key, fields in
            let values = fields.sorted { $0.0 < $1.0 }.map { "\(inner)\(string($0.0)) : \($0.1)" }.joined(separator: ",\n")
            return "\(pad)\(string(key)) : {\n\(values)\n\(pad)}"
        }
        return "{\n" + body.joined(separator: ",\n") + "\n" + String(repeating: "  ", count: indent) + "}"
    }

    /// A JSON string literal.
    static func string(_ value: String) -> String {
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// The manifest's file name as a dot file: the stem of its temporary file, journal and lock
    /// (`.productive-docs.json.journal`, never `..productive-docs.json.journal`).
    static func hiddenName(_ name: String) -> String {
        name.hasPrefix(".") ? name : "." + name
    }

    /// One JSON object on one line: `{"a" : "b", ...}`, fields sorted (journal lines).
    static func inline(_ fields: [(String, String)]) -> String {
        "{" + fields.sorted { $0.0 < $1.0 }.map { "\(string($0.0)) : \($0.1)" }.joined(separator: ", ") + "}"
    }

    /// Writes to a temporary file beside `path`, then renames it over: never half-written. The
    /// temporary file is a dot file named after the manifest (`.NAME.PID.tmp`), removed on failure;
    /// one left by a killed run is removed by the next (`ManifestStore.removeStaleTemporaryFiles`).
    public func write(to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(Self.hiddenName(url.lastPathComponent) + ".\(ProcessInfo.processInfo.processIdentifier).tmp")
        try OwnFile.replace(path, with: try encoded(), temporary: temporary.path, what: "the manifest")
    }
}
