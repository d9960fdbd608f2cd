import Foundation
import ProductiveFormat
import SourceReading

/// A local file that pages of the folder show or link to, read once per run: what is uploaded,
/// and the content hash the manifest records its attachment under.
public struct LocalAttachment: Sendable, Equatable {
    /// Relative to the docs folder (`img/diagram.png`).
    public let path: String
    /// SHA-256 of the bytes, lowercase hex.
    public let hash: String
    public let size: Int
    public let contentType: String

    /// The file name an attachment is given.
    public var name: String { lastComponent(of: path) }
    /// SVG is sent as a file attachment, never as an image inlined into the body.
    public var isInline: Bool { AttachmentKind.kind(ofFile: path)?.isInlineImage ?? false }

    /// Reads the file at `path` (relative to `root`) and hashes it.
    static func read(_ path: String, root: URL) throws -> (LocalAttachment, [UInt8]) {
        let bytes: [UInt8]
        do {
            bytes = try SourceFile.bytes(atPath: root.appendingPathComponent(path).path)
        } catch {
            throw SyncError("\(path): cannot read this file (\(error.reason))")
        }
        let file = LocalAttachment(path: path, hash: ContentHash.hex(bytes: bytes), size: bytes.count, contentType: AttachmentType.contentType(of: path))
        return (file, bytes)
    }
}

extension Workspace {
    /// The local files the pages refer to, each read and hashed once, by path.
    static func readAttachments(of mapped: [MappedDocument], root: URL) throws -> [String: LocalAttachment] {
        var files: [String: LocalAttachment] = [:]
        for site in mapped.flatMap(\.attachmentSites) where files[site.path] == nil {
            files[site.path] = try LocalAttachment.read(site.path, root: root).0
        }
        return files
    }
}
