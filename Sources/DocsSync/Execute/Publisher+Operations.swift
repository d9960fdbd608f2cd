import Foundation
import ProductiveAPI
import ProductiveFormat

/// The operations of a page that has its id: uploads, its body, its title and place, the
/// attachments its body no longer shows, each recorded at once; then the page's result.
extension Publisher {
    /// A page's result while its operations run: what was done, and whether its body is known to
    /// have landed (only then are attachments deleted).
    struct PageProgress: Sendable {
        var outcome: PageResult.Outcome
        var reasons: [String]
        var verification: PageResult.Verification?
        /// The body did not land as sent: the page fails, whatever else was done.
        var notLanded: LandingDifference?
        var bodyLanded = false

        /// Carries on the result of the page's `adopt` or `create` (none: unchanged so far).
        init(started: PageResult?) {
            outcome = started?.outcome ?? .unchanged
            reasons = [started?.reason].compactMap { $0 }
            verification = started?.verification
        }

        /// Something was changed: a page not created in this run is updated.
        mutating func changed(_ reason: String? = nil) {
            if outcome != .created { outcome = .updated }
            if let reason { reasons.append(reason) }
        }
    }

    /// Runs `item`'s operations for page `id` in the plan's order (its `adopt` or `create`, already
    /// done, is `started`) and records the page's result.
    func runOperations(_ page: SourcePage, id: String, item: PlanItem, started: PageResult?, links: LinkTargets, run: Run) async {
        guard var entry = await run.store.manifest.pages[page.key] else { return }
        var progress = PageProgress(started: started)
        do {
            // The plan's payload, unless a link waited for a page this run created.
            var rendered = item.rendered.flatMap { $0.hasPendingLinks ? nil : $0 } ?? renderer.render(page, links: links, attachments: entry.attachments)
            for finding in rendered.linkFindings {
                await run.results.recordLinkFinding("\(page.file ?? page.key):\(finding.position.line):\(finding.position.column): \(finding.severity.rawValue): \(finding.message) [\(finding.ruleID)]")
            }
            let uploads = item.operations.compactMap { operation -> LocalAttachment? in
                guard case .upload(let file) = operation else { return nil }
                return workspace.attachmentFiles[file.path]
            }
            if !uploads.isEmpty {
                // The files first, then the body that points at them.
                let uploaded = try await upload(uploads, of: page, pageID: id, store: run.store, writes: run.writes)
                entry = await run.store.manifest.pages[page.key] ?? entry
                rendered = renderer.render(page, links: links, attachments: entry.attachments)
                progress.changed("uploaded " + uploaded.joined(separator: ", "))
            }
            // Nothing about a body that is not written is in doubt when the plan says it is settled.
            progress.bodyLanded = Self.bodyIsSettled(item)
            var deletions: [PlannedDeletion] = []
            for operation in item.operations {
                switch operation {
                case .skip(let reason, let outcome):
                    await finish(run.results, PageResult(key: page.key, title: page.title, pageID: id, outcome: outcome, reason: reason))
                    return
                case .replaceBody(let expected):
                    try await writeBody(page, id: id, item: item, rendered: rendered, entry: entry, expecting: expected, run: run, &progress)
                case .rename(let title):
                    try await rename(page, id: id, to: title, run: run, &progress)
                case .move:
                    try await move(page, id: id, links: links, run: run, &progress)
                case .deleteAttachment(let deletion):
                    deletions.append(deletion)
                case .create, .adopt, .upload, .delete, .reorder:
                    continue
                }
            }
            try await settle(page, id: id, item: item, rendered: rendered, deletions: deletions, run: run, &progress)
        } catch {
            await failed(page, id: id, error: error, run: run)
        }
    }

    /// `replaceBody`: the payload, unless the manifest records it as what the page holds.
    private func writeBody(
        _ page: SourcePage, id: String, item: PlanItem, rendered: RenderedPage, entry: Manifest.Entry, expecting: Int?, run: Run, _ progress: inout PageProgress
    ) async throws {
        guard rendered.hash != entry.sentHash else { return }
        progress.bodyLanded = false
        let landing = try await replaceBody(
            of: page.key, with: rendered, id: id, from: expecting ?? entry.versionNumber, store: run.store, writes: run.writes,
            attachmentURLs: entry.attachments.values.map(\.url)
        )
        progress.verification = .init(landing)
        switch landing {
        case .differs(let difference): progress.notLanded = difference
        case .accepted(let difference):
            progress.reasons.append(difference.acceptedWarning)
            progress.bodyLanded = true
        case .verified: progress.bodyLanded = true
        case .notVerified: break
        }
        progress.changed()
        if item.actions.contains(.conflict) { progress.reasons.append("overwrote edits made in Productive") }
        if progress.outcome != .created, let linkReason = item.rendered?.linkReason { progress.reasons.append(linkReason) }
    }

    /// `rename`: the page's title, recorded.
    private func rename(_ page: SourcePage, id: String, to title: String, run: Run, _ progress: inout PageProgress) async throws {
        _ = try await client.rename(id, to: title)
        await run.writes.add()
        try await run.store.set(page.key, (await run.store.manifest.pages[page.key]).map { var entry = $0; entry.title = title; return entry })
        progress.changed("renamed")
    }

    /// `move`: the page under its parent's page (known by now), recorded.
    private func move(_ page: SourcePage, id: String, links: LinkTargets, run: Run, _ progress: inout PageProgress) async throws {
        guard let parent = expectedParent(of: page, ids: links.ids) else { return }
        _ = try await client.move(id, to: parent)
        await run.writes.add()
        try await run.store.set(page.key, (await run.store.manifest.pages[page.key]).map { var entry = $0; entry.parentID = parent; return entry })
        progress.changed("moved")
    }

    /// The page's result: failed when its body did not land as sent, else the attachments it no
    /// longer shows deleted (once its body has landed), a restore point made for a change.
    private func settle(
        _ page: SourcePage, id: String, item: PlanItem, rendered: RenderedPage, deletions: [PlannedDeletion], run: Run, _ progress: inout PageProgress
    ) async throws {
        if progress.outcome == .unchanged, item.actions.contains(.drift) { progress.reasons.append("drift: \(item.detail ?? "edited in Productive"); nothing written") }
        if let notLanded = progress.notLanded {
            // The write was answered, but the page holds something else: the page failed.
            progress.outcome = .failed
            progress.reasons.insert(notLanded.description, at: 0)
        } else if progress.bodyLanded {
            let deleted = try await deleteAttachments(deletions, of: page, pageID: id, store: run.store, writes: run.writes)
            if !deleted.isEmpty {
                progress.reasons.append("deleted attachment " + deleted.map { "\($0.attachmentID) (\($0.path))" }.joined(separator: ", "))
                if progress.outcome == .unchanged { progress.outcome = .updated }
            }
        }
        let reasons = progress.reasons
        var result = PageResult(
            key: page.key, title: page.title, pageID: id, outcome: progress.outcome, reason: reasons.isEmpty ? nil : reasons.joined(separator: "; "),
            verification: progress.verification
        )
        if result.outcome == .created || result.outcome == .updated { await makeRestorePoint(&result, writes: run.writes) }
        await finish(run.results, result)
    }

    /// A page whose operation failed. A write refused (4xx) did not land, so its intent is void.
    private func failed(_ page: SourcePage, id: String, error: any Error, run: Run) async {
        if let error = error as? ProductiveAPIError, let status = error.status, (400..<500).contains(status), status != 408, status != 429 {
            if var entry = await run.store.manifest.pages[page.key], entry.writeIntent != nil {
                entry.writeIntent = nil
                try? await run.store.set(page.key, entry)
            }
        }
        await finish(run.results, PageResult(key: page.key, title: page.title, pageID: id, outcome: .failed, reason: ErrorText.clean(error)), cause: error)
    }
}
