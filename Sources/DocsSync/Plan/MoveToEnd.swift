import Foundation
import ProductiveAPI

/// The one place that knows how a page is put at a place among its siblings. Productive has no
/// reorder endpoint: `position` is accepted on create only, and `PATCH /pages/{id}/move` with
/// `target_doc_id` makes the page the last child of the target. This type assumes (the reference
/// does not say) that a move under the page's own parent re-appends it there; `doctor
/// --probe-order` checks that on a scratch page, and everything that relies on it goes through here.
public enum MoveToEnd {
    /// The pages to move, in order, so that siblings now in `current` order end in `wanted` order,
    /// when each move puts a page last; none when they will be in order already (pages `created`
    /// land at their `position`, a page moved in lands last). The pages not moved keep their order
    /// and come first, so they must be the start of `wanted`: the longest start of `wanted` already
    /// in order in `current` stays (a move-anywhere could keep the longest increasing run instead,
    /// a move-to-end cannot), and the rest of `wanted` is moved, in order. A page created or moved
    /// in cuts the run kept, so that no guess about where it lands is needed once anything moves.
    static func moves(current: [String], wanted: [String], created: Set<String>, movedIn: Set<String>) -> [String] {
        let arriving = created.union(movedIn)
        let staying = wanted.filter { !arriving.contains($0) }
        let movedInLands = movedIn.isEmpty || (movedIn.count == 1 && wanted.last.map(movedIn.contains) == true)
        if staying == current && movedInLands { return [] }
        var next = current.startIndex
        var kept = 0
        for key in wanted {
            guard !arriving.contains(key), let found = current[next...].firstIndex(of: key) else { break }
            next = found + 1
            kept += 1
        }
        return Array(wanted[kept...])
    }

    /// Moves page `id` to the end of the children of `parentID` (its own parent: re-appended).
    static func move(_ id: String, toEndOf parentID: String, client: ProductiveClient) async throws {
        _ = try await client.moveToEnd(id, of: parentID)
    }

    /// What `doctor --probe-order` found.
    public struct ProbeResult: Sendable, Equatable {
        /// A move under the page's own parent made it the last child: true, false, or nil when
        /// Productive's answers carry no `position` to tell.
        public var reappends: Bool?
        /// A page created with `position: 1` came first: true, false, or nil (no positions).
        public var createPositionHonoured: Bool?
        /// The scratch page could not be deleted (its id): delete it by hand.
        public var leftBehind: String?
    }

    /// Asks Productive what this type assumes, on a scratch page made at `location` and deleted
    /// after: children `A` and `B` created, `A` moved under its own parent, `C` created at position 1,
    /// then the children listed with their positions. Seven requests, six of them writes.
    public static func probe(client: ProductiveClient, at location: ProductiveClient.Location) async throws -> ProbeResult {
        let scratch = try await client.createPage(title: "productive-docs order probe (safe to delete)", markdown: "A scratch page of `productive-docs doctor --probe-order`.", in: location)
        var result = ProbeResult()
        do {
            let under = ProductiveClient.Location.under(parent: scratch.id, root: scratch.rootPageID ?? scratch.id)
            let first = try await client.createPage(title: "A", markdown: "A", in: under)
            _ = try await client.createPage(title: "B", markdown: "B", in: under)
            try await move(first.id, toEndOf: scratch.id, client: client)
            _ = try await client.createPage(title: "C", markdown: "C", in: under, position: 1)
            let listed = try await client.listPages(.init(parentPageIDs: [scratch.id]), fields: ["title", "parent_page_id", "position"])
            let byTitle = Dictionary(listed.map { ($0.title, $0.position) }) { first, _ in first }
            if let a = byTitle["A"] ?? nil, let b = byTitle["B"] ?? nil { result.reappends = a > b }
            if let c = byTitle["C"] ?? nil, let b = byTitle["B"] ?? nil { result.createPositionHonoured = c < b }
        } catch {
            try? await client.delete(scratch.id)
            throw error
        }
        do { try await client.delete(scratch.id) } catch { result.leftBehind = scratch.id }
        return result
    }
}
