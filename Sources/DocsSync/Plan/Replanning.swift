import Foundation
import ProductiveAPI

/// A plan is made before the first write, and a publish of a large tree takes a while: the pages it
/// is about to write are read again just before their bodies go out, and each page that was edited,
/// renamed or moved in Productive meanwhile is decided again (`Decision.decide`, with the facts
/// fetched anew), so an edit made while the run went on is never overwritten on the strength of an
/// older plan.
extension Publisher {
    /// The items to replace in `plan`: those whose page changed since the plan read it. One list
    /// request per 200 pages to write; none when the plan writes no existing page.
    func replanChanged(_ plan: Plan, manifest: Manifest) async throws -> [String: PlanItem] {
        let writing: Set<PlanAction> = [.update, .rename, .move]
        let candidates = plan.items.filter { item in
            item.pageID != nil && !writing.isDisjoint(with: item.actions) && manifest.pages[item.key] != nil
        }
        guard !candidates.isEmpty else { return [:] }
        var facts = try await fetchRemote(ids: candidates.compactMap(\.pageID))
        var changed: [(page: SourcePage, entry: Manifest.Entry, current: Page, rendered: RenderedPage)] = []
        for item in candidates {
            guard let id = item.pageID, let before = plan.remote.pages[id], let current = facts.pages[id], let entry = manifest.pages[item.key],
                  let rendered = item.rendered, let page = workspace.page(item.key) else { continue }
            guard current.versionNumber != before.versionNumber || current.title != before.title || current.parentPageID != before.parentPageID else { continue }
            changed.append((page, entry, current, rendered))
        }
        await addDecisionFacts(&facts, for: changed.map { ($0.page, $0.entry, $0.current) }, ids: plan.links.ids)
        var replanned: [String: PlanItem] = [:]
        for (page, entry, current, rendered) in changed {
            var again = decision.decide(page, entry: entry, current: current, ids: plan.links.ids, rendered: rendered, facts: facts)
            again.detail = "changed in Productive while this run went on, so decided again: " + (again.detail ?? "renamed or moved there")
            again = withAttachments(again, rendered: rendered, entry: entry)
            replanned[page.key] = finished(again, page: page, links: plan.links, facts: facts)
        }
        return replanned
    }
}
