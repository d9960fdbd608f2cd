import Foundation
import ProductiveAPI
import ProductiveFormat

/// Plans and executes a publish of a docs folder: parents before children, every change recorded
/// in the manifest as it happens, edits made in Productive never silently overwritten.
public final class Publisher: Sendable {
    public struct Settings: Sendable {
        public var config: DocsConfig
        public var manifestPath: String
        public var organizationID: String
        public var onConflict: ConflictPolicy
        public var prune: Bool

        public init(config: DocsConfig, manifestPath: String, organizationID: String, onConflict: ConflictPolicy = .skip, prune: Bool = false) {
            self.config = config
            self.manifestPath = manifestPath
            self.organizationID = organizationID
            self.onConflict = onConflict
            self.prune = prune
        }
    }

    let settings: Settings
    let workspace: Workspace
    let client: ProductiveClient
    let renderer: PageRenderer
    let report: @Sendable (PublishEvent) -> Void

    public init(settings: Settings, workspace: Workspace, client: ProductiveClient, report: @escaping @Sendable (PublishEvent) -> Void = { _ in }) {
        self.settings = settings
        self.workspace = workspace
        self.client = client
        self.renderer = PageRenderer(workspace: workspace, config: settings.config, organizationID: settings.organizationID)
        self.report = report
    }

    /// The remote state the plan compares with: one list request per 200 manifest pages.
    struct RemoteState: Sendable {
        var pages: [String: Page]
    }

    // MARK: Plan

    /// What a publish would do. Reads only: one list request per 200 pages of the manifest.
    public func plan() async throws -> Plan {
        var manifest = try Manifest.load(settings.manifestPath)
        try checkTarget(manifest)
        rekeyMovedFiles(&manifest)
        let remote = try await fetchRemote(manifest)
        return makePlan(manifest: manifest, remote: remote)
    }

    func fetchRemote(_ manifest: Manifest) async throws -> RemoteState {
        let ids = Array(Set(manifest.pages.values.map(\.pageID))).sorted()
        var pages: [String: Page] = [:]
        for start in stride(from: 0, to: ids.count, by: 200) {
            let chunk = Array(ids[start..<min(start + 200, ids.count)])
            for page in try await client.listPages(.init(ids: chunk), fields: ["title", "parent_page_id", "root_page_id", "version_number"]) {
                pages[page.id] = page
            }
        }
        return RemoteState(pages: pages)
    }

    /// A file moved to another folder keeps its page: a new path whose front matter names a page id
    /// of the manifest, or whose file name matches exactly one entry whose file is gone, takes over
    /// that entry (and is planned as a move).
    func rekeyMovedFiles(_ manifest: inout Manifest) {
        let keys = Set(workspace.pages.map(\.key))
        var gone = manifest.pages.filter { !keys.contains($0.key) }
        for page in workspace.pages where manifest.pages[page.key] == nil && !gone.isEmpty {
            let byID = page.pageID.flatMap { id in gone.first { $0.value.pageID == id }?.key }
            let name = Self.name(of: page.key)
            let sameName = gone.keys.filter { Self.name(of: $0) == name }
            guard let old = byID ?? (sameName.count == 1 ? sameName.first : nil), let entry = gone[old] else { continue }
            manifest.pages[page.key] = entry
            manifest.pages[old] = nil
            gone[old] = nil
        }
    }

    private static func name(of key: String) -> String {
        String((key.hasSuffix("/") ? key.dropLast() : Substring(key)).split(separator: "/").last ?? "")
    }

    /// The parent page id `page` should have, given the ids known.
    func expectedParent(of page: SourcePage, ids: [String: String]) -> String? {
        guard let parentKey = page.parentKey else { return settings.config.rootPageID }
        return ids[parentKey]
    }

    func knownIDs(_ manifest: Manifest, remote: RemoteState?) -> [String: String] {
        var ids: [String: String] = [:]
        for page in workspace.pages {
            if let entry = manifest.pages[page.key], remote.map({ $0.pages[entry.pageID] != nil }) ?? true {
                ids[page.key] = entry.pageID
            }
        }
        return ids
    }

    func makePlan(manifest: Manifest, remote: RemoteState) -> Plan {
        let ids = knownIDs(manifest, remote: remote)
        var items: [PlanItem] = []
        for page in workspace.pages {
            guard let entry = manifest.pages[page.key] else {
                items.append(PlanItem(key: page.key, title: page.title, pageID: nil, actions: [.create], detail: nil))
                continue
            }
            guard let current = remote.pages[entry.pageID] else {
                items.append(PlanItem(key: page.key, title: page.title, pageID: entry.pageID, actions: [.missingRemotely], detail: "page \(entry.pageID) is gone: it will be created again"))
                continue
            }
            var actions: [PlanAction] = []
            var detail: String?
            let rendered = renderer.render(page, ids: ids)
            if rendered.hash != entry.hash {
                if current.versionNumber != entry.versionNumber {
                    actions.append(.conflict)
                    detail = "edited in Productive: version \(current.versionNumber.map(String.init) ?? "none"), last written \(entry.versionNumber.map(String.init) ?? "none")"
                } else {
                    actions.append(.update)
                }
            }
            if current.title != page.title { actions.append(.rename) }
            if current.parentPageID != expectedParent(of: page, ids: ids), expectedParent(of: page, ids: ids) != nil || page.parentKey != nil {
                actions.append(.move)
            }
            items.append(PlanItem(key: page.key, title: page.title, pageID: entry.pageID, actions: actions.isEmpty ? [.unchanged] : actions, detail: detail))
        }
        let keys = Set(workspace.pages.map(\.key))
        for (key, entry) in manifest.pages.sorted(by: { $0.key < $1.key }) where !keys.contains(key) {
            items.append(PlanItem(key: key, title: entry.title, pageID: entry.pageID, actions: [.orphan],
                                  detail: settings.prune ? "will be deleted" : "file gone; --prune deletes the page"))
        }
        return Plan(items: items)
    }

    func checkTarget(_ manifest: Manifest) throws {
        let config = settings.config
        guard config.projectID != nil || config.rootPageID != nil || manifest.pages["."] != nil else {
            throw ConfigError("say where the tree goes: --project ID (a new doc) or --root-page ID (under an existing page), or set it in \(DocsConfig.fileName)")
        }
    }
}
