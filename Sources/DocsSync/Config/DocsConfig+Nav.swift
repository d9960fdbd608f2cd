import Foundation

extension DocsConfig {
    /// `nav:` read from the config file: a list of relative paths (`setup.md`, `guide/`,
    /// `guide/install.md`); anything else is an error that names the entry.
    static func navPaths(_ value: Any, path: String) throws -> [String] {
        if value is NSNull { return [] }
        guard let list = value as? [Any] else { throw SyncError("\(path): `nav` must be a list of paths (files and folders, in order)") }
        var seen: Set<String> = []
        return try list.enumerated().map { index, item in
            guard let entry = item as? String, !entry.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw SyncError("\(path): `nav` entry \(index + 1) must be a path (a file or folder of the docs folder), not \(type(of: item))")
            }
            let normalized = navKey(entry)
            if normalized.hasPrefix("/") || normalized.split(separator: "/").contains("..") {
                throw SyncError("\(path): `nav` entry `\(entry)` must be a path inside the docs folder")
            }
            guard seen.insert(normalized).inserted else { throw SyncError("\(path): `nav` names `\(entry)` twice") }
            return normalized
        }
    }

    /// A nav entry as the workspace compares it: no `./`, a folder without its trailing `/`.
    static func navKey(_ entry: String) -> String {
        var key = entry.trimmingCharacters(in: .whitespaces)
        while key.hasPrefix("./") { key.removeFirst(2) }
        while key.hasSuffix("/") && key.count > 1 { key.removeLast() }
        return key
    }
}
