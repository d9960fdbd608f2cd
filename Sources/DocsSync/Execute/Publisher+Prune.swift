import Foundation
import ProductiveAPI

/// The last operations of a run: the pages of files that are gone, and the restore points
/// (`--snapshot`) of the pages it changed.
extension Publisher {
    /// `--snapshot NAME`: a named page version of a page this run changed, so the change can be rolled
    /// back in Productive. A failure is recorded on the result; the change stands.
    func makeRestorePoint(_ result: inout PageResult, writes: WriteCounter) async {
        guard let name = settings.snapshot, let id = result.pageID else { return }
        do {
            let version = try await client.createPageVersion(of: id, name: name)
            await writes.add()
            result.restorePointID = version.id
        } catch {
            result.restorePointError = ErrorText.clean(error)
            result.reason = (result.reason.map { $0 + "; " } ?? "") + "restore point \"\(name)\" not made: \(ErrorText.clean(error))"
        }
    }

    /// Runs an orphan's operation: `delete` (`--prune`), unless something else failed in this run or
    /// the page has a subpage the manifest does not own; else its `skip`. The plan only marks pages
    /// proven to be in this tree as orphans.
    func prune(_ orphan: PlanItem, run: Run) async {
        let (store, writes, results) = (run.store, run.writes, run.results)
        guard case .delete(let id)? = orphan.operations.first else {
            if case .skip(let reason, let outcome)? = orphan.operations.first {
                await finish(results, PageResult(key: orphan.key, title: orphan.title, pageID: orphan.pageID, outcome: outcome, reason: reason))
            }
            return
        }
        if await results.all.contains(where: { $0.outcome == .failed }) {
            await finish(results, PageResult(key: orphan.key, title: orphan.title, pageID: id, outcome: .skipped, reason: "orphan not deleted: something else failed in this run"))
            return
        }
        do {
            let owned = Set(await store.manifest.pages.values.map(\.pageID))
            let children = try await client.listPages(.init(parentPageIDs: [id]), fields: ["title"])
            if let foreign = children.first(where: { !owned.contains($0.id) }) {
                await finish(results, PageResult(key: orphan.key, title: orphan.title, pageID: id, outcome: .skipped, reason: "orphan not deleted: it has a subpage this folder does not own (\"\(Printable.escaped(foreign.title))\", \(foreign.id))"))
                return
            }
            try await client.delete(id)
            await writes.add()
            try await store.set(orphan.key, nil)
            await finish(results, PageResult(key: orphan.key, title: orphan.title, pageID: id, outcome: .deleted, reason: "orphan: the file is gone"))
        } catch {
            await finish(results, PageResult(key: orphan.key, title: orphan.title, pageID: id, outcome: .failed, reason: ErrorText.clean(error)), cause: error)
        }
    }
}
