import Foundation
import ProductiveWire

/// A page's history and restore points (`/page_versions`).
extension ProductiveClient {
    /// The versions of page `id`, newest first (`GET /page_versions?filter[page_id]=ID&sort=-created_at`),
    /// every page of results followed.
    public func pageVersions(of id: String) async throws -> [PageVersion] {
        try await pageVersionsWithDate(of: id).versions
    }

    /// Makes a named version of page `id` as it is now: a restore point (`POST /page_versions`). It does
    /// not change the live page.
    ///
    /// A lost answer is resolved like a lost create, before anything is sent again: the page's history
    /// is read, and a version with this name made after the request was sent (judged on the server's
    /// clock, see `createPage`) is the one this call made. None: it is sent again. More than one, or no
    /// `Date` header to judge by while a version with that name exists: `.noAnswer`, nothing sent again.
    @discardableResult
    public func createPageVersion(of id: String, name: String) async throws -> PageVersion {
        let operation = "create version \"\(name)\" of page \(id)"
        let request = APIRequest(.post, "/page_versions", json: RequestDocument(type: "page_versions", attributes: NewPageVersionAttributes(pageID: WireID(id), name: name)))
        let response = try await transport.send(request, operation: operation, expecting: .resource) { [self] context in
            let listed = try await pageVersionsWithDate(of: id)
            let named = listed.versions.filter { $0.name == name }
            guard let serverNow = listed.serverDate else {
                if named.isEmpty { return .notLanded }
                throw ProductiveAPIError(operation: operation, status: nil, cause: "the answer was lost, and Productive's answers carry no Date header, so whether version \(named.map(\.id).joined(separator: ", ")) is this one cannot be told; nothing was sent again", kind: .noAnswer)
            }
            let earliest = serverNow.addingTimeInterval(-Seconds.value(listed.receivedAt - context.firstSentAt) - 1)
            let candidates = named.filter { version in version.createdAt.flatMap(Timestamp.parse).map { $0 >= earliest } ?? true }
            if candidates.isEmpty { return .notLanded }
            guard candidates.count == 1, let candidate = candidates.first else {
                throw ProductiveAPIError(operation: operation, status: nil, cause: "the answer was lost, and versions \(candidates.map(\.id).joined(separator: ", ")) appeared with that name meanwhile; nothing was sent again", kind: .noAnswer)
            }
            return .landed(.created(candidate.resource))
        }
        guard let resource = response.resource(PageVersionAttributes.self), let version = PageVersion(resource: resource) else {
            throw ProductiveAPIError(operation: operation, status: response.status, title: "Unexpected answer", detail: "the response holds no page version", kind: .badAnswer)
        }
        return version
    }

    /// The versions of a page, with the server's `Date` of the first answer.
    private func pageVersionsWithDate(of id: String) async throws -> (versions: [PageVersion], serverDate: Date?, receivedAt: ContinuousClock.Instant) {
        let listed = try await transport.paginate(PageVersionAttributes.self, operation: "read the versions of page \(id)") { number in
            APIRequest(.get, "/page_versions", query: [(QueryKey.filter("page_id"), id), (QueryKey.sort, "-created_at")] + ListLimits.page(number))
        }
        return (listed.resources.compactMap(PageVersion.init(resource:)), listed.first.serverDate, listed.first.receivedAt)
    }
}
