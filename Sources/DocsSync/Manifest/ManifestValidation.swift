import Foundation
import ProductiveFormat

/// Reads a manifest's JSON by hand and checks every value before anything uses it: keys are
/// relative POSIX paths inside the folder, page ids are numeric and unique, types are right.
/// Every problem is one clean message with the file and line; no decoder text reaches a user.
enum ManifestValidation {
    static func decode(_ data: Data, path: String) throws -> Manifest {
        // Lines as bytes: splitting the text into `Substring` lines by `Character` was a third of
        // loading a manifest of 7,000 pages; the lines as text are made only for an error's line.
        let markers = ["<<<<<<<", ">>>>>>>", "======="].map { Array($0.utf8) }
        let byteLines = data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        if let marker = byteLines.firstIndex(where: { line in markers.contains { line.starts(with: $0) } }) {
            throw SyncError("\(path):\(marker + 1): the manifest has git conflict markers: resolve the merge (keep both sides' entries, one per file), then run plan")
        }
        let object: Any
        do {
            // Fragments too: `null` or `3` is valid JSON, and the message then says what is wrong with it.
            object = try JSONSerialization.jsonObject(with: data, options: .fragmentsAllowed)
        } catch {
            let index = ((error as NSError).userInfo["NSJSONSerializationErrorIndex"] as? Int).map { min($0, data.count) }
            let line = index.map { data.prefix($0).reduce(1) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 } }
            throw SyncError("\(path)\(line.map { ":\($0)" } ?? ""): the manifest is not valid JSON; restore it from git")
        }
        let reader = Reader(path: path, text: String(decoding: data, as: UTF8.self))
        guard let top = object as? [String: Any] else { throw reader.error("expected a JSON object at the top", near: nil) }
        guard let version = top["version"] as? Int else {
            throw reader.error("not a productive-docs manifest (no numeric `version`)", near: "version")
        }
        guard version <= Manifest.currentVersion else {
            throw SyncError("\(path): manifest version \(version) is newer than this productive-docs understands (\(Manifest.currentVersion)): upgrade productive-docs")
        }
        for key in top.keys where !["version", "project_id", "root_page_id", "pages", "pending"].contains(key) {
            throw reader.error("unknown field `\(Printable.escaped(key))`", near: key)
        }
        var manifest = Manifest()
        manifest.version = version
        manifest.projectID = try reader.optionalID(top["project_id"], "project_id")
        manifest.rootPageID = try reader.optionalID(top["root_page_id"], "root_page_id")

        let pages = try reader.object(top["pages"], "pages")
        var owners: [String: String] = [:]
        for (key, value) in pages.sorted(by: { $0.key < $1.key }) {
            try reader.checkKey(key)
            let fields = try reader.object(value, key)
            let entry = try reader.entry(fields, key: key)
            if let other = owners[entry.pageID] {
                throw reader.error("page \(entry.pageID) is named by both `\(Printable.escaped(other))` and `\(Printable.escaped(key))`: one page, one file", near: key)
            }
            owners[entry.pageID] = key
            manifest.pages[key] = entry
        }
        for (key, value) in try reader.object(top["pending"] ?? [String: Any](), "pending") {
            try reader.checkKey(key)
            manifest.pending[key] = try reader.intent(try reader.object(value, key), key: key)
        }
        return manifest
    }

    /// Applies the journal a run left beside the manifest (see `ManifestStore`) and returns its
    /// warnings. A last line cut short by a kill is ignored. Any other line that is not JSON is
    /// skipped with a warning: each line holds whole changes (a page's record lands with the intent
    /// it clears), so what a lost line recorded is decided again from Productive (a create in flight
    /// is proven by its intent, an update sent again or shown as a conflict), never made twice.
    /// A line that is JSON but holds a bad value is an error with its line number.
    static func replay(_ data: Data, onto manifest: inout Manifest, path: String) throws -> [String] {
        let lines = data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        let torn = data.last == UInt8(ascii: "\n") ? nil : lines.count - 1
        var warnings: [String] = []
        for (number, line) in lines.enumerated() where !line.isEmpty {
            let reader = Reader(path: "\(path):\(number + 1)", text: "")
            guard let object = (try? JSONSerialization.jsonObject(with: Data(line))) as? [String: Any] else {
                if number == torn { continue }
                warnings.append("\(path):\(number + 1): a damaged line of the manifest journal was skipped; what it recorded is checked against Productive again (nothing is created twice). Keep the journal: deleting it would lose the creates it proves")
                continue
            }
            if let pages = object["pages"] as? [String: Any] {
                for (key, value) in pages {
                    try reader.checkKey(key)
                    manifest.pages[key] = value is NSNull ? nil : try reader.entry(try reader.object(value, key), key: key)
                }
            }
            if let pending = object["pending"] as? [String: Any] {
                for (key, value) in pending {
                    try reader.checkKey(key)
                    manifest.pending[key] = value is NSNull ? nil : try reader.intent(try reader.object(value, key), key: key)
                }
            }
            if let target = object["target"] as? [String: Any] {
                manifest.projectID = try reader.optionalID(target["project_id"], "project_id")
                manifest.rootPageID = try reader.optionalID(target["root_page_id"], "root_page_id")
            }
        }
        var owners: [String: String] = [:]
        for (key, entry) in manifest.pages.sorted(by: { $0.key < $1.key }) {
            if let other = owners[entry.pageID] {
                throw SyncError("\(path): page \(entry.pageID) is named by both `\(Printable.escaped(other))` and `\(Printable.escaped(key))`: one page, one file")
            }
            owners[entry.pageID] = key
        }
        return warnings
    }

    /// True when `key` is `.`, or a relative POSIX path inside the folder (a folder key ends in `/`).
    static func isValidKey(_ key: String) -> Bool {
        if key == "." { return true }
        guard !key.isEmpty, !key.hasPrefix("/"), !key.contains("\\"), !key.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else { return false }
        let body = key.hasSuffix("/") ? String(key.dropLast()) : key
        let parts = body.split(separator: "/", omittingEmptySubsequences: false)
        return !parts.isEmpty && parts.allSatisfy { !$0.isEmpty && $0 != "." && $0 != ".." }
    }

    fileprivate struct Reader {
        let path: String
        /// The manifest's text, read for the line of an error only.
        let text: String

        func error(_ message: String, near key: String?) -> SyncError {
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            let line = key.flatMap { key in lines.firstIndex { $0.contains("\"\(key)\"") } }
            return SyncError("\(path)\(line.map { ":\($0 + 1)" } ?? ""): \(message); fix the manifest or restore it from git")
        }

        func object(_ value: Any?, _ name: String) throws -> [String: Any] {
            guard let object = value as? [String: Any] else { throw error("`\(Printable.escaped(name))` must be an object", near: name) }
            return object
        }

        func checkKey(_ key: String) throws {
            guard ManifestValidation.isValidKey(key) else {
                throw error("`\(Printable.escaped(key))` is not a path inside the docs folder (relative, no `..`)", near: key)
            }
        }

        func string(_ value: Any?, _ field: String, of key: String) throws -> String {
            guard let string = value as? String else { throw error("`\(field)` of `\(Printable.escaped(key))` must be a string", near: key) }
            return string
        }

        func id(_ value: Any?, _ field: String, of key: String) throws -> String {
            let raw: String? = (value as? String) ?? (value as? Int).map { String($0) }
            guard let raw, PageID.isValid(raw) else {
                throw error("`\(field)` of `\(Printable.escaped(key))` is not a page id (digits only)", near: key)
            }
            return raw
        }

        func optionalID(_ value: Any?, _ field: String) throws -> String? {
            guard let value, !(value is NSNull) else { return nil }
            return try id(value, field, of: field)
        }

        func optionalInt(_ value: Any?, _ field: String, of key: String) throws -> Int? {
            guard let value, !(value is NSNull) else { return nil }
            guard let number = value as? Int else { throw error("`\(field)` of `\(Printable.escaped(key))` must be a number", near: key) }
            return number
        }

        func entry(_ fields: [String: Any], key: String) throws -> Manifest.Entry {
            let known: Set = ["page_id", "parent_id", "title", "hash", "format", "version_number", "write_intent", "attachments", "upload_intent", "position", "memberships", "mentions"]
            if let unknown = fields.keys.sorted().first(where: { !known.contains($0) }) {
                throw error("unknown field `\(Printable.escaped(unknown))` in `\(Printable.escaped(key))`", near: key)
            }
            let formatName = try string(fields["format"] ?? "markdown", "format", of: key)
            guard let format = OutputFormat(rawValue: formatName), format != .auto else {
                throw error("`format` of `\(Printable.escaped(key))` is markdown or html", near: key)
            }
            let parent: Any? = fields["parent_id"].flatMap { $0 is NSNull ? nil : $0 }
            var entry = Manifest.Entry(
                pageID: try id(fields["page_id"], "page_id", of: key),
                parentID: try parent.map { try id($0, "parent_id", of: key) },
                title: try string(fields["title"], "title", of: key),
                hash: try string(fields["hash"] ?? "", "hash", of: key),
                format: format,
                versionNumber: try optionalInt(fields["version_number"], "version_number", of: key)
            )
            if let intent = fields["write_intent"], !(intent is NSNull) {
                let intentFields = try object(intent, "write_intent")
                entry.writeIntent = Manifest.WriteIntent(
                    hash: try string(intentFields["hash"], "write_intent.hash", of: key),
                    fromVersion: try optionalInt(intentFields["from_version"], "write_intent.from_version", of: key)
                )
            }
            entry.attachments = try attachments(fields["attachments"], key: key)
            entry.position = try optionalInt(fields["position"], "position", of: key)
            if let intent = fields["upload_intent"], !(intent is NSNull) {
                entry.uploadIntent = try uploadIntent(try object(intent, "upload_intent"), key: key)
            }
            entry.memberships = try Manifest.memberships(fields["memberships"]) { error("\($0) (in `\(Printable.escaped(key))`)", near: key) }
            entry.mentions = try Manifest.mentions(fields["mentions"]) { error("\($0) (in `\(Printable.escaped(key))`)", near: key) }
            return entry
        }

        /// `attachments`: content hash → `{id, path, url}`, ids numeric, paths inside the folder.
        func attachments(_ value: Any?, key: String) throws -> [String: Manifest.Attachment] {
            guard let value, !(value is NSNull) else { return [:] }
            var records: [String: Manifest.Attachment] = [:]
            for (hash, record) in try object(value, "attachments") {
                let fields = try object(record, "attachments.\(hash)")
                let path = try string(fields["path"], "attachments.path", of: key)
                guard ManifestValidation.isValidKey(path), !path.hasSuffix("/") else {
                    throw error("`attachments.path` of `\(Printable.escaped(key))` is not a file inside the docs folder", near: key)
                }
                records[hash] = Manifest.Attachment(
                    id: try id(fields["id"], "attachments.id", of: key), url: try string(fields["url"], "attachments.url", of: key), path: path
                )
            }
            return records
        }

        func uploadIntent(_ fields: [String: Any], key: String) throws -> Manifest.UploadIntent {
            guard let list = fields["existing"] as? [Any] else { throw error("`upload_intent.existing` of `\(Printable.escaped(key))` must be a list of ids", near: key) }
            var files: [String: String] = [:]
            for (hash, path) in try object(fields["files"], "upload_intent.files") {
                files[hash] = try string(path, "upload_intent.files", of: key)
            }
            return Manifest.UploadIntent(existing: try list.map { try id($0, "upload_intent.existing", of: key) }, files: files)
        }

        func intent(_ fields: [String: Any], key: String) throws -> Manifest.Intent {
            let parent: Any? = fields["parent_id"].flatMap { $0 is NSNull ? nil : $0 }
            let project: Any? = fields["project_id"].flatMap { $0 is NSNull ? nil : $0 }
            var existing: [String]?
            if let list = fields["existing"], !(list is NSNull) {
                guard let values = list as? [Any] else { throw error("`existing` of `\(Printable.escaped(key))` must be a list of page ids", near: key) }
                existing = try values.map { try id($0, "existing", of: key) }
            }
            return Manifest.Intent(
                title: try string(fields["title"], "title", of: key),
                parentID: try parent.map { try id($0, "parent_id", of: key) },
                projectID: try project.map { try id($0, "project_id", of: key) },
                existing: existing
            )
        }
    }
}
