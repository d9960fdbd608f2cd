import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A lock per page on this machine (`flock` on a file in the temporary folder), so that two runs
/// started together (e.g. two `append --once KEY` from overlapping cron jobs) check and write one
/// after the other. It does nothing across machines: two machines can still both find the key
/// missing and both append (see docs/failures.md).
public final class PageLock: Sendable {
    private let descriptor: Int32

    private init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    /// Takes the lock of page `pageID` at `baseURL` (organization `organizationID`), waiting at most `timeout`.
    /// - Throws: `PageLockError` when the lock file cannot be opened or the wait runs out.
    public static func acquire(pageID: String, baseURL: String, organizationID: String, timeout: Duration = .seconds(120)) async throws -> PageLock {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("productive-docs-locks", isDirectory: true)
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let name = "\(stableHash("\(baseURL)|\(organizationID)"))-page-\(pageID.filter { $0.isNumber || $0.isLetter }).lock"
        let path = folder.appendingPathComponent(name).path
        // Never through a link: the folder is shared by every user of the machine.
        let descriptor = open(path, O_CREAT | O_RDWR | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else { throw ProductiveAPIError.locked("cannot open the page lock \(path) (errno \(errno))") }
        let deadline = ContinuousClock.now + timeout
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            guard ContinuousClock.now < deadline else {
                close(descriptor)
                throw ProductiveAPIError.locked("another run holds the lock of page \(pageID) (\(path)) for longer than \(Seconds.text(timeout))")
            }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return PageLock(descriptor: descriptor)
    }

    /// Gives the lock back (also done when the process ends).
    public func release() {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }

    /// FNV-1a, stable across runs (Swift's `hashValue` is not).
    private static func stableHash(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x100_0000_01b3
        }
        return String(hash, radix: 16)
    }
}
