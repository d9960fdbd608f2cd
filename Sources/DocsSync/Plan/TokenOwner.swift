import Foundation
import ProductiveAPI

/// The person the API token belongs to, asked once per run and only when a page was edited: an edit
/// by that person is this tool's own write (an earlier publish whose manifest was lost or not
/// committed back, another clone), never a colleague's.
actor TokenOwner {
    private var asked = false
    private var person: String?

    /// The token owner's person id; nil when it cannot be read (the edit is then told as any other).
    func id(_ client: ProductiveClient) async -> String? {
        if !asked {
            asked = true
            person = try? await client.tokenOwner()
        }
        return person
    }
}
