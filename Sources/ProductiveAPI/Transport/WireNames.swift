import Foundation
import ProductiveWire

/// The client's use of the wire names `ProductiveWire` holds (shared with the sandbox), plus the
/// response headers only the client reads. The request builders and `ConnectionProbe` use it.
enum WireNames {
    static let authToken = WireHeader.authToken
    static let organizationID = WireHeader.organizationID
    static let accept = WireHeader.accept
    static let contentType = WireHeader.contentType
    static let mediaType = JSONAPI.mediaType
    static let rateLimitReset = WireHeader.rateLimitReset
    static let retryAfter = WireHeader.retryAfter
    static let date = "Date"
    static let location = "Location"

    /// `?filter%5Bproject_id%5D=1&page%5Bsize%5D=200` (`QueryString`); empty for no items.
    static func encodedQuery(_ items: [(String, String)]) -> String {
        items.isEmpty ? "" : "?" + QueryString.encode(items)
    }

    /// The query item `filter[name]`.
    static func filter(_ name: String) -> String { QueryKey.filter(name) }
}
