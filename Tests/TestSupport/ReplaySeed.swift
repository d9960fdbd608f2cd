import Foundation

/// Randomness a failing run can replay: the seed comes from `PRODUCTIVE_DOCS_TEST_SEED` when it is
/// set, else it is drawn, and it is printed either way (and belongs in every failure message).
public struct ReplaySeed: RandomNumberGenerator {
    public static let variable = "PRODUCTIVE_DOCS_TEST_SEED"

    public let seed: UInt64
    private var state: UInt64

    /// - Parameter test: named in the printed line.
    public init(for test: String, environment: [String: String] = ProcessInfo.processInfo.environment) {
        seed = environment[Self.variable].flatMap { UInt64($0) } ?? UInt64.random(in: 1...UInt64(UInt32.max))
        state = seed
        print("\(test): seed \(seed) (replay with \(Self.variable)=\(seed))")
    }

    /// A fixed seed, for inputs that need variety but no replay switch.
    public init(fixed seed: UInt64) {
        self.seed = seed
        state = seed
    }

    /// `PRODUCTIVE_DOCS_TEST_SEED=…`, for failure messages.
    public var replay: String { "\(Self.variable)=\(seed)" }

    /// SplitMix64: the same sequence for the same seed, on every machine.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
