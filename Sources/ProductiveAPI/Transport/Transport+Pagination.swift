import Foundation
import ProductiveWire

extension Transport {
    /// At most this many list requests for one listing (200 resources each): a server that says there
    /// are always more pages cannot keep a run busy until its time budget ends.
    static let maxListRequests = 1000

    /// Every resource of a paginated list, and the first answer (its `Date`). Follows `page[number]`
    /// until `meta.total_pages`, and stops early when a page brings no id not seen before (a server
    /// answering the same page again) or more resources than `meta.total_count` allows. More than
    /// `maxListRequests` requests: `.badAnswer`.
    func paginate<Attributes>(
        _ attributes: Attributes.Type, operation: String, _ request: (Int) -> APIRequest
    ) async throws -> (resources: [Resource<Attributes>], first: APIResponse) {
        var resources: [Resource<Attributes>] = []
        var seen: Set<String> = []
        var first: APIResponse?
        for number in 1...Self.maxListRequests {
            let response = try await send(request(number), operation: operation, expecting: .collection)
            if first == nil { first = response }
            let document = response.decoded(CollectionDocument<Attributes>.self)
            var added = 0
            for resource in document?.data ?? [] {
                guard let id = resource.id, seen.insert(id).inserted else { continue }
                resources.append(resource)
                added += 1
            }
            let totalPages = document?.meta?.totalPages ?? number
            let totalCount = document?.meta?.totalCount
            if added == 0 || number >= totalPages || totalCount.map({ resources.count >= $0 }) ?? false {
                return (resources, first ?? response)
            }
        }
        throw ProductiveAPIError(
            operation: operation, status: nil, title: "Unexpected answer",
            detail: "the list did not end after \(Self.maxListRequests) pages of results", kind: .badAnswer
        )
    }
}
