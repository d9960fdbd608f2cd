import Foundation
import ProductiveAPI

/// Applying the plan's membership changes, after the pages: removals first, then adds, each
/// recorded in the page's manifest entry once the page's changes are done. Nothing is decided here.
extension Publisher {
    /// Runs every sharing item of `plan`; `ids` are the page ids after the run's creates. A page the
    /// run could not create gets no memberships (said in the report, exit 1).
    func applySharing(_ plan: Plan, ids: [String: String], run: Run) async {
        for item in plan.sharing where !item.writes.isEmpty || !item.managed.isEmpty {
            guard let pageID = item.pageID ?? ids[item.key] else {
                await run.results.noteSharingFailure("\(item.key): the page was not created, so its access was not set")
                continue
            }
            var made = item.managed
            for change in item.writes {
                do {
                    switch change.action {
                    case .remove:
                        guard let id = change.membershipID else { continue }
                        try await client.deleteMembership(id, page: pageID)
                    case .add:
                        let membership = try await client.addMembership(page: pageID, subject: change.subject, access: change.access)
                        made[membership.id] = change.subject
                    case .keep:
                        continue
                    }
                    await run.writes.addMembershipChange()
                } catch {
                    if change.action == .remove, let id = change.membershipID, let recorded = await run.store.manifest.pages[item.key]?.memberships[id] {
                        made[id] = recorded
                    }
                    await run.results.noteSharingFailure("\(item.key) (page \(pageID)): \(change.action.rawValue) \(change.member) \(change.access.name): \(ErrorText.clean(error))")
                }
            }
            await record(made, for: item.key, run: run)
        }
    }

    /// Records `memberships` as the tool's on the page's entry (when it has one).
    private func record(_ memberships: [String: MembershipSubject], for key: String, run: Run) async {
        guard var entry = await run.store.manifest.pages[key], entry.memberships != memberships else { return }
        entry.memberships = memberships
        do {
            try await run.store.set(key, entry)
        } catch {
            await run.results.noteSharingFailure("\(key): the memberships were set but could not be recorded in the manifest: \(ErrorText.clean(error))")
        }
    }
}
