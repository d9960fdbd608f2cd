import Foundation

/// Recording who each page mentions once its body has landed: the next run notifies no one again,
/// and looks none of those addresses up again.
extension Publisher {
    /// For each page whose body the run wrote (created or updated), its entry records the users the
    /// body mentions (`plan.mentioned`; none with `--no-notify` or without `mentions: true`).
    func recordMentions(_ plan: Plan, run: Run) async {
        for result in await run.results.all.sorted(by: { $0.key < $1.key }) where result.outcome == .created || result.outcome == .updated {
            let key = result.key
            let mentioned = plan.mentioned[key] ?? [:]
            guard var entry = await run.store.manifest.pages[key], entry.mentions != mentioned else { continue }
            entry.mentions = mentioned
            try? await run.store.set(key, entry)
        }
    }
}
