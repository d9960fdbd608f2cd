import DocsSync
import Foundation
import ProductiveAPI
import ProductiveSandbox
import ProductiveWire
import XCTest

/// `sharing:` against the sandbox over HTTP: the plan's membership changes are exactly what lands,
/// a grant added in Productive is kept, the token owner's own access is never touched, and a name
/// that does not resolve stops the run before anything is written.
final class SharingPublishTests: XCTestCase {
    /// 501 is the tool's token, 502 the colleague's.
    static let directory = SandboxDirectory(
        people: [
            .init(id: 501, firstName: "Tool", lastName: "Owner", email: "owner@example.com"),
            .init(id: 502, firstName: "Cole", lastName: "League", email: "cole@example.com"),
            .init(id: 503, firstName: "Ana", lastName: "Lopez", email: "ana@example.com"),
            .init(id: 504, firstName: "Bob", lastName: "Gone", email: "bob@example.com", status: 2),
            .init(id: 505, firstName: "Anna", lastName: "Lopez", email: "anna.lopez@example.com"),
        ],
        teams: [.init(id: 7, name: "Support", members: [503]), .init(id: 8, name: "SRE", members: [505])],
        dynamicGroups: [.init(id: 3, name: "Everyone", members: [501, 502, 503, 505])]
    )

    private func fixture() async throws -> PublishFixture {
        let docs = try await PublishFixture(directory: Self.directory)
        addTeardownBlock { await docs.close() }
        try docs.write("guide.md", "# Guide\n\nRead me.\n")
        try docs.write("ops/runbook.md", "# Runbook\n\nSteps.\n")
        return docs
    }

    private func memberships(_ docs: PublishFixture, _ key: String) async throws -> Set<String> {
        let id = try XCTUnwrap(docs.manifest().pages[key]?.pageID)
        return Set(try await docs.client.memberships(of: id).filter { $0.pageID == id }.map { "\($0.subject.key) \($0.access.name)" })
    }

    func testSharingChangeAddsAndRemovesExactlyThePlannedMembershipsKeepsHandAddedAndOwner() async throws {
        let docs = try await fixture()
        docs.config.sharing = SharingConfig(
            doc: [.init(.person(email: "ana@example.com"), .edit), .init(.team(name: "Support"), .view)],
            folders: ["ops/": [.init(.team(name: "SRE"), .full)]]
        )
        let first = try await docs.publisher().plan()
        XCTAssertEqual(first.sharing.map(\.key), [".", "ops/"])
        XCTAssertEqual(first.sharingWrites, 3, first.render(.text))
        XCTAssertTrue(first.render(.text).contains("+ person ana@example.com edit"), first.render(.text))
        let published = try await docs.publish()
        XCTAssertEqual(published.membershipChanges, 3, published.summary)
        XCTAssertEqual(published.sharingFailures, [])
        let top = try await memberships(docs, ".")
        XCTAssertEqual(top, ["person:503 edit", "team:7 view"])
        let ops = try await memberships(docs, "ops/")
        XCTAssertEqual(ops, ["team:8 full"])

        // A page view for a person without access is refused; the tool (its creator) still sees it.
        let topID = try XCTUnwrap(docs.manifest().pages["."]?.pageID)
        do {
            _ = try await docs.colleague.page(topID)
            XCTFail("the colleague has no access to the doc")
        } catch let error as ProductiveAPIError {
            XCTAssertEqual(error.status, 403)
        }

        // In Productive: someone shares the doc with a dynamic group, and the token owner gets full access.
        _ = try await docs.client.addMembership(page: topID, subject: MembershipSubject(.dynamicGroup, "3"), access: .comment)
        _ = try await docs.client.addMembership(page: topID, subject: MembershipSubject(.person, "501"), access: .full)

        // Support is taken out, Ana goes down to view, and the owner is named with view (never lowered).
        docs.config.sharing = SharingConfig(
            doc: [.init(.person(email: "ana@example.com"), .view), .init(.person(email: "owner@example.com"), .view)],
            folders: ["ops/": [.init(.team(name: "SRE"), .full)]]
        )
        let plan = try await docs.publisher().plan()
        let top2 = try XCTUnwrap(plan.sharing.first { $0.key == "." })
        XCTAssertEqual(Set(top2.changes.map { "\($0.action.rawValue) \($0.subject.key) \($0.access.name)" }), [
            "remove person:503 edit", "add person:503 view", "remove team:7 view", "keep dynamic_group:3 comment", "keep person:501 full",
        ], plan.render(.text))
        XCTAssertEqual(plan.sharing.first { $0.key == "ops/" }?.changes, [])
        XCTAssertEqual(plan.sharingDrift, 1)
        let writes = docs.sandbox.requests.writes
        let second = try await docs.publish()
        XCTAssertEqual(second.membershipChanges, 3, second.summary)
        XCTAssertEqual(docs.sandbox.requests.writes - writes, 3, "exactly the planned membership changes, no page write")
        let afterSecond = try await memberships(docs, ".")
        XCTAssertEqual(afterSecond, ["person:503 view", "dynamic_group:3 comment", "person:501 full"])

        // Unchanged: nothing to do; --prune-sharing removes the hand-added grant, never the owner's.
        let unchanged = try await docs.publisher().plan()
        XCTAssertTrue(unchanged.isUnchanged, unchanged.render(.text))
        docs.pruneSharing = true
        let pruned = try await docs.publish()
        XCTAssertEqual(pruned.membershipChanges, 1, pruned.summary)
        let afterPrune = try await memberships(docs, ".")
        XCTAssertEqual(afterPrune, ["person:503 view", "person:501 full"])

        // The folder's grants taken out: what the tool gave it goes; an empty block keeps managing.
        docs.config.sharing = SharingConfig(doc: [.init(.person(email: "ana@example.com"), .view)])
        _ = try await docs.publish()
        let opsAfter = try await memberships(docs, "ops/")
        XCTAssertEqual(opsAfter, [])
        XCTAssertEqual(try docs.manifest().pages["ops/"]?.memberships, [:])
        docs.config.sharing = SharingConfig()
        _ = try await docs.publish()
        let topAfter = try await memberships(docs, ".")
        XCTAssertEqual(topAfter, ["person:501 full"], "`sharing: {}` removes what the tool gave, never the owner's")
    }

    func testUnresolvableNamesAreAConfigurationErrorBeforeAnyWrite() async throws {
        let docs = try await fixture()
        docs.config.sharing = SharingConfig(doc: [
            .init(.person(email: "bob@example.com"), .view), .init(.person(email: "lopez@example.com"), .view), .init(.team(name: "support"), .edit),
        ])
        do {
            _ = try await docs.publish()
            XCTFail("unresolvable names must stop the run")
        } catch let error as SyncError {
            XCTAssertTrue(error.description.contains("bob@example.com is not an active user"), error.description)
            // `filter[email]` is a text search: ana@ and anna.lopez@ contain "lopez@", neither is it.
            XCTAssertTrue(error.description.contains("no user of the organization has the e-mail address lopez@example.com"), error.description)
            XCTAssertTrue(error.description.contains("no team is named \"support\" (did you mean \"Support\"?)"), error.description)
        }
        XCTAssertEqual(docs.sandbox.requests.writes, 0)
        XCTAssertFalse(FileManager.default.fileExists(atPath: docs.manifestPath))
    }

    func testRepublishingUnchangedSharingWritesNothing() async throws {
        let docs = try await fixture()
        docs.config.sharing = SharingConfig(doc: [.init(.dynamicGroup(name: "Everyone"), .view)])
        _ = try await docs.publish()
        let writes = docs.sandbox.requests.writes
        let again = try await docs.publish()
        XCTAssertEqual(again.writes, 0, again.summary)
        XCTAssertEqual(docs.sandbox.requests.writes, writes)
        XCTAssertEqual(try docs.manifest().pages["."]?.memberships.values.map(\.key), ["dynamic_group:3"])
        // The colleague is in the group: the doc is shared with them.
        let id = try XCTUnwrap(docs.manifest().pages["."]?.pageID)
        let page = try await docs.colleague.page(id)
        XCTAssertEqual(page.id, id)
    }
}
