import Foundation
import ProductiveAPI

/// A plan is made before the first write, and a publish of a large tree takes a while: the pages it
/// is about to write are read again just before their bodies go out, and each page that was edited,
/// renamed or moved in Productive meanwhile is decided again (`decide`), so an edit made while the
/// run went on is never overwritten on the strength of an older plan.
extension Publisher {
    /// The items to replace in `plan`: those whose page changed since the plan read it. One list
    /// request per 200 pages to write; none when the plan writes no existing page.
    func replanChanged(_ plan: Plan, manifest: Manifest) async throws -> [String: PlanItem] {
        let writing: Set<PlanAction> = [.update, .rename, .move]
        let candidates = plan.items.filter { item in
            item.pageID != nil && !writing.isDisjoint(with: item.actions) && manifest.pages[item.key] != nil
        }
        guard !candidates.isEmpty else { return [:] }
        let now = try await fetchRemote(ids: candidates.compactMap(\.pageID))
        var replanned: [String: PlanItem] = [:]
        for item in candidates {
            guard let id = item.pageID, let before = plan.remote[id], let current = now.pages[id], let entry = manifest.pages[item.key],
                  let rendered = item.rendered, let page = workspace.pages.first(where: { $0.key == item.key }) else { continue }
            guard current.versionNumber != before.versionNumber || current.title != before.title || current.parentPageID != before.parentPageID else { continue }
            var again = await decide(page, entry: entry, current: current, ids: plan.links.ids, rendered: rendered)
            again.detail = "changed in Productive while this run went on, so decided again: " + (again.detail ?? "renamed or moved there")
            replanned[item.key] = again
        }
        return replanned
    }
}
