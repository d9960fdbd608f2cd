import DocsSync
import Foundation
import ProductiveWire
import XCTest

/// `sharing:` and `mentions:` in productive-docs.yml: what they read as, and the errors that name the setting.
final class SharingConfigTests: XCTestCase {
    private func load(_ yaml: String) throws -> DocsConfig {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sharing-\(UUID().uuidString).yml").path
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try DocsConfig.load(path)
    }

    func testTheBlockReadsAsDocAndFolderGrants() throws {
        let config = try load("""
            mentions: true
            sharing:
              people:
                Ana@Example.com: edit
              teams:
                Support: view
              dynamic_groups:
                Everyone: comment
              folders:
                ops/:
                  teams:
                    SRE: full
            """)
        XCTAssertTrue(config.mentions)
        XCTAssertEqual(config.sharing?.doc, [
            .init(.person(email: "ana@example.com"), .edit), .init(.dynamicGroup(name: "Everyone"), .comment), .init(.team(name: "Support"), .view),
        ])
        XCTAssertEqual(config.sharing?.folders, ["ops/": [.init(.team(name: "SRE"), .full)]])
        XCTAssertEqual(config.sharing?.scopes.keys.sorted(), [".", "ops/"])
    }

    func testMistakesNameTheSetting() {
        let cases = [
            "sharing:\n  people:\n    ana: edit\n": "`sharing.people` names people by e-mail address: `ana` is not one",
            "sharing:\n  groups:\n    A: view\n": "unknown setting `sharing.groups`",
            "sharing:\n  teams:\n    A: admin\n": "`sharing.teams.A` must be view, comment, edit or full",
            "sharing:\n  folders:\n    ../up:\n      teams:\n        A: view\n": "is not a folder of the docs",
            "sharing:\n  folders:\n    ops:\n      folders: {}\n": "unknown setting `sharing.folders.ops.folders`",
            "mentions: yes please\n": "`mentions` is true or false",
        ]
        for (yaml, expected) in cases {
            XCTAssertThrowsError(try load(yaml), yaml) { error in
                XCTAssertTrue("\(error)".contains(expected), "\(yaml): \(error)")
            }
        }
    }

    func testTheTemplateStillLoads() throws {
        XCTAssertNil(try load(DocsConfig.template).sharing)
    }
}
