#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ProductiveFormat

/// Where the local files a document refers to are read from, and the bounds they must keep: the
/// docs folder on disk. Mapping checks every local image and linked file against it (offline, so
/// `lint` reports what `publish` would refuse).
public struct LocalFiles: Sendable, Equatable {
    /// The default bound on one file: 25 MB.
    public static let defaultSizeLimit = 25 * 1024 * 1024

    /// The docs folder, an absolute path.
    public var root: String
    /// The document's path relative to `root` (`guide/setup.md`).
    public var source: String
    /// True when a path may not leave `root` (the docs folder is known). False when a file is
    /// checked without its docs folder: `root` is then the file's own folder, and `..` may leave it.
    public var confined: Bool
    /// Files larger than this many bytes are refused.
    public var sizeLimit: Int

    public init(root: String, source: String, confined: Bool = true, sizeLimit: Int = LocalFiles.defaultSizeLimit) {
        self.root = root
        self.source = source
        self.confined = confined
        self.sizeLimit = sizeLimit
    }

    /// Why a reference cannot be sent.
    public enum Problem: Error, Equatable, Sendable {
        case missing(String)
        case outside(String)
        case refused(String)

        var rule: Rule {
            switch self {
            case .missing: RuleCatalog.attachmentMissing
            case .outside: RuleCatalog.attachmentOutside
            case .refused: RuleCatalog.attachmentRefused
            }
        }

        var message: String {
            switch self {
            case .missing(let message), .outside(let message), .refused(let message): message
            }
        }
    }

    /// A file that can be sent: its path relative to `root` and its size.
    public struct Resolved: Equatable, Sendable {
        public var path: String
        public var size: Int
    }

    /// The file `target` (as written in the document, query and fragment ignored, percent-escapes
    /// decoded) names, checked: it exists, is a regular file, stays inside the folder (symbolic
    /// links followed), keeps the size bound, and is an image when `kind` is `.image`.
    public func resolve(_ target: String, kind: AttachmentSite.Kind) -> Result<Resolved, Problem> {
        let end = target.firstIndex { $0 == "?" || $0 == "#" } ?? target.endIndex
        let written = String(target[..<end])
        let decoded = written.removingPercentEscapes ?? written
        guard let (path, full) = locate(decoded) else {
            return .failure(.outside("`\(target)` climbs out of the docs folder: not read, not sent"))
        }
        var info = stat()
        guard stat(full, &info) == 0 else {
            let place = path == written ? "" : " (\(path))"
            if lstat(full, &info) == 0 { return .failure(.missing("`\(target)` is a symbolic link to nothing\(place)")) }
            return .failure(.missing("`\(target)` not found\(place)"))
        }
        if confined, !Self.isInside(full, root: root) {
            return .failure(.outside("`\(target)` is a symbolic link to a file outside the docs folder: not read, not sent"))
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            return .failure(.missing("`\(target)` is not a file: a folder"))
        }
        let size = Int(info.st_size)
        if size > sizeLimit {
            return .failure(.refused("`\(target)` is \(Self.describe(size: size)), over the \(Self.describe(size: sizeLimit)) bound (attachment_max_mb): not sent"))
        }
        if kind == .file, AttachmentType.knownContentType(of: path) == nil {
            return .failure(.refused("`\(target)` is a type of file that cannot be sent (known: \(AttachmentType.knownExtensions.joined(separator: ", ")))"))
        }
        if kind == .image, !AttachmentType.isShownImage(path) {
            return .failure(.refused("`\(target)` is shown as an image but is not one (png, jpg, gif, webp, svg): link to it instead"))
        }
        return .success(Resolved(path: path, size: size))
    }

    /// `path` relative to `root` and on disk: relative to the source's folder, root-relative
    /// (`/img/a.png`) from the root; nil when it climbs above a confined root. Unconfined, a path
    /// above the root is given as the absolute path it names.
    func locate(_ path: String) -> (path: String, full: String)? {
        if let segments = URLPolicy.joinedSegments(Substring(path), sourcePath: source) {
            let relative = segments.joined(separator: "/")
            return (relative, root.hasSuffix("/") ? root + relative : root + "/" + relative)
        }
        guard !confined else { return nil }
        var absolute = root.split(separator: "/")
        for segment in source.split(separator: "/").dropLast() + path.split(separator: "/") where segment != "." {
            if segment == ".." { _ = absolute.popLast() } else { absolute.append(segment) }
        }
        let full = "/" + absolute.joined(separator: "/")
        return (full, full)
    }

    /// True when `path`, symbolic links resolved, is `root` or inside it.
    static func isInside(_ path: String, root: String) -> Bool {
        guard let real = realPath(path), let realRoot = realPath(root) else { return false }
        return realRoot == "/" || real == realRoot || real.hasPrefix(realRoot + "/")
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// `185 bytes`, `12.3 KB`, `25.0 MB`.
    public static func describe(size bytes: Int) -> String {
        if bytes < 1024 { return "\(bytes) byte\(bytes == 1 ? "" : "s")" }
        let (unit, scale) = bytes < 1024 * 1024 ? ("KB", 1024) : ("MB", 1024 * 1024)
        let tenths = (bytes * 10 + scale / 2) / scale
        return "\(tenths / 10).\(tenths % 10) \(unit)"
    }
}

extension String {
    /// The string with `%XX` escapes decoded as UTF-8; nil when an escape is malformed or the bytes
    /// are not UTF-8.
    var removingPercentEscapes: String? {
        guard contains("%") else { return self }
        var bytes: [UInt8] = []
        var iterator = utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next().flatMap(Self.hexValue), let low = iterator.next().flatMap(Self.hexValue) else { return nil }
            bytes.append(high << 4 | low)
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
