import Foundation
import ProductiveAPI
import ProductiveWire

/// Names as people write them (an e-mail address, a team's name) turned into Productive ids. A
/// person is the one active user whose address is exactly the one given (`filter[email]` is a text
/// search, so every answer is compared); a team or dynamic group the one with exactly that name.
actor MemberDirectory {
    private let client: ProductiveClient
    private var teams: [NamedGroup]?
    private var dynamicGroups: [NamedGroup]?

    init(client: ProductiveClient) {
        self.client = client
    }

    /// What a look-up found: the one match, or why there is none.
    enum Lookup<Value: Sendable>: Sendable {
        case found(Value)
        case problem(String)
    }

    /// The active user with exactly this address (case does not matter).
    func person(email: String) async throws -> Lookup<Person> {
        let wanted = email.lowercased()
        let exact = try await client.people(email: email).filter { $0.email.lowercased() == wanted }
        let users = exact.filter { $0.isActive && $0.isUser }
        switch users.count {
        case 1: return .found(users[0])
        case 0:
            if exact.isEmpty, try await client.people(email: email, activeOnly: false).contains(where: { $0.email.lowercased() == wanted }) {
                return .problem("\(email) is not an active user (deactivated)")
            }
            return .problem(exact.isEmpty ? "no user of the organization has the e-mail address \(email)" : "\(email) is not an active user (deactivated, or a contact)")
        default: return .problem("\(users.count) active users have the e-mail address \(email) (ids \(users.map(\.id).joined(separator: ", "))): ambiguous")
        }
    }

    /// The subject a configured member names.
    func subject(_ member: SharingConfig.Member) async throws -> Lookup<MembershipSubject> {
        switch member {
        case .person(let email):
            switch try await person(email: email) {
            case .found(let person): return .found(MembershipSubject(.person, person.id))
            case .problem(let problem): return .problem(problem)
            }
        case .team(let name):
            if teams == nil { teams = try await client.teams() }
            return Self.named(name, in: teams ?? [], kind: .team)
        case .dynamicGroup(let name):
            if dynamicGroups == nil { dynamicGroups = try await client.dynamicGroups() }
            return Self.named(name, in: dynamicGroups ?? [], kind: .dynamicGroup)
        }
    }

    private static func named(_ name: String, in groups: [NamedGroup], kind: MembershipKind) -> Lookup<MembershipSubject> {
        let matches = groups.filter { $0.name == name }
        switch matches.count {
        case 1: return .found(MembershipSubject(kind, matches[0].id))
        case 0:
            let near = groups.filter { $0.name.lowercased() == name.lowercased() }.map { "\"\($0.name)\"" }
            return .problem("no \(kind.label) is named \"\(name)\"" + (near.isEmpty ? "" : " (did you mean \(near.joined(separator: ", "))?)"))
        default: return .problem("\(matches.count) \(kind.label)s are named \"\(name)\": ambiguous")
        }
    }
}
