import Foundation

extension Manifest {
    /// A local file uploaded as an attachment of a page, recorded under its content hash (SHA-256
    /// of the bytes): a file is uploaded once per page and content, and `pull` writes `path` back
    /// wherever the page shows `url`.
    public struct Attachment: Sendable, Equatable {
        /// The attachment's id in Productive.
        public var id: String
        /// The attachment's URL, as the body refers to it (no API token in it, ever).
        public var url: String
        /// The file, relative to the docs folder, that was uploaded.
        public var path: String

        public init(id: String, url: String, path: String) {
            self.id = id
            self.url = url
            self.path = path
        }
    }

    /// Uploads about to be sent for a page, recorded before the first one: when a run is killed
    /// between an upload and its record, the next run lists the page's attachments and takes as its
    /// own only one that is not among `existing`, owned by no record, and has the name of a file
    /// here (see `Publisher.proveInterruptedUploads`).
    public struct UploadIntent: Sendable, Equatable {
        /// The page's attachment ids before the uploads.
        public var existing: [String]
        /// Content hash → the file (relative to the docs folder) being uploaded.
        public var files: [String: String]

        public init(existing: [String], files: [String: String]) {
            self.existing = existing
            self.files = files
        }
    }

    static func attachmentFields(_ attachments: [String: Attachment]) -> String {
        let members = attachments.sorted { $0.key < $1.key }.map { hash, record in
            "\(string(hash)) : " + inline([("id", string(record.id)), ("path", string(record.path)), ("url", string(record.url))])
        }
        return "{" + members.joined(separator: ", ") + "}"
    }

    static func uploadIntentFields(_ intent: UploadIntent) -> String {
        let files = "{" + intent.files.sorted { $0.key < $1.key }.map { "\(string($0.key)) : \(string($0.value))" }.joined(separator: ", ") + "}"
        return inline([("existing", "[" + intent.existing.map(string).joined(separator: ", ") + "]"), ("files", files)])
    }
}

extension Manifest.Entry {
    /// The attachment ids this entry owns.
    var attachmentIDs: Set<String> { Set(attachments.values.map(\.id)) }
}

/// An attachment URL as it may be stored and written: without a `token` query parameter (the
/// guide's way of fetching a file appends the API token; such a URL must never reach a body, the
/// manifest or the terminal).
enum AttachmentURL {
    static func withoutToken(_ url: String) -> String {
        guard let question = url.firstIndex(of: "?") else { return url }
        let query = url[url.index(after: question)...]
        let kept = query.split(separator: "&", omittingEmptySubsequences: false).filter { !$0.lowercased().hasPrefix("token=") }
        let base = String(url[..<question])
        return kept.isEmpty ? base : base + "?" + kept.joined(separator: "&")
    }

    /// `url` without its query string and fragment: how a stored image is matched to an attachment.
    static func withoutQuery(_ url: String) -> Substring {
        url.prefix { $0 != "?" && $0 != "#" }
    }
}
