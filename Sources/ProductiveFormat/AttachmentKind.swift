/// What a local file referenced from a page is sent as: its MIME type, and whether Productive shows
/// it inline (an image in the text) or as a file attachment behind a link. Decided from the file
/// name's extension alone (case-insensitive), offline, so `lint` and `publish` agree.
///
/// PNG, JPEG, GIF and WebP are inline images. SVG is sent as a file, never inline (issue 19: an SVG
/// can carry script, and Productive's rich text is no place to run it). A name whose extension is
/// not in the table is a type that cannot be sent (`kind(ofFile:)` is nil); Markdown files are
/// pages, never attachments.
public struct AttachmentKind: Sendable, Equatable {
    /// The MIME type sent as `content_type` and as the upload's `Content-Type`.
    public let contentType: String
    /// True for the images shown in the text (`attachment_type: inline`).
    public let isInlineImage: Bool

    public init(contentType: String, isInlineImage: Bool) {
        self.contentType = contentType
        self.isInlineImage = isInlineImage
    }

    /// The kind of the file named `name` (a path works too), or nil when its type cannot be sent.
    public static func kind(ofFile name: String) -> AttachmentKind? {
        let base = name.split(separator: "/").last.map(String.init) ?? name
        guard let dot = base.lastIndex(of: "."), dot != base.startIndex else { return nil }
        let ext = base[base.index(after: dot)...].lowercased()
        if let image = inlineImages[ext] { return AttachmentKind(contentType: image, isInlineImage: true) }
        return files[ext].map { AttachmentKind(contentType: $0, isInlineImage: false) }
    }

    /// Every extension that can be sent (lowercase, sorted), for messages.
    public static var knownExtensions: [String] { (Array(inlineImages.keys) + Array(files.keys)).sorted() }

    private static let inlineImages = ["png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif", "webp": "image/webp"]

    private static let files = [
        "svg": "image/svg+xml", "pdf": "application/pdf", "zip": "application/zip", "gz": "application/gzip",
        "tgz": "application/gzip", "tar": "application/x-tar", "7z": "application/x-7z-compressed",
        "txt": "text/plain", "log": "text/plain", "csv": "text/csv", "json": "application/json", "xml": "application/xml",
        "yaml": "application/yaml", "yml": "application/yaml", "rtf": "application/rtf",
        "doc": "application/msword", "xls": "application/vnd.ms-excel", "ppt": "application/vnd.ms-powerpoint",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "odt": "application/vnd.oasis.opendocument.text", "ods": "application/vnd.oasis.opendocument.spreadsheet",
        "odp": "application/vnd.oasis.opendocument.presentation",
        "mp4": "video/mp4", "mov": "video/quicktime", "webm": "video/webm", "mp3": "audio/mpeg", "wav": "audio/wav",
    ]
}
