import Crypto
import Foundation
import Synchronization

/// An attachment as the sandbox keeps it.
struct StoredAttachment: Codable, Sendable, Equatable {
    var id: Int
    var organizationID: String
    var pageID: Int
    var name: String
    var contentType: String
    var size: Int
    /// `inline` or `attachment`.
    var attachmentType: String
    /// The object key its upload policy allows (step 2).
    var key: String
    /// The final address (step 3); nil until then.
    var url: String?
    var createdAt: String
}

/// The attachments of the sandbox and the file store's objects (uploaded bytes by key), under one
/// lock. With a data file, the records are saved beside it (`DATA.attachments.json`) and each
/// object in a folder (`DATA.files/`, named by the SHA-256 of its key).
final class AttachmentStore: Sendable {
    private struct Records: Codable {
        var nextID = 7001
        var attachments: [StoredAttachment] = []
        /// Keys of the objects in the file store.
        var objectKeys: [String] = []
    }

    private struct State {
        var records: Records
        var objects: [String: [UInt8]]
    }

    private let state: Mutex<State>
    private let recordsFile: String?
    private let objectsFolder: String?

    init(dataFile: String?) throws {
        recordsFile = dataFile.map { $0 + ".attachments.json" }
        objectsFolder = dataFile.map { $0 + ".files" }
        var records = Records()
        var objects: [String: [UInt8]] = [:]
        if let recordsFile, let objectsFolder {
            do {
                records = try JSONDataFile.load(Records.self, from: recordsFile) ?? records
                for key in records.objectKeys {
                    objects[key] = try [UInt8](Data(contentsOf: URL(fileURLWithPath: objectsFolder + "/" + Self.fileName(key))))
                }
            } catch {
                throw SandboxStartError("\(recordsFile): not a sandbox attachments file, or an object of it is missing (\(error))")
            }
        }
        state = Mutex(State(records: records, objects: objects))
    }

    // MARK: Records

    func create(organization: String, pageID: Int, name: String, contentType: String, size: Int, attachmentType: String) -> StoredAttachment {
        change { state in
            let id = state.records.nextID
            state.records.nextID += 1
            let key = "temp/\(UUID().uuidString.lowercased())/\(name)"
            let attachment = StoredAttachment(
                id: id, organizationID: organization, pageID: pageID, name: name, contentType: contentType, size: size,
                attachmentType: attachmentType, key: key, url: nil, createdAt: ISO8601DateFormatter().string(from: Date())
            )
            state.records.attachments.append(attachment)
            return attachment
        }
    }

    func attachment(_ id: Int, organization: String) throws(SandboxError) -> StoredAttachment {
        guard let found = state.withLock({ $0.records.attachments.first { $0.id == id && $0.organizationID == organization } }) else {
            throw SandboxError(status: 404, title: "Not found", detail: "attachment \(id) does not exist")
        }
        return found
    }

    /// An attachment of any organization (the file urls are behind the page views' token, which is not per organization).
    func find(_ id: Int) -> StoredAttachment? {
        state.withLock { $0.records.attachments.first { $0.id == id } }
    }

    func attachments(organization: String) -> [StoredAttachment] {
        state.withLock { $0.records.attachments.filter { $0.organizationID == organization } }
    }

    /// Step 3: the attachment's object is in the store under its key: it gets its url.
    func finish(_ id: Int, organization: String, url: (StoredAttachment) -> String) throws(SandboxError) -> StoredAttachment {
        try change { state throws(SandboxError) in
            guard let index = state.records.attachments.firstIndex(where: { $0.id == id && $0.organizationID == organization }) else {
                throw SandboxError(status: 404, title: "Not found", detail: "attachment \(id) does not exist")
            }
            let attachment = state.records.attachments[index]
            guard state.objects[attachment.key] != nil else {
                throw SandboxError.invalid("temp_url: nothing was uploaded under this attachment's key", pointer: "/data/attributes/temp_url")
            }
            // Finishing again keeps the url it has (PATCH is idempotent).
            if attachment.url == nil { state.records.attachments[index].url = url(attachment) }
            return state.records.attachments[index]
        }
    }

    /// Deletes an attachment and its object.
    func delete(_ id: Int, organization: String) throws(SandboxError) {
        let key = try change { state throws(SandboxError) in
            guard let index = state.records.attachments.firstIndex(where: { $0.id == id && $0.organizationID == organization }) else {
                throw SandboxError(status: 404, title: "Not found", detail: "attachment \(id) does not exist")
            }
            let key = state.records.attachments.remove(at: index).key
            state.objects[key] = nil
            state.records.objectKeys.removeAll { $0 == key }
            return key
        }
        if let objectsFolder { try? FileManager.default.removeItem(atPath: objectsFolder + "/" + Self.fileName(key)) }
    }

    // MARK: Objects

    /// Stores an uploaded object (step 2); a second upload under the same key replaces it, as in S3.
    func put(key: String, bytes: [UInt8]) {
        if let objectsFolder {
            try? FileManager.default.createDirectory(atPath: objectsFolder, withIntermediateDirectories: true)
            try? Data(bytes).write(to: URL(fileURLWithPath: objectsFolder + "/" + Self.fileName(key)), options: .atomic)
        }
        change { state in
            state.objects[key] = bytes
            if !state.records.objectKeys.contains(key) { state.records.objectKeys.append(key) }
        }
    }

    /// The bytes of a finished attachment, for its url.
    func bytes(of attachment: StoredAttachment) -> [UInt8]? {
        state.withLock { $0.objects[attachment.key] }
    }

    // MARK: Saving

    /// Runs a change under the lock, then saves the records.
    private func change<T, Failure: Error>(_ body: (inout State) throws(Failure) -> T) throws(Failure) -> T {
        let (result, snapshot) = try state.withLock { state throws(Failure) in
            let result = try body(&state)
            return (result, recordsFile == nil ? nil : state.records)
        }
        if let recordsFile, let snapshot { JSONDataFile.save(snapshot, to: recordsFile) }
        return result
    }

    private static func fileName(_ key: String) -> String {
        SHA256.hash(data: Data(key.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
