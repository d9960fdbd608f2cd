import Foundation
import ProductiveAPI

/// Finds out whether a server's subpages inherit their doc's memberships (`SharingInheritance`),
/// on a scratch page made for it and deleted afterwards: a doc with one subpage, the token's own
/// person given full access to the doc, then the subpage's memberships read.
public enum SharingProbe {
    /// What the probe found, and the scratch page it used.
    public struct Finding: Sendable, Equatable {
        public var inheritance: SharingInheritance
        public var detail: String
    }

    /// Runs the probe at `location` (a project, or under an existing page). The scratch pages are
    /// deleted whatever happens after they were made; one that cannot be deleted is named in the error.
    public static func run(_ client: ProductiveClient, at location: ProductiveClient.Location) async throws -> Finding {
        guard let owner = try await client.tokenOwner() else {
            throw SyncError("the token's own person could not be read (GET /organization_memberships): the probe needs it")
        }
        let stamp = ISO8601DateFormatter().string(from: Date())
        let scratch = try await client.createPage(title: "productive-docs sharing probe \(stamp)", markdown: "A scratch page of `productive-docs doctor --probe-sharing`; it deletes it.", in: location)
        do {
            let root = scratch.rootPageID ?? scratch.id
            let child = try await client.createPage(title: "probe subpage", markdown: "Scratch.", in: .under(parent: scratch.id, root: root))
            let granted = try await client.addMembership(page: scratch.id, subject: MembershipSubject(.person, owner), access: .full)
            let listed = try await client.memberships(of: child.id)
            try await client.delete(scratch.id)
            if listed.contains(where: { $0.id == granted.id || $0.pageID == scratch.id }) {
                return Finding(inheritance: .inherited, detail: "the subpage lists the doc's membership \(granted.id): subpages inherit (what productive-docs assumes)")
            }
            return Finding(inheritance: .perPage, detail: "the subpage lists none of the doc's memberships: each page has its own (productive-docs assumes they are inherited: give each folder its own `sharing.folders` grants)")
        } catch {
            try? await client.delete(scratch.id)
            throw error
        }
    }
}
