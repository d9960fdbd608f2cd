import Foundation
import ProductiveWire
import Synchronization

/// A grant of access to a page, as the sandbox keeps it.
struct StoredMembership: Codable, Sendable, Equatable {
    var id: Int
    var organizationID: String
    var pageID: Int
    /// `type_id`: 1 person, 2 dynamic group, 3 team.
    var typeID: Int
    /// The person, team or dynamic group.
    var memberID: Int
    /// `access_type_id`: 1 full, 2 edit, 3 view, 4 comment.
    var accessTypeID: Int
    var createdAt: String
}

/// The memberships of the sandbox, under one lock; with a data file saved beside it
/// (`DATA.memberships.json`).
final class MembershipStore: Sendable {
    private struct Records: Codable {
        var nextID = 9001
        var memberships: [StoredMembership] = []
    }

    private let records: Mutex<Records>
    private let file: String?

    init(dataFile: String?) throws {
        file = dataFile.map { $0 + ".memberships.json" }
        var loaded = Records()
        if let file {
            loaded = try JSONDataFile.load(Records.self, from: file, what: "a sandbox memberships file") ?? loaded
        }
        records = Mutex(loaded)
    }

    /// The memberships of the organization on any of `pages` (every page when nil).
    func memberships(organization: String, pages: Set<Int>? = nil) -> [StoredMembership] {
        records.withLock { records in
            records.memberships.filter { $0.organizationID == organization && (pages?.contains($0.pageID) ?? true) }
        }
    }

    /// Adds a membership; 422 when the member already has one on the page (Productive keeps one per member).
    func add(organization: String, pageID: Int, kind: MembershipKind, memberID: Int, access: AccessType, createdAt: String) throws(SandboxError) -> StoredMembership {
        try records.withLock { records throws(SandboxError) in
            if records.memberships.contains(where: { $0.organizationID == organization && $0.pageID == pageID && $0.typeID == kind.rawValue && $0.memberID == memberID }) {
                throw SandboxError.invalid("this \(kind.label) already has access to page \(pageID): remove that membership first", pointer: "/data/attributes/\(kind.memberAttribute)")
            }
            let membership = StoredMembership(
                id: records.nextID, organizationID: organization, pageID: pageID, typeID: kind.rawValue, memberID: memberID,
                accessTypeID: access.rawValue, createdAt: createdAt
            )
            records.nextID += 1
            records.memberships.append(membership)
            save(records)
            return membership
        }
    }

    /// The membership `id` of the organization, or 404.
    func membership(_ id: Int, organization: String) throws(SandboxError) -> StoredMembership {
        guard let found = memberships(organization: organization).first(where: { $0.id == id }) else {
            throw SandboxError(status: 404, title: "Not found", detail: "membership \(id) does not exist")
        }
        return found
    }

    func delete(_ id: Int, organization: String) throws(SandboxError) {
        try records.withLock { records throws(SandboxError) in
            guard let index = records.memberships.firstIndex(where: { $0.id == id && $0.organizationID == organization }) else {
                throw SandboxError(status: 404, title: "Not found", detail: "membership \(id) does not exist")
            }
            records.memberships.remove(at: index)
            save(records)
        }
    }

    private func save(_ records: Records) {
        if let file { JSONDataFile.save(records, to: file) }
    }
}
