import Foundation

/// Whether the subpages of a doc get the doc's memberships. Productive does not document it; this
/// type holds the guess, and is the one place that would change if `doctor --probe-sharing` finds
/// otherwise.
public enum SharingInheritance: String, Sendable, Equatable {
    /// A page's memberships hold for every page under it: the doc's grants go on the top page,
    /// a folder's on the folder's page.
    case inherited
    /// Each page has only its own memberships: every page gets the grants of the doc and of each
    /// folder it is in.
    case perPage = "per-page"

    /// What the tool assumes until a probe says otherwise.
    public static let assumed = SharingInheritance.inherited

    /// The grants each page gets, by manifest key: from the configuration's scopes (`.` and folder
    /// keys) and the parent of each page (`parents[key]`, nil for the top page). With several grants
    /// for one member on one page, the widest access wins.
    public func grants(_ scopes: [String: [SharingConfig.Grant]], parents: [String: String?]) -> [String: [SharingConfig.Grant]] {
        switch self {
        case .inherited:
            return scopes
        case .perPage:
            var result: [String: [SharingConfig.Grant]] = [:]
            for key in parents.keys {
                var widest: [SharingConfig.Member: SharingConfig.Grant] = [:]
                var current: String? = key
                var seen: Set<String> = []
                while let at = current, seen.insert(at).inserted {
                    for grant in scopes[at] ?? [] where widest[grant.member].map({ !$0.access.includes(grant.access) }) ?? true {
                        widest[grant.member] = grant
                    }
                    current = parents[at] ?? nil
                }
                if !widest.isEmpty { result[key] = widest.values.sorted { $0.member < $1.member } }
            }
            return result
        }
    }
}
