import Foundation
import ProductiveAPI
import ProductiveFormat

/// Planning mentions (`mentions: true`): every address written `[@Name](mailto:..)` looked up once
/// (the manifest's cache first), the ones that are not exactly one active user reported at their
/// line, and per page who this run notifies: the users its new body mentions that its last one did not.
extension Publisher {
    /// What the look-ups found.
    struct ResolvedMentions: Sendable {
        /// Address → person id, for every address that resolved.
        var ids: [String: String] = [:]
        /// Address → name, for the addresses looked up in this run (cached ones have none).
        var names: [String: String] = [:]
        var findings: [PlanFinding] = []
    }

    /// Looks up the addresses the pages mention and gives them to the renderer; nil when no page
    /// mentions anyone, or with `--no-notify` (then the links stay links).
    func resolveMentions(_ manifest: Manifest) async throws -> ResolvedMentions? {
        guard settings.notify else { return nil }
        var uses: [String: [SourcePage]] = [:]
        for page in workspace.pages where renderer.mentionsEnabled(page) {
            for address in page.mapped?.document?.userMentionAddresses ?? [] { uses[address, default: []].append(page) }
        }
        guard !uses.isEmpty else { return nil }
        let cache = manifest.mentionCache
        let directory = MemberDirectory(client: client)
        var resolved = ResolvedMentions()
        for address in uses.keys.sorted() {
            if let id = cache[address] {
                resolved.ids[address] = id
                continue
            }
            switch try await directory.person(email: address) {
            case .found(let person):
                resolved.ids[address] = person.id
                resolved.names[address] = person.name
            case .problem(let problem):
                for page in uses[address] ?? [] {
                    guard let file = page.file else { continue }
                    // Through the folder's lint settings: `lint.rules: {PD912: off}` silences it.
                    var findings = FindingCollector(policy: settings.config.lint.policy)
                    findings.report(SyncRules.unresolvedMention, at: Self.line(of: address, in: page), "`mailto:\(address)`: \(problem); it stays a mailto link")
                    resolved.findings += findings.findings.map { PlanFinding(path: file, finding: $0) }
                }
            }
        }
        renderer.mentions.set(resolved.ids)
        return resolved
    }

    /// The plan's mention part: per page, who its body mentions, and who this run notifies (pages
    /// whose body is written, people their last body did not mention).
    func planMentions(_ resolved: ResolvedMentions?, manifest: Manifest, plan: inout Plan) {
        guard let resolved else { return }
        plan.findings += resolved.findings
        let written: Set<PlanAction> = [.create, .adopt, .update, .missingRemotely]
        for item in plan.items where !written.isDisjoint(with: item.actions) {
            guard let page = workspace.page(item.key) else { continue }
            let mentioned = renderer.mentioned(in: page)
            plan.mentioned[item.key] = mentioned
            let before = Set(manifest.pages[item.key]?.mentions.values.map { $0 } ?? [])
            let newly = mentioned.filter { !before.contains($0.value) }.sorted { $0.key < $1.key }
            if !newly.isEmpty {
                plan.notifications[item.key] = newly.map { address, id in resolved.names[address].map { "\($0) <\(address)>" } ?? "\(address) (person \(id))" }
            }
        }
    }

    /// Where the first link of `page`'s file to `mailto:address` starts (line and column of its `[`).
    static func line(of address: String, in page: SourcePage) -> SourcePosition {
        LinkPosition.of(UserMentions.scheme + address, in: page.bytes)
    }
}
