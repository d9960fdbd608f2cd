import Foundation
import ProductiveAPI

/// What `publish --adopt` did: per file, the page it took back or why it took none.
public struct AdoptionReport: Sendable, Equatable {
    public struct Item: Sendable, Equatable {
        /// The manifest key of the file.
        public var key: String
        /// The page taken back (nil: none).
        public var pageID: String?
        /// `matches the file`, `sent again by the next publish`, or why it was not taken.
        public var detail: String
    }

    public var adopted: [Item] = []
    public var notAdopted: [Item] = []
    /// Files the manifest already had.
    public var alreadyOwned = 0

    /// `3 adopted, 1 not adopted, 2 already in the manifest; 0 writes`.
    public var summary: String {
        "\(adopted.count) adopted, \(notAdopted.count) not adopted, \(alreadyOwned) already in the manifest; 0 writes"
    }
}

extension Publisher {
    /// `publish --adopt`: takes back the tree a lost or stale manifest no longer knows. Each file
    /// without an entry is matched, parents first, to the one page of its title in its place (the
    /// project's top level, the root page, or its parent's page) that no entry owns, and proven as an
    /// interrupted create is: the page's body must be the file's (the same model: recorded as sent;
    /// only the file's words in order: recorded as a conflict, so that the next publish overwrites
    /// nothing it cannot tell from its own write). The manifest is rebuilt with what was proven, under
    /// the folder's lock; nothing is written to Productive.
    public func adoptExistingTree() async throws -> AdoptionReport {
        let lock = try await PublishLock.acquire(manifestPath: settings.manifestPath, timeout: settings.lockTimeout) { self.report(.warning($0)) }
        defer { lock.release() }
        var manifest = targeted(try await loadCheckedManifest())
        let remote = try await fetchRemote(manifest)
        var ids = knownIDs(manifest, remote: remote)
        var owned = Set(manifest.pages.values.map(\.pageID))
        var report = AdoptionReport()
        var matched: [(page: SourcePage, candidate: Page)] = []
        var listed: [String: [Page]] = [:]
        for page in workspace.pages.sorted(by: { Self.depth($0.key) < Self.depth($1.key) }) {
            if manifest.pages[page.key] != nil {
                report.alreadyOwned += 1
                continue
            }
            guard let place = creationPlace(of: page, ids: ids, manifest: manifest) else {
                report.notAdopted.append(.init(key: page.key, pageID: nil, detail: "its parent's page was not found"))
                continue
            }
            if listed[place.name] == nil {
                listed[place.name] = try await client.listPages(place.filter, fields: ["title", "parent_page_id", "version_number"])
                    .filter { $0.parentPageID == place.parentID }
            }
            let candidates = (listed[place.name] ?? []).filter { $0.title == page.title && !owned.contains($0.id) }
            guard candidates.count == 1, let candidate = candidates.first else {
                let why = candidates.isEmpty ? "no page \"\(Printable.escaped(page.title))\" \(place.name)" : "\(candidates.count) pages \"\(Printable.escaped(page.title))\" \(place.name): which one is ambiguous"
                report.notAdopted.append(.init(key: page.key, pageID: nil, detail: why))
                continue
            }
            ids[page.key] = candidate.id
            owned.insert(candidate.id)
            matched.append((page, candidate))
        }
        for (page, candidate) in matched {
            let (entry, item) = try await prove(page, candidate: candidate, ids: ids)
            if let entry {
                manifest.pages[page.key] = entry
                report.adopted.append(item)
            } else {
                report.notAdopted.append(item)
            }
        }
        try await ManifestStore(manifest, path: settings.manifestPath).replace(manifest)
        return report
    }

    /// The entry for `candidate` when its body proves it is `page`'s; nil with the reason otherwise.
    private func prove(_ page: SourcePage, candidate: Page, ids: [String: String]) async throws -> (Manifest.Entry?, AdoptionReport.Item) {
        let stored = try await client.page(candidate.id)
        let attachments = try await existingAttachments(of: page, pageID: stored.id, ids: ids)
        let rendered = renderer.render(page, ids: ids, attachments: attachments)
        var entry = Manifest.Entry(
            pageID: stored.id, parentID: stored.parentPageID, title: stored.title, hash: rendered.hash, format: rendered.format,
            versionNumber: stored.versionNumber
        )
        entry.attachments = attachments
        if case .verified = WriteVerification.replace(sent: rendered.sent, answer: stored.body) {
            return (entry, .init(key: page.key, pageID: stored.id, detail: "holds the file's content"))
        }
        if LandingProof.body(stored.bodyText, couldBe: rendered.payload.text) {
            // The file's words, but not its content: an older version of it, or one edited in
            // Productive since. Recorded with no version, the next publish sees a conflict and sends
            // nothing unless told to (never overwrites an edit it cannot tell from its own write).
            entry.hash = ""
            entry.versionNumber = nil
            return (entry, .init(key: page.key, pageID: stored.id, detail: "holds an older or edited form of the file: the next publish reports a conflict (--force sends the file)"))
        }
        return (nil, .init(key: page.key, pageID: stored.id, detail: "page \(stored.id) holds words the file does not have (edited in Productive, or not this file's page): not taken"))
    }

    /// The page's finished attachments that stand for the local files it shows, matched by file
    /// name and size (content hash → record). The body proof that follows decides: a page is only
    /// taken when its body, rendered with these urls, is the file's.
    private func existingAttachments(of page: SourcePage, pageID: String, ids: [String: String]) async throws -> [String: Manifest.Attachment] {
        let needed = renderer.localFiles(of: page).reduce(into: [LocalAttachment]()) { files, file in
            if !files.contains(where: { $0.hash == file.hash }) { files.append(file) }
        }
        guard !needed.isEmpty else { return [:] }
        var remote = try await client.attachments(ofPage: pageID).filter { $0.url != nil }
        var matched: [String: Manifest.Attachment] = [:]
        for file in needed {
            guard let index = remote.firstIndex(where: { $0.name == file.name && $0.size == file.size }), let url = remote[index].url else { continue }
            matched[file.hash] = Manifest.Attachment(id: remote[index].id, url: url, path: file.path)
            remote.remove(at: index)
        }
        return matched
    }

    static func depth(_ key: String) -> Int {
        key == "." ? 0 : key.split(separator: "/").count
    }
}
