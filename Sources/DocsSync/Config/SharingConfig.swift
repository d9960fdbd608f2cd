import Foundation
import ProductiveAPI
import ProductiveWire

/// The `sharing:` block of productive-docs.yml: who may read or edit the doc, and optionally one of
/// its folders. People by e-mail, teams and dynamic groups by name, each `view`, `comment`, `edit`
/// or `full`:
///
/// ```yaml
/// sharing:
///   people: { ana@example.com: edit }
///   teams: { Support: view }
///   dynamic_groups: { Everyone in Sales: comment }
///   folders:
///     ops: { teams: { SRE: full } }
/// ```
public struct SharingConfig: Sendable, Equatable {
    /// One member as the configuration names it.
    public enum Member: Sendable, Hashable, Comparable {
        case person(email: String)
        case team(name: String)
        case dynamicGroup(name: String)

        public var kind: MembershipKind {
            switch self {
            case .person: .person
            case .team: .team
            case .dynamicGroup: .dynamicGroup
            }
        }

        /// `person ana@example.com`, `team "Support"`.
        public var label: String {
            switch self {
            case .person(let email): "person \(email)"
            case .team(let name): "team \"\(name)\""
            case .dynamicGroup(let name): "dynamic group \"\(name)\""
            }
        }

        public static func < (lhs: Member, rhs: Member) -> Bool { (lhs.kind, lhs.label) < (rhs.kind, rhs.label) }
    }

    /// A member and the access it is given.
    public struct Grant: Sendable, Hashable {
        public var member: Member
        public var access: AccessType

        public init(_ member: Member, _ access: AccessType) {
            self.member = member
            self.access = access
        }
    }

    /// The grants of the whole doc (the tree's top page, key `.`).
    public var doc: [Grant] = []
    /// The grants of a folder, by its manifest key (`ops/`).
    public var folders: [String: [Grant]] = [:]

    public init(doc: [Grant] = [], folders: [String: [Grant]] = [:]) {
        self.doc = doc
        self.folders = folders
    }

    /// The key in productive-docs.yml.
    public static let key = "sharing"

    /// Every page key with grants of its own: `.` and the folders.
    public var scopes: [String: [Grant]] {
        var scopes = folders
        if !doc.isEmpty { scopes["."] = doc }
        return scopes
    }

    /// Every member named anywhere, once.
    public var members: Set<Member> {
        Set(scopes.values.flatMap { $0.map(\.member) })
    }

    /// Reads the YAML value of `sharing:`; `path` names the file in messages.
    static func parse(_ value: Any, path: String) throws -> SharingConfig {
        guard let map = value as? [AnyHashable: Any] else { throw SyncError("\(path): `sharing` must be a mapping (people, teams, dynamic_groups, folders)") }
        var config = SharingConfig()
        config.doc = try grants(map, path: path, at: "sharing", allowFolders: true)
        if let folders = map["folders"] {
            guard let folders = folders as? [AnyHashable: Any] else { throw SyncError("\(path): `sharing.folders` must map folder paths to their sharing") }
            for (rawFolder, value) in folders {
                let folder = "\(rawFolder.base)".trimmingCharacters(in: CharacterSet(charactersIn: "/"))
                guard !folder.isEmpty, !folder.split(separator: "/").contains(where: { $0 == ".." || $0 == "." }) else {
                    throw SyncError("\(path): `sharing.folders` key `\(rawFolder.base)` is not a folder of the docs")
                }
                guard let inner = value as? [AnyHashable: Any] else { throw SyncError("\(path): `sharing.folders.\(folder)` must be a mapping (people, teams, dynamic_groups)") }
                config.folders[folder + "/"] = try grants(inner, path: path, at: "sharing.folders.\(folder)", allowFolders: false)
            }
        }
        return config
    }

    private static func grants(_ map: [AnyHashable: Any], path: String, at location: String, allowFolders: Bool) throws -> [Grant] {
        var grants: [Grant] = []
        for (rawKey, value) in map {
            let key = "\(rawKey.base)"
            let make: (String) -> Member
            switch key {
            case "people": make = { .person(email: $0.lowercased()) }
            case "teams": make = { .team(name: $0) }
            case "dynamic_groups": make = { .dynamicGroup(name: $0) }
            case "folders" where allowFolders: continue
            default: throw SyncError("\(path): unknown setting `\(location).\(key)` (people, teams, dynamic_groups\(allowFolders ? ", folders" : ""))")
            }
            if value is NSNull { continue }
            guard let members = value as? [AnyHashable: Any] else { throw SyncError("\(path): `\(location).\(key)` must map each name to view, comment, edit or full") }
            for (rawName, rawAccess) in members {
                let name = "\(rawName.base)".trimmingCharacters(in: .whitespaces)
                guard let accessName = rawAccess as? String, let access = AccessType(name: accessName) else {
                    throw SyncError("\(path): `\(location).\(key).\(name)` must be view, comment, edit or full")
                }
                if key == "people", !name.contains("@") { throw SyncError("\(path): `\(location).people` names people by e-mail address: `\(name)` is not one") }
                guard !name.isEmpty else { throw SyncError("\(path): `\(location).\(key)` has an empty name") }
                grants.append(Grant(make(name), access))
            }
        }
        return grants.sorted { $0.member < $1.member }
    }
}
