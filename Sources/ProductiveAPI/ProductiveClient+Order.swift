import Foundation
import ProductiveWire

extension ProductiveClient {
    /// Moves page `id` to the end of the children of `parentID`, its own parent included: the one
    /// step of a reorder (`PATCH /pages/{id}/move`, which makes the page the last child of its
    /// target). A lost answer is settled by sending the move again, never by reading the parent
    /// back: a page already last stays last, and a page whose parent is already the target proves
    /// nothing about where it comes.
    public func moveToEnd(_ id: String, of parentID: String) async throws -> Page {
        let operation = "move page \(id) to the end of page \(parentID)"
        let request = APIRequest(.patch, "/pages/\(id)/move", json: RequestDocument(type: PageWire.type, attributes: ["target_doc_id": WireID(parentID)]))
        let response = try await transport.send(request, operation: operation, expecting: .resource) { _ in .notLanded }
        return try Self.page(from: response, operation: operation)
    }
}
