import Foundation

/// One change to the manifest: what the journal records.
extension Manifest {
    /// Applies one change in memory (the store also journals it).
    mutating func apply(_ change: ManifestChange) {
        switch change {
        case .page(let key, let entry): pages[key] = entry
        case .pending(let key, let intent): pending[key] = intent
        case .target(let project, let root):
            projectID = project
            rootPageID = root
        }
    }
}

enum ManifestChange: Sendable {
    case page(String, Manifest.Entry?)
    case pending(String, Manifest.Intent?)
    case target(projectID: String?, rootPageID: String?)

    /// An intent set: it must be on disk before the create it announces is sent. (The line that
    /// clears it holds the page's record; lost with the power, the intent proves the page again.)
    var ordersARequest: Bool {
        if case .pending(_, .some) = self { return true }
        return false
    }
}

/// The manifest of a run. Every change is on disk before `apply` returns, as one line appended to
/// a journal beside the manifest (`.NAME.journal`): a page costs one short append, not a rewrite
/// of the whole file, so 10,000 pages write megabytes, not gigabytes. Changes that arrive while an
/// append is under way are written together by the next one (group commit). `compact()` folds the
/// journal into the manifest (atomically, temp file + rename) at the end of a run, and whenever
/// the journal grows past twice the size of the manifest (and 1,000 lines), which bounds both.
actor ManifestStore {
    private(set) var manifest: Manifest
    let path: String
    let journalPath: String
    private var queued: [String] = []
    /// The queued lines set an intent: flushed to disk before `apply` returns.
    private var queuedNeedsSync = false
    private var changes = 0
    private var written = 0
    private var writing = false
    private var waiting: [CheckedContinuation<Void, Never>] = []
    private var failure: (any Error)?
    private var journalLines = 0
    private var lastCompactedSize = 0
    /// How many times the whole manifest was written (tests check that this stays bounded).
    private(set) var compactions = 0

    /// The journal beside a manifest.
    static func journalPath(for path: String) -> String {
        let url = URL(fileURLWithPath: path)
        return url.deletingLastPathComponent().appendingPathComponent(Manifest.hiddenName(url.lastPathComponent) + ".journal").path
    }

    init(_ manifest: Manifest, path: String) {
        self.manifest = manifest
        self.path = path
        self.journalPath = Self.journalPath(for: path)
        self.lastCompactedSize = manifest.pages.count
    }

    /// The manifest's target (project, root page) when the file does not record it yet: written
    /// with the first change (`recordTargetWithFirstChange`).
    private var unwrittenTarget: ManifestChange?

    /// Records the in-memory manifest's target with the first change instead of at once: a run
    /// that fails before it changes anything (Productive unreachable) writes no manifest at all.
    func recordTargetWithFirstChange() {
        unwrittenTarget = .target(projectID: manifest.projectID, rootPageID: manifest.rootPageID)
    }

    /// Applies `changes` and returns once they are on disk. No change writes nothing: a run that
    /// stopped before it changed anything (Productive unreachable) leaves no journal behind.
    func apply(_ changes: [ManifestChange]) async throws {
        guard !changes.isEmpty else { return }
        var changes = changes
        if let target = unwrittenTarget {
            changes.insert(target, at: 0)
            unwrittenTarget = nil
        }
        for change in changes { manifest.apply(change) }
        queued.append(Self.line(changes))
        if changes.contains(where: \.ordersARequest) { queuedNeedsSync = true }
        self.changes += 1
        let mine = self.changes
        while written < mine {
            if let failure { throw failure }
            if writing {
                await withCheckedContinuation { waiting.append($0) }
                continue
            }
            writing = true
            let batch = queued
            let sync = queuedNeedsSync
            queued = []
            queuedNeedsSync = false
            let upTo = self.changes
            let journalPath = journalPath
            do {
                try await Task.detached { try Self.append(batch, to: journalPath, sync: sync) }.value
                written = upTo
                journalLines += batch.count
                if journalLines > max(1000, 2 * lastCompactedSize) { try await compactNow() }
            } catch {
                failure = error
            }
            writing = false
            let resumed = waiting
            waiting = []
            for continuation in resumed { continuation.resume() }
        }
        if let failure { throw failure }
    }

    /// Convenience for one page change.
    func set(_ key: String, _ entry: Manifest.Entry?) async throws {
        try await apply([.page(key, entry)])
    }

    /// Replaces the whole manifest (a re-keyed or reconciled one) and writes it at once.
    func replace(_ manifest: Manifest) async throws {
        self.manifest = manifest
        queued = []
        try await compactNow()
    }

    /// Writes the whole manifest and removes the journal, when something changed since the last time.
    func compact() async throws {
        if let failure { throw failure }
        guard journalLines > 0 || FileManager.default.fileExists(atPath: journalPath) else { return }
        try await compactNow()
    }

    private func compactNow() async throws {
        unwrittenTarget = nil
        let snapshot = manifest
        let path = path
        let journalPath = journalPath
        try await Task.detached {
            try snapshot.write(to: path)
            try? FileManager.default.removeItem(atPath: journalPath)
        }.value
        journalLines = 0
        lastCompactedSize = snapshot.pages.count
        compactions += 1
    }

    /// The changes of one `apply` as one journal line, so that they land or are lost together: a
    /// page's record and the end of the intent that made it are never torn apart.
    private static func line(_ changes: [ManifestChange]) -> String {
        var pages: [(String, String)] = []
        var pending: [(String, String)] = []
        var fields: [(String, String)] = []
        for change in changes {
            switch change {
            case .page(let key, let entry):
                pages.removeAll { $0.0 == key }
                pages.append((key, entry.map { Manifest.inline(Manifest.entry($0)) } ?? "null"))
            case .pending(let key, let intent):
                pending.removeAll { $0.0 == key }
                pending.append((key, intent.map { Manifest.inline(Manifest.intent($0)) } ?? "null"))
            case .target(let project, let root):
                fields.removeAll { $0.0 == "target" }
                fields.append(("target", "{\"project_id\" : \(project.map(Manifest.string) ?? "null"), \"root_page_id\" : \(root.map(Manifest.string) ?? "null")}"))
            }
        }
        if !pages.isEmpty { fields.append(("pages", Manifest.inline(pages))) }
        if !pending.isEmpty { fields.append(("pending", Manifest.inline(pending))) }
        return Manifest.inline(fields)
    }

    /// Appends whole lines. The file is first cut back to its last whole line (a line torn by a
    /// kill or a full disk), and a write that fails part way is cut back too, so a line is never
    /// glued to a torn one; with `sync`, the lines are on disk before this returns.
    private static func append(_ lines: [String], to path: String, sync: Bool) throws {
        let descriptor = try OwnFile.open(path, O_RDWR | O_CREAT, what: "the manifest journal")
        defer { close(descriptor) }
        let start = try wholeLinesEnd(descriptor, path: path)
        let bytes = Array((lines.joined(separator: "\n") + "\n").utf8)
        do {
            guard lseek(descriptor, start, SEEK_SET) == start else { throw SyncError("\(path): cannot write the manifest journal (seek failed)") }
            try OwnFile.writeAll(descriptor, bytes, path: path, what: "the manifest journal")
            if sync, fsync(descriptor) != 0 {
                throw SyncError("\(path): cannot write the manifest journal (\(String(cString: strerror(errno))))")
            }
        } catch {
            _ = ftruncate(descriptor, start)
            throw error
        }
    }

    /// The length of the journal up to the end of its last whole line; anything after it is cut.
    private static func wholeLinesEnd(_ descriptor: Int32, path: String) throws -> off_t {
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw SyncError("\(path): cannot read the manifest journal") }
        var end = status.st_size
        var chunk = [UInt8](repeating: 0, count: 4096)
        while end > 0 {
            let from = max(0, end - off_t(chunk.count))
            let count = chunk.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, Int(end - from), from) }
            guard count == Int(end - from) else { throw SyncError("\(path): cannot read the manifest journal") }
            if let last = chunk[..<count].lastIndex(of: UInt8(ascii: "\n")) {
                end = from + off_t(last) + 1
                break
            }
            end = from
        }
        if end != status.st_size { _ = ftruncate(descriptor, end) }
        return end
    }

    /// Removes temporary manifest files left by killed runs (`.NAME.PID.tmp` beside the manifest).
    /// Called with the folder's publish lock held, so no live run owns one.
    static func removeStaleTemporaryFiles(beside path: String) {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent()
        let prefix = Manifest.hiddenName(url.lastPathComponent) + "."
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return }
        for name in names where name.hasPrefix(prefix) && name.hasSuffix(".tmp") {
            // Files and links only (unlink never follows one); a folder of that name is left alone.
            _ = unlink(folder.appendingPathComponent(name).path)
        }
    }
}
