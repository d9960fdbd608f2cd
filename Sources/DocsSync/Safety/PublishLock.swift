import Foundation

/// One publish per folder at a time: an exclusive `flock` on `.NAME.lock` beside the manifest.
///
/// The kernel releases the lock when its process dies, so a lock left by a killed run (kill -9,
/// a cancelled CI job) is taken over at once and safely: there is no pid file to judge. The file
/// holds who took the lock (pid, host, time), for the message a waiting run prints. A second run
/// waits up to `timeout`, then fails with that message.
public final class PublishLock: @unchecked Sendable {
    private let descriptor: Int32
    private let path: String
    private var released = false

    /// The lock file beside a manifest.
    public static func path(for manifestPath: String) -> String {
        let url = URL(fileURLWithPath: manifestPath)
        return url.deletingLastPathComponent().appendingPathComponent(Manifest.hiddenName(url.lastPathComponent) + ".lock").path
    }

    private init(descriptor: Int32, path: String) {
        self.descriptor = descriptor
        self.path = path
    }

    /// Takes the lock of the folder whose manifest is `manifestPath`, waiting up to `timeout`;
    /// `waiting` is told once, when another run holds it, who that is and how long this one waits.
    public static func acquire(manifestPath: String, timeout: Duration, waiting: (String) -> Void = { _ in }) async throws -> PublishLock {
        let path = path(for: manifestPath)
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        var told = false
        while true {
            let descriptor = try OwnFile.open(path, O_RDWR | O_CREAT, what: "the publish lock")
            if flock(descriptor, LOCK_EX | LOCK_NB) == 0 {
                // The file may have been removed by the run that just released it: lock the live one.
                var opened = stat()
                var current = stat()
                if fstat(descriptor, &opened) == 0, stat(path, &current) == 0, opened.st_ino == current.st_ino, opened.st_dev == current.st_dev {
                    let lock = PublishLock(descriptor: descriptor, path: path)
                    lock.recordHolder()
                    ManifestStore.removeStaleTemporaryFiles(beside: manifestPath)
                    return lock
                }
                close(descriptor)
                continue
            }
            let holder = ((try? OwnFile.read(path, what: "the publish lock")) ?? nil).map { String(decoding: $0.prefix(512), as: UTF8.self) }?
                .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            close(descriptor)
            let who = holder.isEmpty ? "another run" : Printable.escaped(holder)
            if !told, timeout > .zero {
                waiting("another publish of this folder is running (\(who)): waiting up to \(Self.seconds(timeout)) s for it")
                told = true
            }
            if clock.now >= deadline {
                throw SyncError("another publish of this folder is running (\(who)); waited \(Self.seconds(timeout)) s for it. Try again when it ends, or wait longer with PRODUCTIVE_DOCS_LOCK_TIMEOUT=SECONDS")
            }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    private func recordHolder() {
        let host = ProcessInfo.processInfo.hostName
        let text = "pid \(getpid()) on \(host) since \(ISO8601DateFormatter().string(from: Date()))\n"
        _ = ftruncate(descriptor, 0)
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
    }

    /// Removes the lock file and releases the lock. Safe to call twice.
    public func release() {
        guard !released else { return }
        released = true
        unlink(path)
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }

    deinit { release() }

    /// `0.5`, `60`: a duration in seconds as the environment variable takes it.
    private static func seconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let tenths = attoseconds / 100_000_000_000_000_000
        return tenths == 0 ? "\(seconds)" : "\(seconds).\(tenths)"
    }
}
