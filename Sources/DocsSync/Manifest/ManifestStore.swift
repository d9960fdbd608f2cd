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

    /// Applies `changes` and returns once they are on disk.
    func apply(_ changes: [ManifestChange]) async throws {
        for change in changes {
            manifest.apply(change)
            queued.append(Self.line(change))
        }
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
            queued = []
            let upTo = self.changes
            let journalPath = journalPath
            do {
                try await Task.detached { try Self.append(batch, to: journalPath) }.value
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

    private static func line(_ change: ManifestChange) -> String {
        switch change {
        case .page(let key, let entry):
            return "{\"pages\" : {\(Manifest.string(key)) : \(entry.map { Manifest.inline(Manifest.entry($0)) } ?? "null")}}"
        case .pending(let key, let intent):
            return "{\"pending\" : {\(Manifest.string(key)) : \(intent.map { Manifest.inline(Manifest.intent($0)) } ?? "null")}}"
        case .target(let project, let root):
            return "{\"target\" : {\"project_id\" : \(project.map(Manifest.string) ?? "null"), \"root_page_id\" : \(root.map(Manifest.string) ?? "null")}}"
        }
    }

    private static func append(_ lines: [String], to path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw ConfigError("\(path): cannot write the manifest journal (\(String(cString: strerror(errno))))")
        }
        defer { close(descriptor) }
        let bytes = Array((lines.joined(separator: "\n") + "\n").utf8)
        var offset = 0
        while offset < bytes.count {
            let count = bytes[offset...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw ConfigError("\(path): cannot write the manifest journal (\(String(cString: strerror(errno))))")
            }
            offset += count
        }
    }

    /// Removes temporary manifest files left by killed runs (`.NAME.PID.tmp` beside the manifest).
    /// Called with the folder's publish lock held, so no live run owns one.
    static func removeStaleTemporaryFiles(beside path: String) {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent()
        let prefix = Manifest.hiddenName(url.lastPathComponent) + "."
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return }
        for name in names where name.hasPrefix(prefix) && name.hasSuffix(".tmp") {
            try? FileManager.default.removeItem(at: folder.appendingPathComponent(name))
        }
    }
}
