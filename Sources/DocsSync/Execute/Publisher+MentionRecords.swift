import Foundation

/// Recording who each page mentions once its body has landed: the next run notifies no one again,
/// and looks none of those addresses up again.
extension Publisher {
    /// For each page whose body the run wrote (created or updated, with a body write: `verification`),
    /// its entry records the users the body mentions (`plan.mentioned`; none with `--no-notify` or
    /// without `mentions: true`). A page only renamed or moved keeps its record: its body, and who it
    /// mentions, did not change (a moved file's entry, rekeyed, carries it to the new path).
    func recordMentions(_ plan: Plan, run: Run) async {
        let written = await run.results.all.filter { ($0.outcome == .created || $0.outcome == .updated) && $0.verification != nil }
        for result in written.sorted(by: { $0.key < $1.key }) {
            let key = result.key
            let mentioned = plan.mentioned[key] ?? [:]
            guard var entry = await run.store.manifest.pages[key], entry.mentions != mentioned else { continue }
            entry.mentions = mentioned
            try? await run.store.set(key, entry)
        }
    }
}
