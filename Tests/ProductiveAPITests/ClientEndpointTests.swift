import Foundation
import ProductiveAPI
import ProductiveSandbox
import XCTest

/// The client against the sandbox over real loopback HTTP: every endpoint, nothing mocked.
final class ClientEndpointTests: XCTestCase {

    func testCreateReadListAndTree() async throws {
        try await withSandboxClient { client, _ in
        let doc = try await client.createPage(title: "Handbook", markdown: "Welcome.", in: .project("7"))
        XCTAssertEqual(doc.projectID, "7")
        XCTAssertNil(doc.parentPageID)
        XCTAssertNil(doc.versionNumber, "null until the first body write")
        let child = try await client.createPage(title: "Onboarding", markdown: "Day one.", in: .under(parent: doc.id, root: doc.id))
        let grandchild = try await client.createPage(title: "Tools", markdown: "Laptop.", in: .under(parent: child.id, root: doc.id))
        XCTAssertEqual(grandchild.rootPageID, doc.id)
        XCTAssertEqual(grandchild.parentPageID, child.id)

        let read = try await client.page(child.id)
        XCTAssertEqual(read.title, "Onboarding")
        XCTAssertTrue(read.bodyText.contains("Day one."))

        let byProject = try await client.listPages(.init(projectID: "7"))
        XCTAssertEqual(Set(byProject.map(\.id)), [doc.id, child.id, grandchild.id])
        let direct = try await client.listPages(.init(parentPageIDs: [doc.id]))
        XCTAssertEqual(direct.map(\.id), [child.id])
        let underRoot = try await client.listPages(.init(rootPageID: doc.id))
        XCTAssertEqual(Set(underRoot.map(\.id)), [child.id, grandchild.id], "every page under the doc, not the doc")
        let byID = try await client.listPages(.init(ids: [grandchild.id, doc.id]))
        XCTAssertEqual(Set(byID.map(\.id)), [doc.id, grandchild.id])
        let trimmed = try await client.listPages(.init(projectID: "7"), fields: ["title", "version_number"])
        XCTAssertTrue(trimmed.allSatisfy { $0.body == nil }, "fields[pages] leaves the bodies out")
        let sorted = try await client.listPages(.init(projectID: "7"), sort: "-title")
        XCTAssertEqual(sorted.map(\.title), ["Tools", "Onboarding", "Handbook"])
        }
    }

    func testBodyWritesBumpTheVersion() async throws {
        try await withSandboxClient { client, _ in
        let page = try await client.createPage(title: "Log", markdown: "Start.", in: .project("1"))
        var result = try await client.write(.appendMarkdown, "One **bold**.", to: page.id)
        XCTAssertEqual(result.versionNumber, 1)
        result = try await client.write(.appendHTML, "<banner type=\"warning\"><p>Two</p></banner>", to: page.id, currentVersion: .known(1))
        XCTAssertEqual(result.versionNumber, 2)
        XCTAssertTrue(result.bodyText.contains("Start.") && result.bodyText.contains("Two"))
        result = try await client.write(.replaceWithMarkdown, "Only this.", to: page.id)
        XCTAssertEqual(result.versionNumber, 3)
        XCTAssertFalse(result.bodyText.contains("Start."))
        result = try await client.write(.replaceWithHTML, "<p style=\"text-align: center\">Centered</p>", to: page.id)
        XCTAssertEqual(result.versionNumber, 4)
        XCTAssertTrue(result.body?.contains("\"horizontalAlign\":\"center\"") == true)
        }
    }

    func testRenameMoveAndCascadingDelete() async throws {
        try await withSandboxClient { client, _ in
        let a = try await client.createPage(title: "A", markdown: "a", in: .project("1"))
        let b = try await client.createPage(title: "B", markdown: "b", in: .project("1"))
        let child = try await client.createPage(title: "Child", markdown: "c", in: .under(parent: a.id, root: a.id))
        let renamed = try await client.rename(child.id, to: "Renamed")
        XCTAssertEqual(renamed.title, "Renamed")
        let moved = try await client.move(child.id, to: b.id)
        XCTAssertEqual(moved.parentPageID, b.id)
        XCTAssertEqual(moved.rootPageID, b.id)
        try await client.delete(b.id)
        for id in [b.id, child.id] {
            do {
                _ = try await client.page(id)
                XCTFail("page \(id) should be gone")
            } catch let error as ProductiveAPIError {
                XCTAssertEqual(error.status, 404)
            }
        }
        try await client.delete(b.id)  // already gone: still fine
        _ = try await client.page(a.id)
        }
    }

    func testListFollowsEveryPageOfResults() async throws {
        try await withSandboxClient { client, _ in
        let doc = try await client.createPage(title: "Big", markdown: "root", in: .project("3"))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<450 {
                group.addTask {
                    _ = try await client.createPage(title: "Page \(index)", markdown: "Body \(index)", in: .under(parent: doc.id, root: doc.id))
                }
            }
            try await group.waitForAll()
        }
        let all = try await client.listPages(.init(parentPageIDs: [doc.id]), fields: ["title"])
        XCTAssertEqual(all.count, 450)
        XCTAssertEqual(Set(all.map(\.title)).count, 450)
        }
    }

    /// By ids: one request per 200 ids, sent side by side, and only the pages asked for that exist.
    func testListByIDsAsksPerChunkAndKeepsThePagesThatExist() async throws {
        try await withSandboxClient { client, sandbox in
        let doc = try await client.createPage(title: "Big", markdown: "root", in: .project("3"))
        var created: [String] = []
        for index in 0..<420 {
            created.append(try await client.createPage(title: "Page \(index)", markdown: "Body", in: .under(parent: doc.id, root: doc.id)).id)
        }
        let asked = Array(created.prefix(410)) + ["999999"]
        let readsBefore = sandbox.requests.reads
        let listed = try await client.listPages(ids: asked, fields: ["title", "version_number"])
        XCTAssertEqual(sandbox.requests.reads - readsBefore, 3, "411 ids: three list requests of at most 200")
        XCTAssertEqual(Set(listed.keys), Set(created.prefix(410)), "every page asked for that exists, the unknown id and the pages not asked for left out")
        for (id, page) in listed { XCTAssertEqual(page.id, id) }
        XCTAssertEqual(listed[created[0]]?.title, "Page 0")
        XCTAssertEqual(listed[created[409]]?.title, "Page 409")
        }
    }
}
