import Foundation

/// A file attached to a page, as the client reads it back (`attachments`).
public struct Attachment: Sendable, Equatable {
    /// The attachment's id (digits).
    public let id: String
    /// The file name it was uploaded with.
    public let name: String
    /// Where readers' browsers fetch it: the address an image `src` or a link `href` takes, query string
    /// included. Nil until the upload is finished (step 3). Never holds the token: a `token` query
    /// item in an answer is dropped.
    public let url: String?
    public let contentType: String?
    /// Bytes, as given when it was made.
    public let size: Int?
    /// The page it belongs to, when the answer says.
    public let pageID: String?

    public init(id: String, name: String, url: String?, contentType: String?, size: Int?, pageID: String?) {
        self.id = id
        self.name = name
        self.url = url
        self.contentType = contentType
        self.size = size
        self.pageID = pageID
    }

    /// True when `src` (an image source or link target read back from a stored body) is this
    /// attachment's url, with or without its query string.
    public func isReferenced(by src: String) -> Bool {
        guard let url else { return false }
        return AttachmentWire.withoutQuery(url) == AttachmentWire.withoutQuery(src)
    }

    /// `url` without its query string (what to compare stored bodies by; never what to write).
    public var urlWithoutQuery: String? {
        url.map(AttachmentWire.withoutQuery)
    }
}
