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

    /// The manifest as committed: sorted keys, two-space indent, final newline.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(self)
        data.append(UInt8(ascii: "\n"))
        return data
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

/// The manifest of a run: every change is written to disk at once, one change at a time.
actor ManifestStore {
    private(set) var manifest: Manifest
    let path: String

    init(_ manifest: Manifest, path: String) {
        self.manifest = manifest
        self.path = path
    }

    func update(_ change: (inout Manifest) -> Void) throws {
        var copy = manifest
        change(&copy)
        try copy.write(to: path)
        manifest = copy
    }
}
