import Foundation
import ProductiveAPI
import ProductiveFormat

/// Attachments while a plan is executed: the files a page shows are uploaded just before its body
/// is written (each recorded in the manifest as soon as it exists, after an upload intent), and the
/// attachments its body no longer refers to are deleted only after that body has landed.
extension Publisher {
    /// Uploads `files` as attachments of page `pageID` and records each under its content hash.
    /// The page's attachments are listed first and an upload intent journaled, so that a run killed
    /// between an upload and its record leaves nothing the next run uploads again
    /// (`proveInterruptedUploads`). Returns the paths uploaded.
    func upload(_ files: [LocalAttachment], of page: SourcePage, pageID: String, store: ManifestStore, writes: WriteCounter) async throws -> [String] {
        guard !files.isEmpty, var entry = await store.manifest.pages[page.key] else { return [] }
        let existing = try await client.attachments(ofPage: pageID).map(\.id)
        entry.uploadIntent = Manifest.UploadIntent(existing: existing, files: Dictionary(files.map { ($0.hash, $0.path) }) { first, _ in first })
        try await store.set(page.key, entry)
        var uploaded: [String] = []
        for file in files {
            let (read, bytes) = try LocalAttachment.read(file.path, root: workspace.root)
            guard read.hash == file.hash else {
                throw SyncError("\(file.path) changed while publishing: not uploaded; run publish again")
            }
            let attachment = try await client.uploadAttachment(
                pageID: pageID, fileName: file.name, contentType: file.contentType, bytes: bytes, inline: file.isInline
            )
            await writes.addUpload()
            guard let url = attachment.url, !url.isEmpty else {
                throw SyncError("\(file.path): the upload was answered without the attachment's URL (attachment \(attachment.id))")
            }
            entry = await store.manifest.pages[page.key] ?? entry
            entry.attachments[file.hash] = Manifest.Attachment(id: attachment.id, url: AttachmentURL.withoutToken(url), path: file.path)
            entry.uploadIntent?.files[file.hash] = nil
            if entry.uploadIntent?.files.isEmpty ?? false { entry.uploadIntent = nil }
            try await store.set(page.key, entry)
            uploaded.append(file.path)
        }
        return uploaded
    }

    /// Deletes the attachments `planned` (the plan's `deleteAttachment` operations of `page`, once
    /// its body has landed or is settled), forgetting each once it is gone. An attachment already
    /// deleted in Productive is forgotten too. Returns what was deleted.
    ///
    /// The page is read first: an attachment its stored body still shows (a write the server took
    /// as a no-op, a colleague's edit) is kept, whatever the manifest says.
    func deleteAttachments(_ planned: [PlannedDeletion], of page: SourcePage, pageID: String, store: ManifestStore, writes: WriteCounter) async throws -> [PlannedDeletion] {
        guard !planned.isEmpty, let entry = await store.manifest.pages[page.key] else { return [] }
        let wanted = Set(planned.map(\.attachmentID))
        var stale = entry.attachments.filter { wanted.contains($0.value.id) }
        guard !stale.isEmpty else { return [] }
        let shown = try Self.attachmentURLsShown(in: try await client.page(pageID).body)
        stale = stale.filter { $0.value.url.isEmpty || !shown.contains(AttachmentURL.withoutQuery($0.value.url)) }
        var deleted: [PlannedDeletion] = []
        for (hash, record) in stale.sorted(by: { $0.key < $1.key }) {
            do {
                try await client.deleteAttachment(id: record.id)
                await writes.addDeletion()
            } catch let error as ProductiveAPIError where error.status == 404 {
                // Gone already: nothing to delete.
            }
            guard var current = await store.manifest.pages[page.key] else { break }
            current.attachments[hash] = nil
            try await store.set(page.key, current)
            deleted.append(PlannedDeletion(attachmentID: record.id, path: record.path))
        }
        return deleted
    }

    /// The uploads an interrupted run left unrecorded, resolved by proof (reads only; the caller
    /// applies the changes). An attachment of the page is taken as the upload of a file of the
    /// intent only when it is absent from the ids listed before the uploads, owned by no record,
    /// has the file's name (and size, when both are known) and a URL. One the run created without
    /// finishing its upload (no URL) is recorded as unfinished, so it is deleted once the page's
    /// next body has landed.
    func proveInterruptedUploads(_ manifest: Manifest) async throws -> [ManifestChange] {
        var changes: [ManifestChange] = []
        let owned = Set(manifest.pages.values.flatMap(\.attachmentIDs))
        for (key, entry) in manifest.pages.sorted(by: { $0.key < $1.key }) {
            guard let intent = entry.uploadIntent else { continue }
            var updated = entry
            updated.uploadIntent = nil
            let listed: [Attachment]
            do {
                listed = try await client.attachments(ofPage: entry.pageID)
            } catch let error as ProductiveAPIError where error.status == 404 {
                changes.append(.page(key, updated))
                continue
            }
            let before = Set(intent.existing)
            var candidates = listed.filter { !before.contains($0.id) && !owned.contains($0.id) }
            for (hash, path) in intent.files.sorted(by: { $0.key < $1.key }) where updated.attachments[hash] == nil {
                let name = lastComponent(of: path)
                let size = workspace.attachmentFiles[path].flatMap { $0.hash == hash ? $0.size : nil }
                guard let index = candidates.firstIndex(where: { candidate in
                    candidate.name == name && !(candidate.url ?? "").isEmpty && (size == nil || candidate.size == nil || candidate.size == size)
                }) else { continue }
                let found = candidates.remove(at: index)
                updated.attachments[hash] = Manifest.Attachment(id: found.id, url: AttachmentURL.withoutToken(found.url ?? ""), path: path)
            }
            let names = Set(intent.files.values.map { lastComponent(of: $0) })
            for unfinished in candidates where names.contains(unfinished.name) && (unfinished.url ?? "").isEmpty {
                updated.attachments["unfinished-\(unfinished.id)"] = Manifest.Attachment(id: unfinished.id, url: "", path: intent.files.values.first { lastComponent(of: $0) == unfinished.name } ?? unfinished.name)
            }
            changes.append(.page(key, updated))
        }
        return changes
    }

    /// Every image source and link target of a stored body, without query strings.
    static func attachmentURLsShown(in body: String?) throws -> Set<Substring> {
        var shown: Set<Substring> = []
        _ = try StoredBodyReader.read(body ?? "").document.rewritingLinks({ link in
            shown.insert(AttachmentURL.withoutQuery(link))
            return .keep
        }, images: { source in
            shown.insert(AttachmentURL.withoutQuery(source))
            return .keep
        })
        return shown
    }

    /// True when a page's recorded attachments may be deleted without a body write: nothing about
    /// its body is in doubt (unchanged, or only renamed or moved).
    static func bodyIsSettled(_ item: PlanItem) -> Bool {
        item.actions == [.unchanged] || item.actions.allSatisfy { $0 == .rename || $0 == .move }
    }
}
