import ProductiveFormat

/// Turns links between pages of a tree back into the relative links a docs folder holds: a URL
/// made by `page_url_template`, or a page mention, of a page in the tree becomes a link to that
/// page's file, relative to the file being written. The inverse of `PageRenderer.linkResolver`.
struct RelativeLinks: Sendable {
    /// The file of each page in the tree, by page id (relative to the docs folder).
    let filesByPageID: [String: String]
    let template: PageURLTemplate?
    /// The file each attachment the manifest records was uploaded from, by its URL without the
    /// query string: an image or link to it reads back as the local path, never the remote URL.
    var filesByAttachmentURL: [Substring: String] = [:]
    /// The address each mentioned user was written with, by person id (the manifest's `mentions`):
    /// a user mention reads back as the `[@Name](mailto:address)` link it was published from.
    var addressesByPersonID: [String: String] = [:]

    init(filesByPageID: [String: String], template: PageURLTemplate?, attachments: [Manifest.Attachment] = []) {
        self.filesByPageID = filesByPageID
        self.template = template
        for record in attachments where !record.url.isEmpty {
            filesByAttachmentURL[AttachmentURL.withoutQuery(record.url)] = record.path
        }
    }

    /// `document` as it reads in `file`.
    func rewrite(_ document: Document, in file: String) -> Document {
        document.rewritingInlines { inline in
            switch inline {
            case .text(let text, var marks):
                guard let link = marks.link, let relative = relativeLink(link, from: file) else { return inline }
                marks.link = relative
                return .text(text, marks)
            case .image(var image, var marks):
                if let local = localFile(image.source, from: file) { image.source = local }
                if let link = marks.link, let relative = relativeLink(link, from: file) { marks.link = relative }
                return .image(image, marks)
            case .mention(let mention) where mention.kind == .page:
                guard let target = filesByPageID[mention.id] else { return inline }
                return .text(mention.label, Marks(link: Self.relativePath(to: target, from: file)))
            case .mention(let mention) where mention.kind == .user:
                guard let address = addressesByPersonID[mention.id] else { return inline }
                return UserMentions.link(label: mention.label, address: address)
            default:
                return inline
            }
        }
    }

    /// The relative form of `url` when it names a page of the tree, or an attachment the manifest records.
    func relativeLink(_ url: String, from file: String) -> String? {
        if let local = localFile(url, from: file) { return local }
        guard let template, let match = template.match(url), let target = filesByPageID[match.pageID] else { return nil }
        return Self.relativePath(to: target, from: file) + match.fragment
    }

    /// The local file an attachment URL (with any query string) was uploaded from, relative to `file`.
    func localFile(_ url: String, from file: String) -> String? {
        guard !filesByAttachmentURL.isEmpty, let path = filesByAttachmentURL[AttachmentURL.withoutQuery(url)] else { return nil }
        return Self.relativePath(to: path, from: file)
    }

    /// The POSIX path of `target` as seen from the folder of `file` (both relative to the docs folder).
    static func relativePath(to target: String, from file: String) -> String {
        let fromParts = parentFolder(of: file).split(separator: "/").map(String.init)
        let toParts = target.split(separator: "/").map(String.init)
        var common = 0
        while common < fromParts.count, common < toParts.count - 1, fromParts[common] == toParts[common] { common += 1 }
        let ups = Array(repeating: "..", count: fromParts.count - common)
        return (ups + toParts[common...]).joined(separator: "/")
    }
}
