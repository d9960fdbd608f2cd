import Synchronization

/// The random faults (`errorRate`, `dropRate`) drawn from a seeded sequence, so that a run that
/// failed can be replayed: the same seed gives the same sequence of draws (SplitMix64).
final class FaultDice: Sendable {
    /// The seed of this run (printed by `sandbox` when a rate is set; `--fault-seed` replays it).
    let seed: UInt64
    private let state: Mutex<UInt64>

    /// - Parameter seed: nil draws one.
    init(seed: UInt64?) {
        let seed = seed ?? UInt64.random(in: 1...UInt64(UInt32.max))
        self.seed = seed
        state = Mutex(seed)
    }

    /// True with probability `rate` (0...1); draws nothing when `rate` is 0.
    func roll(_ rate: Double) -> Bool {
        guard rate > 0 else { return false }
        let value = state.withLock { state -> UInt64 in
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        return Double(value >> 11) / Double(1 << 53) < rate
    }
}
