import Foundation

/// What a plan uploads and deletes per page: decided with the page's action, so that the plan
/// shows exactly what publish does.
extension Publisher {
    /// `item` with its uploads (the files its payload shows that have no attachment yet, when the
    /// body will be written) and its deletions (attachments recorded for the page that the payload
    /// no longer refers to, when the body will land or already has).
    func withAttachments(_ item: PlanItem, rendered: RenderedPage, entry: Manifest.Entry?) -> PlanItem {
        var item = item
        let writes = decision.willWriteBody(item)
        if writes {
            item.uploads = rendered.uploads.map { PlannedUpload(path: $0.path, size: $0.size, hash: $0.hash) }
        }
        if writes || Self.bodyIsSettled(item) {
            item.deletions = Self.staleAttachments(of: entry, rendered: rendered)
        }
        return item
    }

    /// The attachments `entry` records that `rendered` does not refer to, oldest file name first.
    static func staleAttachments(of entry: Manifest.Entry?, rendered: RenderedPage) -> [PlannedDeletion] {
        guard let entry else { return [] }
        return entry.attachments.filter { !rendered.attachmentHashes.contains($0.key) }
            .map { PlannedDeletion(attachmentID: $0.value.id, path: $0.value.path) }
            .sorted { ($0.path, $0.attachmentID) < ($1.path, $1.attachmentID) }
    }
}
