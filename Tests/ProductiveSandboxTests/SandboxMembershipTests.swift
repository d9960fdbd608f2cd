import Foundation
import ProductiveAPI
import ProductiveSandbox
import ProductiveWire
import XCTest

/// The sandbox's people, teams and memberships, through the client over HTTP: `filter[email]` is a
/// text search, and memberships decide who sees a page and who may change its access.
final class SandboxMembershipTests: XCTestCase {
    private func start() async throws -> (SandboxServer, owner: ProductiveClient, colleague: ProductiveClient) {
        var configuration = SandboxConfiguration(credentials: ["sandbox-token": "1", "zz-colleague": "1"], rateLimits: [.init(count: 100_000, window: .seconds(1))])
        configuration.directory = SandboxDirectory(
            people: [
                .init(id: 503, firstName: "Ana", lastName: "Lopez", email: "ana@example.com"),
                .init(id: 505, firstName: "Anna", lastName: "Lopez", email: "anna.lopez@example.com"),
                .init(id: 506, firstName: "Old", lastName: "Lopez", email: "old.lopez@example.com", status: 2),
            ],
            teams: [.init(id: 7, name: "Colleagues", members: [502])]
        )
        let server = try await SandboxServer.start(configuration)
        let owner = ProductiveClient(configuration: ProductiveConfiguration(token: "sandbox-token", organizationID: "1", baseURL: server.baseURL))
        let colleague = ProductiveClient(configuration: ProductiveConfiguration(token: "zz-colleague", organizationID: "1", baseURL: server.baseURL))
        addTeardownBlock {
            try? await owner.shutdown()
            try? await colleague.shutdown()
            await server.stop()
        }
        return (server, owner, colleague)
    }

    func testTheEmailFilterIsATextSearchOfActiveUsers() async throws {
        let (_, owner, _) = try await start()
        let found = try await owner.people(email: "lopez@example.com")
        XCTAssertEqual(found.map(\.email), ["anna.lopez@example.com"], "a text search: contains, not equals; active only")
        let all = try await owner.people(email: "lopez", activeOnly: false)
        XCTAssertEqual(all.map(\.id), ["505", "506"], "deactivated people too")
    }

    func testMembershipsDecideWhoSeesAPageAndWhoMayShareIt() async throws {
        let (_, owner, colleague) = try await start()
        let doc = try await owner.createPage(title: "Doc", markdown: "Body.", in: .project("1"))
        let child = try await owner.createPage(title: "Child", markdown: "Body.", in: .under(parent: doc.id, root: doc.id))
        _ = try await colleague.page(child.id)  // open: no membership anywhere
        let ana = try await owner.addMembership(page: doc.id, subject: MembershipSubject(.person, "503"), access: .edit)
        for id in [doc.id, child.id] {
            do {
                _ = try await colleague.page(id)
                XCTFail("page \(id) is restricted to Ana now (inherited by the child)")
            } catch let error as ProductiveAPIError {
                XCTAssertEqual(error.status, 403)
            }
        }
        do {
            _ = try await owner.addMembership(page: doc.id, subject: MembershipSubject(.person, "503"), access: .view)
            XCTFail("one membership per member")
        } catch let error as ProductiveAPIError {
            XCTAssertEqual(error.status, 422)
        }
        let team = try await owner.addMembership(page: doc.id, subject: MembershipSubject(.team, "7"), access: .view)
        _ = try await colleague.page(child.id)  // through the team
        do {
            try await colleague.deleteMembership(ana.id, page: doc.id)
            XCTFail("view access cannot change the memberships")
        } catch let error as ProductiveAPIError {
            XCTAssertEqual(error.status, 403)
        }
        let listed = try await owner.memberships(of: child.id)
        XCTAssertEqual(Set(listed.map(\.id)), [ana.id, team.id], "the child lists the doc's memberships")
        XCTAssertEqual(Set(listed.compactMap(\.pageID)), [doc.id])
    }
}
