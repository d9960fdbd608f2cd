import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import ProductiveWire
import Synchronization

/// The pages API of the sandbox: its endpoints, each behind the stages `SandboxServer` puts in front
/// of it as router middleware (see `RouterMethods.endpoint`).
struct SandboxAPI: Sendable {
    enum Route: Sendable, Equatable {
        case list, get, create, bodyWrite(append: Bool, html: Bool), rename, delete, move, project
        /// `GET /organization_memberships`: the token owner's membership (its person).
        case memberships
        /// `POST /page_versions` and `GET /page_versions`.
        case createVersion, listVersions
        /// `POST /attachments`, `PATCH /attachments/{id}` (temp_url), `GET /attachments`, `GET` and `DELETE /attachments/{id}`.
        case createAttachment, finishAttachment, listAttachments, getAttachment, deleteAttachment
        /// The file store's upload (not an API request: no token, no API limits).
        case upload
        /// Doc access and the directory (`SandboxAPI+Memberships.swift`).
        case sharing(SharingRoute)

        /// The routes that read.
        var isRead: Bool {
            switch self {
            case .list, .get, .listVersions, .listAttachments, .getAttachment: true
            case .sharing(let route): route.isRead
            default: false
            }
        }

        var isAttachment: Bool {
            switch self {
            case .createAttachment, .finishAttachment, .listAttachments, .getAttachment, .deleteAttachment, .upload: true
            default: false
            }
        }
    }

    let store: SandboxStore
    let configuration: SandboxConfiguration
    let limiter: SandboxRateLimiter
    let counter: RequestCounter
    let faults: FaultInjector
    let dice: FaultDice
    let attachments: AttachmentStore
    let uploadPolicy: UploadPolicy
    let memberships: MembershipStore

    /// Where the API's paths start: every request under it passes `AdmissionMiddleware` first.
    static let apiPrefix = "/api/v2/"

    /// Who sends an admitted request: the token's organization and the person the token acts as
    /// (a 500 for a request `AdmissionMiddleware` did not let in: a route registered without it).
    func caller(_ context: SandboxRequestContext) throws(SandboxError) -> (organization: String, person: Int) {
        guard let (token, organization) = context.admitted else {
            throw SandboxError(status: 500, title: "Internal server error", detail: "the request was not admitted")
        }
        return (organization, Self.personID(token: token, credentials: configuration.credentials))
    }

    /// `GET /organization_memberships`: the token owner's membership (its person).
    func organizationMemberships(_ request: Request, _ context: SandboxRequestContext) throws(SandboxError) -> Response {
        let person = String(try caller(context).person)
        let membership: [String: Any] = [
            "id": person, "type": "organization_memberships", "attributes": [String: Any](),
            "relationships": ["person": ["data": ["type": "people", "id": person]]],
        ]
        return JSONAPIDocuments.response(status: 200, ["data": [membership], "meta": ["total_pages": 1]])
    }

    /// What a colleague does in Productive's editor meanwhile.
    func colleagueEdit(_ edit: SandboxFault.ColleagueEdit, page: Int, organization: String) {
        switch edit {
        case .append(let text):
            if let document = try? store.convert(markdown: text) { _ = try? store.writeBody(page, organization: organization, document: document, append: true) }
        case .replace(let text):
            if let document = try? store.convert(markdown: text) { _ = try? store.writeBody(page, organization: organization, document: document, append: false) }
        }
    }

}

/// How many API requests the sandbox answered, reads and writes apart (for tests and benchmarks).
public final class RequestCounter: Sendable {
    public enum Kind: Sendable { case read, write }

    private let counts = Mutex<(reads: Int, writes: Int)>((0, 0))
    /// The raw payloads received (see `PayloadRecorder`).
    public let payloads = PayloadRecorder()

    func count(_ kind: Kind) {
        counts.withLock { kind == .read ? ($0.reads += 1) : ($0.writes += 1) }
    }

    /// Requests answered so far.
    public var reads: Int { counts.withLock { $0.reads } }
    public var writes: Int { counts.withLock { $0.writes } }
}
