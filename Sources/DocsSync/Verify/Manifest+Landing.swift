/// How the manifest records a body write that did not land as sent.
///
/// The entry's `hash` becomes `landed:` followed by the SHA-256 of the body the page held after the
/// write (as the write's answer carried it). It can never equal a payload's hash, so the next plan
/// shows the page as `update` (saying why) instead of `unchanged`, and the next publish sends the
/// file again. No new field: a manifest written this way reads the same in older versions of the
/// tool, which simply send the file again.
extension Manifest.Entry {
    static let landedPrefix = "landed:"

    /// True when the last body write did not land as sent (see `WriteVerification`).
    public var lastWriteDidNotLand: Bool { hash.hasPrefix(Self.landedPrefix) }

    /// Records what a body write of the payload hashed `sentHash` did: its hash when it landed (or
    /// could not be checked), the landed body's hash otherwise.
    mutating func record(_ verification: WriteVerification, sentHash: String) {
        if case .differs(let difference) = verification {
            hash = Self.landedPrefix + difference.bodyHash
        } else {
            hash = sentHash
        }
    }
}

extension PageResult.Verification {
    /// The verification of a write, as a report shows it.
    init(_ verification: WriteVerification) {
        switch verification {
        case .verified: self = .verified
        case .notVerified: self = .notVerified
        case .differs: self = .differs
        }
    }
}
