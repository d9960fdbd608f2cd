import ProductiveAPI

/// A page tree as Productive holds it: the top page and every page under it, with bodies, and
/// where each page goes in a docs folder (its manifest key and file).
struct RemoteTree: Sendable {
    /// One page and its place in the folder.
    struct Node: Sendable {
        var page: Page
        /// The manifest key: `.`, `guide.md`, `ops/`.
        var key: String
        /// The file that holds the page's content: `index.md` for a page with subpages.
        var file: String
        /// Front matter `order`, when the names alone would not keep the remote order of siblings.
        var order: Int?
        /// Where the page comes among its siblings, 1 first (nil: the top page).
        var place: Int?
    }

    /// Parents before children.
    var nodes: [Node]

    var top: Node? { nodes.first }

    /// Reads the tree under `topID` (the top page included): one read, then one listing of the doc
    /// (200 pages a request).
    static func fetch(_ topID: String, client: ProductiveClient) async throws -> RemoteTree {
        let top = try await client.page(topID)
        let all = try await client.listPages(.init(rootPageID: top.rootPageID ?? top.id))
        return layout(top: top, pages: all)
    }

    /// Places `top` and the pages under it (others in `pages` are ignored) in a folder: a page with
    /// subpages becomes a folder with an `index.md`, any other page a `slug.md`; siblings get
    /// unique slugs in their remote order (Productive's `position` when every sibling has one, else
    /// creation, then id), and front matter `order` when their names would sort differently
    /// (`SiblingRank`), so that the next publish moves nothing. Breadth first, without recursion.
    static func layout(top: Page, pages: [Page]) -> RemoteTree {
        var children: [String: [Page]] = [:]
        for page in pages where page.id != top.id {
            if let parent = page.parentPageID { children[parent, default: []].append(page) }
        }
        for key in children.keys {
            children[key]?.sort { ($0.createdAt ?? "", Int($0.id) ?? 0, $0.id) < ($1.createdAt ?? "", Int($1.id) ?? 0, $1.id) }
            if children[key]?.allSatisfy({ $0.position != nil }) == true {
                children[key] = children[key]?.enumerated().sorted { ($0.element.position ?? 0, $0.offset) < ($1.element.position ?? 0, $1.offset) }.map(\.element)
            }
        }
        var nodes = [Node(page: top, key: ".", file: Workspace.indexNames[0], order: nil)]
        var seen: Set<String> = [top.id]
        var next = 0
        while next < nodes.count {
            let parent = nodes[next]
            next += 1
            let kids = (children[parent.page.id] ?? []).filter { seen.insert($0.id).inserted }
            guard !kids.isEmpty else { continue }
            let prefix = parent.key == "." ? "" : parent.key
            var taken: Set<String> = []
            var placed: [Node] = []
            for kid in kids {
                let name = Slug.unique(Slug.of(kid.title), taken: &taken)
                let isFolder = !(children[kid.id] ?? []).isEmpty
                let key = isFolder ? prefix + name + "/" : prefix + name + ".md"
                placed.append(Node(page: kid, key: key, file: isFolder ? key + Workspace.indexNames[0] : key, order: nil, place: placed.count + 1))
            }
            // The workspace orders siblings by name (`SiblingRank`) unless front matter says otherwise.
            let ranks = placed.map { SiblingRank(name: lastComponent(of: $0.key.hasSuffix("/") ? String($0.key.dropLast()) : $0.key), nav: nil, order: nil) }
            if ranks != ranks.sorted() {
                for index in placed.indices { placed[index].order = index + 1 }
            }
            nodes += placed
        }
        return RemoteTree(nodes: nodes)
    }
}
