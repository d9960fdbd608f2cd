import Foundation
import ProductiveAPI

extension Publisher {
    /// Looks, where the plan creates pages (a doc in the project, a page under a known parent), for
    /// pages of the same title the manifest does not own; throws `SyncError` (`.existingTree`) when there are
    /// any. One list request per place. Reads only. `--allow-duplicate-titles` skips it.
    func checkNoExistingTree(_ plan: Plan, manifest: Manifest) async throws {
        guard !settings.allowDuplicateTitles else { return }
        let owned = Set(manifest.pages.values.map(\.pageID))
        let creates = Set(plan.items.filter { $0.actions == [.create] }.map(\.key))
        var listed: [String: [Page]] = [:]
        var clashes: [SyncError.Clash] = []
        for page in workspace.pages where creates.contains(page.key) {
            guard let place = creationPlace(of: page, ids: plan.links.ids, manifest: manifest) else { continue }
            if listed[place.name] == nil {
                let pages = try await client.listPages(place.filter, fields: ["title", "parent_page_id"])
                listed[place.name] = pages.filter { $0.parentPageID == place.parentID }
            }
            for existing in listed[place.name] ?? [] where existing.title == page.title && !owned.contains(existing.id) {
                clashes.append(.init(key: page.key, title: page.title, existingID: existing.id, place: place.name))
            }
        }
        if !clashes.isEmpty { throw SyncError(clashes: clashes) }
    }

    /// Where a new page would go when that place already exists: nil under a parent this run creates.
    func creationPlace(of page: SourcePage, ids: [String: String], manifest: Manifest) -> (name: String, parentID: String?, filter: ProductiveClient.Filter)? {
        if let parentKey = page.parentKey {
            guard let parent = ids[parentKey] else { return nil }
            return ("under page \(parent)", parent, .init(parentPageIDs: [parent]))
        }
        if let root = settings.config.rootPageID ?? manifest.rootPageID {
            return ("under page \(root)", root, .init(parentPageIDs: [root]))
        }
        if let project = settings.config.projectID ?? manifest.projectID {
            return ("in project \(project)", nil, .init(projectID: project))
        }
        return nil
    }
}
