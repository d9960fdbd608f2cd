import Synchronization

/// The time the sandbox's rate-limit windows are measured in: the machine's continuous clock, or a
/// manual one that only moves when told (`advance(by:)`), so that a test can cross a 30-minute
/// window without waiting for it.
public final class SandboxClock: Sendable {
    private let base = ContinuousClock.now
    /// nil: real time; else the time passed since `base`, as set by `advance(by:)`.
    private let manualOffset: Mutex<Duration?>

    private init(manual: Bool) {
        manualOffset = Mutex(manual ? .zero : nil)
    }

    /// Real time.
    public static var continuous: SandboxClock { SandboxClock(manual: false) }

    /// A clock that stands still until `advance(by:)`.
    public static func manual() -> SandboxClock { SandboxClock(manual: true) }

    /// Now, on this clock.
    public var now: ContinuousClock.Instant {
        manualOffset.withLock { offset in offset.map { base + $0 } ?? .now }
    }

    /// Moves a manual clock forward (a continuous clock ignores it).
    public func advance(by duration: Duration) {
        manualOffset.withLock { offset in offset = offset.map { $0 + duration } }
    }
}
