import Foundation

/// Where each page comes among its siblings, as the sandbox keeps it: `position` 1, 2, 3... per
/// parent (docs: per project). Productive documents `position` as "display order among siblings",
/// accepted on create only, and a move as "the moved page becomes the last child of the target";
/// the sandbox does exactly that, and a move under the page's own parent re-appends it (what
/// Productive does there is not documented: `doctor --probe-order` asks it).
enum SiblingPositions {
    /// Puts page `id` at `position` among its siblings (1 first; nil or past the end: last) and
    /// numbers the siblings 1, 2, 3... again. Pages of data files written before positions were
    /// kept come in the order they were made.
    static func place(_ id: Int, at position: Int?, in pages: inout [StoredPage]) {
        guard let index = pages.firstIndex(where: { $0.id == id }) else { return }
        var siblings = others(of: index, in: pages)
        let slot = min(max((position ?? .max) - 1, 0), siblings.count)
        siblings.insert(index, at: slot)
        for (number, sibling) in siblings.enumerated() { pages[sibling].position = number + 1 }
    }

    /// Numbers the siblings of page `id` 1, 2, 3... without it: before it moves away or is deleted.
    static func leave(_ id: Int, in pages: inout [StoredPage]) {
        guard let index = pages.firstIndex(where: { $0.id == id }) else { return }
        for (number, sibling) in others(of: index, in: pages).enumerated() { pages[sibling].position = number + 1 }
    }

    /// The indices of the siblings of the page at `index`, in their order.
    private static func others(of index: Int, in pages: [StoredPage]) -> [Int] {
        let page = pages[index]
        let siblings = pages.indices.filter { other in
            other != index && pages[other].organizationID == page.organizationID && pages[other].parentPageID == page.parentPageID
                && (page.parentPageID != nil || pages[other].projectID == page.projectID)
        }
        return siblings.sorted { (pages[$0].position ?? .max, pages[$0].id) < (pages[$1].position ?? .max, pages[$1].id) }
    }
}
