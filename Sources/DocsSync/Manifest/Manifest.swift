import Foundation
import ProductiveFormat

/// `.productive-docs.json`: which page each file became. Versioned JSON with sorted keys and POSIX
/// relative paths, meant to be committed beside the docs.
public struct Manifest: Codable, Sendable, Equatable {
    /// The version this build writes and reads; a newer one is refused.
    public static let currentVersion = 1
    public static let defaultFileName = ".productive-docs.json"

    /// One published page.
    public struct Entry: Codable, Sendable, Equatable {
        public var pageID: String
        public var parentID: String?
        public var title: String
        /// SHA-256 of the last payload sent (format and content).
        public var hash: String
        public var format: OutputFormat
        /// The page's `version_number` after our last write.
        public var versionNumber: Int?

        enum CodingKeys: String, CodingKey {
            case pageID = "page_id", parentID = "parent_id", title, hash, format, versionNumber = "version_number"
        }
    }

    /// A create that was sent (or about to be) but not recorded yet: resolved on the next run by
    /// looking for the page under its parent by title.
    public struct Intent: Codable, Sendable, Equatable {
        public var title: String
        public var parentID: String?
        public var projectID: String?

        enum CodingKeys: String, CodingKey {
            case title, parentID = "parent_id", projectID = "project_id"
        }
    }

    public var version = Manifest.currentVersion
    /// Where the tree hangs: a project (new doc) or an existing page.
    public var projectID: String?
    public var rootPageID: String?
    public var pages: [String: Entry] = [:]
    public var pending: [String: Intent] = [:]

    enum CodingKeys: String, CodingKey {
        case version, projectID = "project_id", rootPageID = "root_page_id", pages, pending
    }

    public init() {}

    /// Reads a manifest; a missing file is an empty manifest.
    public static func load(_ path: String) throws -> Manifest {
        guard FileManager.default.fileExists(atPath: path) else { return Manifest() }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ConfigError("\(path): cannot read the manifest (\(error.localizedDescription))")
        }
        struct VersionOnly: Decodable { let version: Int }
        guard let version = try? JSONDecoder().decode(VersionOnly.self, from: data) else {
            throw ConfigError("\(path): not a productive-docs manifest (no version)")
        }
        guard version.version <= currentVersion else {
            throw ConfigError("\(path): manifest version \(version.version) is newer than this productive-docs understands (\(currentVersion)): upgrade productive-docs")
        }
        do {
            return try JSONDecoder().decode(Manifest.self, from: data)
        } catch {
            throw ConfigError("\(path): the manifest is damaged (\(error)); restore it from git")
        }
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

    private static func entry(_ entry: Entry) -> [(String, String)] {
        var fields: [(String, String)] = [
            ("format", string(entry.format.rawValue)), ("hash", string(entry.hash)), ("page_id", string(entry.pageID)), ("title", string(entry.title)),
        ]
        if let parent = entry.parentID { fields.append(("parent_id", string(parent))) }
        if let version = entry.versionNumber { fields.append(("version_number", String(version))) }
        return fields
    }

    private static func intent(_ intent: Intent) -> [(String, String)] {
        var fields: [(String, String)] = [("title", string(intent.title))]
        if let parent = intent.parentID { fields.append(("parent_id", string(parent))) }
        if let project = intent.projectID { fields.append(("project_id", string(project))) }
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
    private static func string(_ value: String) -> String {
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

    /// Writes to a temporary file beside `path`, then renames it over: never half-written.
    public func write(to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
        try encoded().write(to: temporary)
        if rename(temporary.path, url.path) != 0 {
            let code = errno
            try? FileManager.default.removeItem(at: temporary)
            throw ConfigError("\(path): cannot write the manifest (\(String(cString: strerror(code))))")
        }
    }
}

/// The manifest of a run. Every change is on disk before `update` returns; changes that arrive
/// while a write is under way are written together by the next one (group commit), so concurrent
/// page operations do not each rewrite the file.
actor ManifestStore {
    private(set) var manifest: Manifest
    let path: String
    private var changes = 0
    private var written = 0
    private var writing = false
    private var waiting: [CheckedContinuation<Void, Never>] = []
    private var failure: (any Error)?

    init(_ manifest: Manifest, path: String) {
        self.manifest = manifest
        self.path = path
    }

    func update(_ change: (inout Manifest) -> Void) async throws {
        change(&manifest)
        changes += 1
        let mine = changes
        while written < mine {
            if let failure { throw failure }
            if writing {
                await withCheckedContinuation { waiting.append($0) }
                continue
            }
            writing = true
            let snapshot = manifest
            let upTo = changes
            let path = path
            do {
                try await Task.detached { try snapshot.write(to: path) }.value
                written = upTo
            } catch {
                failure = error
            }
            writing = false
            let resumed = waiting
            waiting = []
            for continuation in resumed { continuation.resume() }
        }
        if let failure { throw failure }
    }
}
