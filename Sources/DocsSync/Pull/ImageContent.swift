import SourceReading

/// What an image's bytes are, from their first bytes (PNG, JPEG, GIF and WebP signatures, SVG's
/// `<svg` element), as the extension a file of it carries; and the extension a name carries when it
/// names an image a page shows. For naming pulled images, offline.
enum ImageContent {
    /// `png`, `jpg`, `gif`, `webp` or `svg` for bytes that begin as one does; nil otherwise.
    static func fileExtension(of bytes: [UInt8]) -> String? {
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return "png" }
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return "jpg" }
        if bytes.starts(with: Array("GIF87a".utf8)) || bytes.starts(with: Array("GIF89a".utf8)) { return "gif" }
        if bytes.count >= 12, bytes.starts(with: Array("RIFF".utf8)), Array(bytes[8..<12]) == Array("WEBP".utf8) { return "webp" }
        return isSVG(bytes) ? "svg" : nil
    }

    /// True for text whose first element (after a BOM, whitespace, an XML declaration, comments or
    /// a doctype, within the first 4 KB) is `<svg`.
    private static func isSVG(_ bytes: [UInt8]) -> Bool {
        var head = String(decoding: bytes.prefix(4096), as: UTF8.self)
        if head.hasPrefix("\u{FEFF}") { head.removeFirst() }
        var rest = Substring(head)
        while true {
            rest = rest.drop { $0.isWhitespace }
            guard rest.hasPrefix("<?") || rest.hasPrefix("<!") else { break }
            let end = rest.hasPrefix("<!--") ? rest.range(of: "-->")?.upperBound : rest.firstIndex(of: ">").map { rest.index(after: $0) }
            guard let end else { return false }
            rest = rest[end...]
        }
        return rest.hasPrefix("<svg") && rest.dropFirst(4).first.map { $0.isWhitespace || $0 == ">" || $0 == "/" } == true
    }

    /// The lowercased extension of `name` (`jpeg` as `jpg`) when it names an image a page shows
    /// (`AttachmentType.isShownImage`).
    static func shownExtension(of name: String) -> String? {
        guard AttachmentType.isShownImage(name), let dot = name.lastIndex(of: ".") else { return nil }
        let ext = name[name.index(after: dot)...].lowercased()
        return ext == "jpeg" ? "jpg" : ext
    }
}
