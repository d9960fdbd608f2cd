import Foundation

/// Paths as Foundation's URL makes them, without a URL for the common case: the folder commands ask
/// this for every file (several times), and a URL's `standardizedFileURL` costs about 34,000
/// instructions, a third of `lint DIR` on a folder of small files before this.
public enum FilePaths {
    /// `URL(fileURLWithPath: path).standardizedFileURL.path`: absolute, without `.`, `..`, empty
    /// components or a trailing `/`. A path that is already so (or relative to such a working
    /// folder) is joined as text; any other goes through URL.
    public static func standardized(_ path: String) -> String {
        if isClean(path) {
            if path.utf8.first == UInt8(ascii: "/") { return path }
            let folder = FileManager.default.currentDirectoryPath
            if folder.utf8.first == UInt8(ascii: "/"), isClean(folder) { return folder == "/" ? "/" + path : folder + "/" + path }
        }
        return URL(fileURLWithPath: path).standardizedFileURL.path
    }

    /// The path with every symbolic link resolved (`realpath(3)`), for an existing file; else
    /// `URL.resolvingSymlinksInPath` of its standardized form.
    public static func resolved(_ path: String) -> String {
        if let real = realpath(path, nil) {
            defer { free(real) }
            return String(cString: real)
        }
        return URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }

    /// True when `path` is `folder` or inside it (both absolute, standardized or resolved alike).
    public static func isInside(_ path: String, folder: String) -> Bool {
        folder == "/" || path == folder || path.hasPrefix(folder + "/")
    }

    /// True when standardizing changes nothing but making the path absolute: `/`, or components
    /// none of which is empty, `.` or `..`.
    static func isClean(_ path: String) -> Bool {
        if path == "/" { return true }
        var components = path.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)[...]
        if path.utf8.first == UInt8(ascii: "/") { components = components.dropFirst() }
        guard !components.isEmpty else { return false }
        return !components.contains { $0.isEmpty || $0.elementsEqual(".".utf8) || $0.elementsEqual("..".utf8) }
    }
}
