import Foundation

/// The people, teams and dynamic groups of the sandbox's organizations: what `GET /people`,
/// `/teams` and `/dynamic_groups` answer and what memberships give access through. Set in
/// `SandboxConfiguration.directory`, or read from a JSON file (`sandbox --directory FILE`):
///
/// ```json
/// {"people": [{"id": 501, "first_name": "Ana", "last_name": "Lopez", "email": "ana@example.com"}],
///  "teams": [{"id": 7, "name": "Support", "members": [501]}],
///  "dynamic_groups": [{"id": 3, "name": "Everyone", "members": [501, 502]}]}
/// ```
///
/// The person a token acts as is 501 for the first token (sorted), 502 for the next...: give those
/// ids to the people the tokens belong to.
public struct SandboxDirectory: Codable, Sendable, Equatable {
    public struct Person: Codable, Sendable, Equatable {
        public var id: Int
        public var firstName: String
        public var lastName: String
        public var email: String
        /// 1 active, 2 deactivated.
        public var status: Int
        /// 1 a user, 2 a contact.
        public var personType: Int
        /// The organization the person belongs to.
        public var organizationID: String

        public init(id: Int, firstName: String, lastName: String, email: String, status: Int = 1, personType: Int = 1, organizationID: String = "1") {
            self.id = id
            self.firstName = firstName
            self.lastName = lastName
            self.email = email
            self.status = status
            self.personType = personType
            self.organizationID = organizationID
        }

        enum CodingKeys: String, CodingKey {
            case id, firstName = "first_name", lastName = "last_name", email, status, personType = "person_type", organizationID = "organization_id"
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            self.init(
                id: try container.decode(Int.self, forKey: .id), firstName: try container.decodeIfPresent(String.self, forKey: .firstName) ?? "",
                lastName: try container.decodeIfPresent(String.self, forKey: .lastName) ?? "", email: try container.decode(String.self, forKey: .email),
                status: try container.decodeIfPresent(Int.self, forKey: .status) ?? 1, personType: try container.decodeIfPresent(Int.self, forKey: .personType) ?? 1,
                organizationID: try container.decodeIfPresent(String.self, forKey: .organizationID) ?? "1"
            )
        }
    }

    /// A team or a dynamic group: a name and the people in it.
    public struct Group: Codable, Sendable, Equatable {
        public var id: Int
        public var name: String
        public var members: [Int]
        public var organizationID: String

        public init(id: Int, name: String, members: [Int], organizationID: String = "1") {
            self.id = id
            self.name = name
            self.members = members
            self.organizationID = organizationID
        }

        enum CodingKeys: String, CodingKey {
            case id, name, members, organizationID = "organization_id"
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            self.init(
                id: try container.decode(Int.self, forKey: .id), name: try container.decode(String.self, forKey: .name),
                members: try container.decodeIfPresent([Int].self, forKey: .members) ?? [],
                organizationID: try container.decodeIfPresent(String.self, forKey: .organizationID) ?? "1"
            )
        }
    }

    public var people: [Person]
    public var teams: [Group]
    public var dynamicGroups: [Group]

    public init(people: [Person] = [], teams: [Group] = [], dynamicGroups: [Group] = []) {
        self.people = people
        self.teams = teams
        self.dynamicGroups = dynamicGroups
    }

    enum CodingKeys: String, CodingKey {
        case people, teams, dynamicGroups = "dynamic_groups"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            people: try container.decodeIfPresent([Person].self, forKey: .people) ?? [],
            teams: try container.decodeIfPresent([Group].self, forKey: .teams) ?? [],
            dynamicGroups: try container.decodeIfPresent([Group].self, forKey: .dynamicGroups) ?? []
        )
    }

    /// Reads a directory file; a problem names the file.
    public static func load(_ path: String) throws -> SandboxDirectory {
        do {
            return try JSONDecoder().decode(SandboxDirectory.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw SandboxStartError("\(path): not a sandbox directory file (\(error))")
        }
    }

    /// The teams and dynamic groups `person` is in.
    func groups(of person: Int) -> (teams: Set<Int>, dynamicGroups: Set<Int>) {
        (Set(teams.filter { $0.members.contains(person) }.map(\.id)), Set(dynamicGroups.filter { $0.members.contains(person) }.map(\.id)))
    }
}
