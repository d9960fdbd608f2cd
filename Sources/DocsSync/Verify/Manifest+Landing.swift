/// How the manifest records what a body write landed as, in the entry's `hash`:
///
/// - the payload's SHA-256: the page holds what was sent (or the answer could not be checked);
/// - `landed:` and the SHA-256 of the canonical form of what the page held after the write (as the
///   write's answer carried it, `LandingDifference.landedHash`): it did not land as sent. It never
///   equals a payload's hash, so the next plan shows the page as `update` (saying why) and the next
///   publish sends the file again;
/// - the payload's hash, a space, and `landed:` with the landed hash: it landed in a form Productive
///   insists on (`WriteVerification.accepted`). The payload part is what plan compares, so the page
///   is `unchanged` until the file changes.
///
/// No new field: a manifest written this way reads the same in older versions of the tool, which
/// simply send the file again.
extension Manifest.Entry {
    static let landedPrefix = "landed:"
    static let acceptedSeparator = " " + landedPrefix

    /// True when the last body write did not land as sent (see `WriteVerification`).
    public var lastWriteDidNotLand: Bool { hash.hasPrefix(Self.landedPrefix) }

    /// The hash of the payload the page holds as sent (or in a form accepted), nil when the last
    /// write did not land: what a payload's hash is compared with to decide whether to send it.
    public var sentHash: String? {
        if lastWriteDidNotLand { return nil }
        guard let separator = hash.range(of: Self.acceptedSeparator) else { return hash }
        return String(hash[..<separator.lowerBound])
    }

    /// The hash of the canonical form the page was left in, when it is not what was sent.
    public var landedHash: String? {
        guard let prefix = hash.range(of: Self.landedPrefix) else { return nil }
        return String(hash[prefix.upperBound...])
    }

    /// Records what a body write of the payload hashed `sentHash` did.
    mutating func record(_ verification: WriteVerification, sentHash: String) {
        switch verification {
        case .verified, .notVerified: hash = sentHash
        case .differs(let difference): hash = Self.landedPrefix + difference.landedHash
        case .accepted(let difference): hash = sentHash + Self.acceptedSeparator + difference.landedHash
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
        case .accepted: self = .accepted
        }
    }
}
