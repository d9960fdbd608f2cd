import CCmarkGFM
import Foundation

/// What every user of cmark-gfm in one process must share: the extensions registered once, and
/// one lock around cmark's inline parsing.
///
/// cmark-gfm 0.29 keeps one global table of the characters its inline extensions (`~`, autolinks)
/// react to, and every parse adds them when its inline parsing starts and removes them when it
/// ends: two parses interleaved there would miss each other's strikethroughs and autolinks. The
/// reader (`SourceReading.MarkdownParser`) and the sandbox's payload reader may parse at the same
/// time in one process (the tests run both), so they take this one lock.
public enum CMarkGFMProcess {
    private static let lock = NSLock()

    /// cmark-gfm's extension registration is not thread-safe: done once, before any parse.
    public static let extensionsRegistered: Bool = {
        cmark_gfm_core_extensions_ensure_registered()
        return true
    }()

    /// Runs `body` (cmark's inline parsing: finish, or a block's inlines) under the process-wide lock.
    public static func withParseLock<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }
}
