import HTTPTypes
import ProductiveWire

/// The wire's header names as Hummingbird field names.
enum SandboxHeaders {
    static let authToken = HTTPField.Name(WireHeader.authToken)!
    static let organizationID = HTTPField.Name(WireHeader.organizationID)!
    static let rateLimitReset = HTTPField.Name(WireHeader.rateLimitReset)!
    static let retryAfter = HTTPField.Name(WireHeader.retryAfter)!
}
