import Foundation
import ProductiveAPI

/// Interrupted creates: a create intent left in the manifest by a run that was killed (or lost the
/// answer) between sending a create and recording its page. `plan` and `publish` resolve them the
/// same way, so the plan shows what publish will do; only publish records the outcome.
extension Publisher {
    /// What became of the interrupted creates, and the manifest changes that record it.
    struct InterruptedCreates: Sendable {
        /// Per key with an intent: the page proven to be the one its create made, or nil (created again).
        var outcomes: [String: String?] = [:]
        var changes: [ManifestChange] = []
    }

    /// A page is taken as the one an interrupted create made only with proof: the same title under
    /// the same parent, absent from the pages seen before the request, owned by no entry, the only
    /// such page, and its body what the file sends. Otherwise the intent is dropped and the file is
    /// created again: a duplicate can be deleted, an overwritten page cannot be restored. Reads only.
    func proveInterruptedCreates(_ manifest: Manifest) async throws -> InterruptedCreates {
        var result = InterruptedCreates()
        var owned = Set(manifest.pages.values.map(\.pageID))
        for (key, intent) in manifest.pending.sorted(by: { $0.key < $1.key }) {
            var found: Page?
            if let existing = intent.existing, let page = workspace.pages.first(where: { $0.key == key }) {
                let filter: ProductiveClient.Filter = intent.parentID.map { .init(parentPageIDs: [$0]) } ?? .init(projectID: intent.projectID)
                let before = Set(existing)
                let candidates = try await client.listPages(filter, fields: ["title", "parent_page_id", "version_number"])
                    .filter { $0.title == intent.title && $0.parentPageID == intent.parentID && !before.contains($0.id) && !owned.contains($0.id) }
                if candidates.count == 1, let candidate = candidates.first {
                    let stored = try await client.page(candidate.id)
                    let sent = renderer.render(page, ids: knownIDs(manifest, remote: nil), format: .markdown).payload.text
                    if LandingProof.body(stored.bodyText, couldBe: sent) { found = candidate }
                }
            }
            result.changes.append(.pending(key, nil))
            if let found, manifest.pages[key] == nil {
                // The body is unknown: an empty hash makes the plan send it again.
                result.changes.append(.page(key, Manifest.Entry(
                    pageID: found.id, parentID: intent.parentID, title: intent.title, hash: "", format: .markdown, versionNumber: found.versionNumber
                )))
                result.outcomes[key] = .some(found.id)
                owned.insert(found.id)
            } else {
                result.outcomes[key] = .some(nil)
            }
        }
        return result
    }
}
