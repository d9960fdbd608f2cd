import Foundation
import ProductiveAPI
import ProductiveWire

/// Planning `sharing:`: every member resolved before anything is written (one that does not
/// resolve is a configuration error), then each page's memberships decided (`SharingDecision`).
extension Publisher {
    /// The configured members and the ids they resolved to.
    struct ResolvedSharing: Sendable {
        var config: SharingConfig
        var subjects: [SharingConfig.Member: MembershipSubject]
    }

    /// The members of `sharing:` resolved; nil without it. A folder that is not one of the docs, or a
    /// member that does not resolve (unknown, ambiguous, deactivated), is a `SyncError` naming all of them.
    func resolveSharing() async throws -> ResolvedSharing? {
        guard let sharing = settings.config.sharing else { return nil }
        let keys = Set(workspace.pages.map(\.key))
        let missing = sharing.folders.keys.filter { !keys.contains($0) }.sorted()
        if !missing.isEmpty {
            throw SyncError("\(DocsConfig.fileName): `sharing.folders` names \(missing.map { "`\(Printable.escaped($0))`" }.joined(separator: ", ")), not a folder of the docs")
        }
        let directory = MemberDirectory(client: client)
        var subjects: [SharingConfig.Member: MembershipSubject] = [:]
        var problems: [String] = []
        for member in sharing.members.sorted() {
            switch try await directory.subject(member) {
            case .found(let subject): subjects[member] = subject
            case .problem(let problem): problems.append(problem)
            }
        }
        if !problems.isEmpty {
            throw SyncError("\(DocsConfig.fileName): `sharing` names who cannot be given access (nothing was written): " + problems.map(Printable.escaped).joined(separator: "; "))
        }
        return ResolvedSharing(config: sharing, subjects: subjects)
    }

    /// The membership changes of each page `sharing:` gives grants to, or that holds grants this
    /// tool gave it, decided on the plan's pages: a page the run creates gets every grant; a page not
    /// in this tree is never touched.
    func planSharing(_ resolved: ResolvedSharing?, manifest: Manifest, plan: Plan) async throws -> [SharingPlanItem] {
        guard let resolved else { return [] }
        let parents = Dictionary(workspace.pages.map { ($0.key, $0.parentKey) }) { first, _ in first }
        var targets = SharingInheritance.assumed.grants(resolved.config.scopes, parents: parents)
        // A page whose grants were all taken out of `sharing:` loses the ones this tool gave it.
        for (key, entry) in manifest.pages where !entry.memberships.isEmpty && targets[key] == nil { targets[key] = [] }
        let sharingDecision = SharingDecision(tokenOwner: await tokenOwner.id(client), pruneSharing: settings.pruneSharing)
        let items = Dictionary(plan.items.map { ($0.key, $0) }) { first, _ in first }
        var planned: [SharingPlanItem] = []
        for (key, grants) in targets.sorted(by: { $0.key < $1.key }) {
            guard let item = items[key], !item.actions.contains(.foreign) else { continue }
            let created = item.actions.contains(.create) || item.actions.contains(.missingRemotely)
            let id: String?
            if created {
                id = nil
            } else if let existing = item.pageID, plan.remote.pages[existing] != nil {
                id = existing
            } else {
                continue
            }
            var remote: [Membership]?
            if let id { remote = try await client.memberships(of: id).filter { ($0.pageID ?? id) == id } }
            let wanted = grants.compactMap { grant in
                resolved.subjects[grant.member].map { SharingDecision.Wanted(subject: $0, member: grant.member.label, access: grant.access) }
            }
            planned.append(sharingDecision.decide(key: key, pageID: id, wanted: wanted, remote: remote, recorded: manifest.pages[key]?.memberships ?? [:]))
        }
        return planned
    }
}
