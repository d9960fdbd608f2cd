import ProductiveFormat

/// What to do with a local image (a relative path, not an http(s) URL): `images:` in
/// productive-docs.yml or front matter.
public enum ImageMode: String, Sendable, CaseIterable {
    /// Uploaded as an attachment of the page; links to local non-Markdown files too.
    case upload
    /// A link to `asset_base_url` + path (where the team hosts its images).
    case link
    /// Its alt text.
    case text
}

/// A local file a document shows (`![]()`, `<img src>`) or links to (a PDF, a zip...), and where it
/// is written. Mapping keeps the target as written and records the site; publishing uploads the
/// file as an attachment of the page and rewrites the target to the attachment's URL
/// (`Converter.check(_:links:attachments:format:)`).
public struct AttachmentSite: Sendable, Equatable {
    public enum Kind: String, Sendable {
        /// Shown as an image.
        case image
        /// Linked to.
        case file
    }

    /// The target as written (`../img/a.png`, `spec.pdf#page=2`).
    public var target: String
    /// The file, relative to the docs folder, `.` and `..` resolved (`img/a.png`).
    public var path: String
    public var kind: Kind
    public var position: SourcePosition

    public init(target: String, path: String, kind: Kind, position: SourcePosition) {
        self.target = target
        self.path = path
        self.kind = kind
        self.position = position
    }
}

/// The URL of each local file a publish has uploaded: asked once per site while a mapped document
/// is finished. Nil means not uploaded yet (the image is sent as its alt text, the link as its text,
/// until the upload is done).
public struct AttachmentResolver: Sendable {
    public let url: @Sendable (AttachmentSite) -> String?

    public init(_ url: @escaping @Sendable (AttachmentSite) -> String?) {
        self.url = url
    }
}

/// What the mapping asks about a local file's type; the table itself is `AttachmentKind`.
public enum AttachmentType {
    /// The media type of a file, or nil for a type that cannot be sent.
    public static func knownContentType(of path: String) -> String? {
        AttachmentKind.kind(ofFile: path)?.contentType
    }

    /// The media type of a file: `application/octet-stream` for a name the table does not know.
    public static func contentType(of path: String) -> String {
        knownContentType(of: path) ?? "application/octet-stream"
    }

    /// Every extension that can be sent, sorted, for messages.
    public static var knownExtensions: [String] { AttachmentKind.knownExtensions }

    /// True for the images a page shows: the inline images, and SVG (sent as a file, shown by URL).
    public static func isShownImage(_ path: String) -> Bool {
        AttachmentKind.kind(ofFile: path)?.isInlineImage ?? false || isSVG(path)
    }

    /// True for SVG, which is sent as a file attachment (never inlined into the body).
    public static func isSVG(_ path: String) -> Bool {
        fileExtension(of: path) == "svg"
    }

    /// True for the names of Markdown files (pages, never attachments).
    public static func isMarkdown(_ path: String) -> Bool {
        ["md", "markdown"].contains(fileExtension(of: path))
    }

    /// The lowercased extension of the last path component, or empty.
    static func fileExtension(of path: String) -> String {
        let name = path.split(separator: "/").last ?? Substring(path)
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "" }
        return name[name.index(after: dot)...].lowercased()
    }
}
