import Foundation

/// A docs folder as it was last published, read for `diff` and `pull FILE...`: its manifest, its
/// pages, how they render, and how stored page links read back as relative links.
struct PublishedFolder {
    let manifest: Manifest
    let workspace: Workspace
    let renderer: PageRenderer
    /// Page ids by page key, for the pages the manifest records.
    let ids: [String: String]
    /// Stored links between pages, as relative links between the files.
    let links: RelativeLinks
    /// The source page of each file.
    let pagesByFile: [String: SourcePage]

    init(root: URL, manifestPath: String, config: DocsConfig, organizationID: String) throws {
        let manifestName = URL(fileURLWithPath: manifestPath).lastPathComponent
        manifest = try Manifest.load(manifestPath)
        workspace = try Workspace.scan(root, config: config, ignoring: [manifestName], recordingSources: true)
        // The mentions as the last publish made them (the manifest's look-ups), so pages render as sent.
        renderer = PageRenderer(workspace: workspace, config: config, organizationID: organizationID, recorded: manifest)
        var ids: [String: String] = [:]
        var filesByPageID: [String: String] = [:]
        for page in workspace.pages {
            guard let entry = manifest.pages[page.key] else { continue }
            ids[page.key] = entry.pageID
            if let file = page.file { filesByPageID[entry.pageID] = file }
        }
        self.ids = ids
        let template = config.pageURLTemplate.map { PageURLTemplate(template: $0, organizationID: organizationID) }
        var links = RelativeLinks(filesByPageID: filesByPageID, template: template, attachments: manifest.pages.values.flatMap(\.attachments.values))
        links.addressesByPersonID = Dictionary(manifest.mentionCache.map { ($0.value, $0.key) }) { first, _ in first }
        self.links = links
        pagesByFile = Dictionary(workspace.pages.compactMap { page in page.file.map { ($0, page) } }) { first, _ in first }
    }

    /// `files`, or every published file when it is empty.
    func files(_ files: [String]) -> [String] {
        files.isEmpty ? workspace.pages.compactMap { page in manifest.pages[page.key] == nil ? nil : page.file } : files
    }
}
