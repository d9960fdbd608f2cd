import ProductiveFormat

/// A link to another file of the docs folder (`guide.md#setup`, `../ops/`, `/guide/x.md`) and where
/// it is written. Mapping keeps such links as written and records them; publishing rewrites them in
/// the model once the pages have ids (`Converter.check(_:links:format:)`).
public struct LinkSite: Sendable, Equatable {
    /// The link target as written.
    public var target: String
    public var position: SourcePosition

    public init(target: String, position: SourcePosition) {
        self.target = target
        self.position = position
    }

    /// True for the targets publishing rewrites: relative paths and root-relative paths (`/x.md`),
    /// not scheme URLs, `//host` or anchors alone.
    public static func isRewritable(_ url: String) -> Bool {
        var url = url
        // On bytes for ASCII targets (every link is asked, so this is on the mapping's hot path);
        // a non-ASCII target goes through the Character rules, where a combining mark changes them.
        let ascii: Bool? = url.withUTF8 { bytes in
            guard !bytes.contains(where: { $0 >= 0x80 }) else { return nil }
            guard let first = bytes.first else { return false }
            if first == UInt8(ascii: "/") { return bytes.count < 2 || bytes[1] != UInt8(ascii: "/") }
            if first == UInt8(ascii: "#") { return false }
            // Relative unless a `:` ends the part before any `/`, `?` or `#` (a scheme).
            for byte in bytes {
                switch byte {
                case UInt8(ascii: ":"): return false
                case UInt8(ascii: "/"), UInt8(ascii: "?"), UInt8(ascii: "#"): return true
                default: continue
                }
            }
            return true
        }
        return ascii ?? ((url.hasPrefix("/") && !url.hasPrefix("//")) || LinkResolver.isRelative(url))
    }
}

extension LinkTarget {
    /// The model rewrite for this target.
    var rewrite: LinkRewrite {
        switch self {
        case .keep: .keep
        case .url(let url): .url(url)
        case .pageMention(let id): .pageMention(id: id)
        case .pending, .unpublished: .unlink
        case .weakened(let target, _, _): target.rewrite
        }
    }
}
