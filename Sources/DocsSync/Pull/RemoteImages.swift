import Foundation
import ProductiveAPI
import ProductiveFormat

/// The images of a page pulled into a new folder (`pull DIR`) that are attachments of the page
/// (added in Productive): each is downloaded into the `assets/` folder beside the page's file and
/// the image points at it, so the folder holds its own images and publishing it sends nothing for
/// them. An image that cannot be downloaded keeps its URL (never with credentials or a token in
/// it) and gets a warning; an image elsewhere on the web is left as it is.
struct RemoteImages {
    /// What was saved, by content hash: the manifest's attachment records of the page.
    var records: [String: Manifest.Attachment] = [:]
    /// The images that could not be downloaded: the URL written, and why.
    var failures: [(url: String, reason: String)] = []

    /// The folder the images of `file` go to, relative to the docs folder (`assets`, `ops/assets`).
    static func folder(beside file: String) -> String {
        let parent = parentFolder(of: file)
        return parent.isEmpty ? "assets" : parent + "/assets"
    }

    /// `url` as it may be written into a file: no user or password, no `token` query item.
    static func writable(_ url: String) -> String {
        guard var components = URLComponents(string: url), components.user != nil || components.password != nil else {
            return AttachmentURL.withoutToken(url)
        }
        (components.user, components.password) = (nil, nil)
        return AttachmentURL.withoutToken(components.string ?? url)
    }

    /// A file name for a download from `url`: the last part of its path, decoded, with anything but
    /// letters, digits, `.`, `-` and `_` as `-`, no leading dot, at most 100 bytes. Its own extension
    /// is kept when it names an image a page shows (png, jpg, gif, webp, svg) and the content (the
    /// bytes, else `contentType`) is not another type; otherwise the content's extension is added
    /// (`png` when nothing tells).
    static func fileName(for url: String, contentType: String?, bytes: [UInt8] = []) -> String {
        let path = URLComponents(string: url)?.path ?? ""
        let last = path.split(separator: "/").last.map { String($0).removingPercentEncoding ?? String($0) } ?? ""
        var name = String(last.unicodeScalars.map { scalar -> Character in
            scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || "._-".unicodeScalars.contains(scalar)) ? Character(scalar) : "-"
        })
        while name.hasPrefix(".") { name.removeFirst() }
        if name.utf8.count > 100 { name = String(name.suffix(100)) }
        if name.isEmpty { name = "image" }
        let content = ImageContent.fileExtension(of: bytes) ?? contentType.flatMap(Self.fileExtension(ofType:))
        if let own = ImageContent.shownExtension(of: name), content == nil || content == own { return name }
        return name + "." + (content ?? "png")
    }

    /// The extension for a MIME type (`image/png`, `image/svg+xml; charset=utf-8`), if an image's.
    private static func fileExtension(ofType contentType: String) -> String? {
        extensions[contentType.lowercased().split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""]
    }

    private static let extensions = ["image/png": "png", "image/jpeg": "jpg", "image/gif": "gif", "image/webp": "webp", "image/svg+xml": "svg"]

    /// `name` in `folder` under `root`, created exclusively: `name`, then `name-2`... before the
    /// extension. Returns the path written, relative to `root`. Never replaces a file (`OwnFile`).
    static func save(_ bytes: [UInt8], named name: String, in folder: String, root: URL) throws -> String {
        let directory = root.appendingPathComponent(folder)
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw SyncError("\(directory.path): cannot create the folder for pulled images (\(ErrorText.clean(error)))")
        }
        let dot = name.lastIndex(of: ".") ?? name.endIndex
        for attempt in 1...1000 {
            let candidate = attempt == 1 ? name : String(name[..<dot]) + "-\(attempt)" + String(name[dot...])
            let path = folder + "/" + candidate
            if try OwnFile.create(root.appendingPathComponent(path).path, with: Data(bytes), what: "a pulled image") { return path }
        }
        throw SyncError("\(directory.path): 1000 files named like \(name) already; remove some")
    }
}

extension Puller {
    /// Downloads the images of `document` (the page's stored body, read for `file`) that are
    /// attachments of `page` into the `assets/` folder beside `file` under `root`, and points them
    /// there; the rest keep their URL, made writable (`RemoteImages.writable`).
    func saveImages(of document: Document, page: Page, file: String, root: URL) async throws -> (Document, RemoteImages) {
        var sources: [String] = []
        _ = document.rewritingInlines { inline in
            if case .image(let image, _) = inline, !sources.contains(image.source) { sources.append(image.source) }
            return inline
        }
        var images = RemoteImages()
        guard !sources.isEmpty else { return (document, images) }
        let attachments: [Attachment]
        do {
            attachments = try await client.attachments(ofPage: page.id)
        } catch let error as ProductiveAPIError where !error.isEnvironmentFailure {
            attachments = []
            for source in sources where source.lowercased().hasPrefix("http") {
                images.failures.append((RemoteImages.writable(source), "the page's attachments could not be listed (\(error.cause ?? error.description))"))
            }
        }
        var local: [String: String] = [:]
        let maxBytes = config.attachmentMaxMB << 20
        for source in sources {
            guard let attachment = attachments.first(where: { $0.isReferenced(by: source) }) else { continue }
            let bytes: [UInt8]
            do {
                bytes = try await client.download(attachment, maxBytes: maxBytes)
            } catch let error as ProductiveAPIError where !error.isEnvironmentFailure {
                let status = error.status.map { "HTTP \($0)" }
                images.failures.append((RemoteImages.writable(source), [status, error.cause].compactMap { $0 }.joined(separator: ": ")))
                continue
            }
            let name = RemoteImages.fileName(for: source, contentType: attachment.contentType, bytes: bytes)
            let path = try RemoteImages.save(bytes, named: name, in: RemoteImages.folder(beside: file), root: root)
            local[source] = path
            images.records[ContentHash.hex(bytes: bytes)] = Manifest.Attachment(id: attachment.id, url: RemoteImages.writable(source), path: path)
        }
        let rewritten = document.rewritingInlines { inline in
            guard case .image(var image, let marks) = inline else { return inline }
            image.source = local[image.source].map { RelativeLinks.relativePath(to: $0, from: file) } ?? RemoteImages.writable(image.source)
            return .image(image, marks)
        }
        return (rewritten, images)
    }
}
