import ProductiveAPI

/// Which manifest entries name pages this tree can prove are its own: the tree's top page sits
/// where the target says (a doc of the project, or a child of the root page), and every other
/// page's parent chain, as Productive reports it, reaches that top page through pages the
/// manifest owns. A manifest line that names another team's page fails this proof, so the page
/// is never written, renamed, moved or deleted.
struct TreeOwnership {
    /// Keys whose pages are proven to be in the tree.
    let provenKeys: Set<String>
    /// Page ids proven to be in the tree.
    let provenIDs: Set<String>

    init(manifest: Manifest, remote: [String: Page], projectID: String?, rootPageID: String?) {
        var ids: Set<String> = []
        var keys: Set<String> = []
        if let top = manifest.pages["."], let page = remote[top.pageID] {
            let placed: Bool
            if let rootPageID {
                placed = page.parentPageID == rootPageID
            } else {
                placed = page.parentPageID == nil && (projectID == nil || page.projectID == nil || page.projectID == projectID)
            }
            if placed {
                ids.insert(top.pageID)
                keys.insert(".")
            }
        }
        var remaining = manifest.pages.filter { $0.key != "." }
        var changed = !ids.isEmpty
        while changed {
            changed = false
            for (key, entry) in remaining {
                guard let page = remote[entry.pageID], let parent = page.parentPageID, ids.contains(parent) else { continue }
                ids.insert(entry.pageID)
                keys.insert(key)
                remaining[key] = nil
                changed = true
            }
        }
        provenKeys = keys
        provenIDs = ids
    }
}
