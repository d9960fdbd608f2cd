import AsyncHTTPClient
import Foundation
import NIOCore
import ProductiveAPI
import ProductiveSandbox
import XCTest

/// The sandbox keeps where each page comes among its siblings: `position` on create, a move makes
/// the page the last child (under its own parent too), and pages are listed with their position.
final class SandboxPageOrderTests: XCTestCase {
    private func titles(_ client: ProductiveClient, under parent: String) async throws -> [String] {
        let children = try await client.listPages(.init(parentPageIDs: [parent]), fields: ["title", "position"])
        XCTAssertEqual(children.compactMap(\.position).sorted(), Array(1...children.count), "positions 1, 2, 3... among siblings")
        return children.sorted { ($0.position ?? 0) < ($1.position ?? 0) }.map(\.title)
    }

    func testPositionOnCreateAndMoveToTheEnd() async throws {
        let sandbox = try await SandboxServer.start()
        let client = ProductiveClient(configuration: ProductiveConfiguration(token: SandboxServer.defaultToken, organizationID: "1", baseURL: sandbox.baseURL))
        addTeardownBlock {
            try? await client.shutdown()
            await sandbox.stop()
        }
        let doc = try await client.createPage(title: "Doc", markdown: "Top.", in: .project("1"))
        let under = ProductiveClient.Location.under(parent: doc.id, root: doc.id)
        let a = try await client.createPage(title: "A", markdown: "A", in: under)
        _ = try await client.createPage(title: "C", markdown: "C", in: under)
        let b = try await client.createPage(title: "B", markdown: "B", in: under, position: 2)
        XCTAssertEqual(b.position, 2, "the create's answer carries the position")
        _ = try await client.createPage(title: "Z", markdown: "Z", in: under, position: 99)
        var order = try await titles(client, under: doc.id)
        XCTAssertEqual(order, ["A", "B", "C", "Z"], "position 2 goes second, one past the end goes last")

        _ = try await client.moveToEnd(a.id, of: doc.id)
        order = try await titles(client, under: doc.id)
        XCTAssertEqual(order, ["B", "C", "Z", "A"], "a move under the page's own parent re-appends it")

        let other = try await client.createPage(title: "Other", markdown: "O", in: under)
        _ = try await client.move(b.id, to: other.id)
        order = try await titles(client, under: other.id)
        XCTAssertEqual(order, ["B"])
        order = try await titles(client, under: doc.id)
        XCTAssertEqual(order, ["C", "Z", "A", "Other"], "the siblings left behind are numbered again")
    }

    func testAPositionThatIsNotAWholeNumberFromOneIs422() async throws {
        let sandbox = try await SandboxServer.start()
        addTeardownBlock { await sandbox.stop() }
        for position in ["0", "-1", "\"first\"", "1.5"] {
            var request = HTTPClientRequest(url: sandbox.baseURL + "/pages/create_with_markdown")
            request.method = .POST
            request.headers.add(name: "X-Auth-Token", value: SandboxServer.defaultToken)
            request.headers.add(name: "X-Organization-Id", value: "1")
            request.headers.add(name: "Content-Type", value: "application/vnd.api+json")
            request.body = .bytes(ByteBuffer(string: #"{"data":{"type":"pages","attributes":{"title":"P","markdown":"x","project_id":1,"position":\#(position)}}}"#))
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
            let text = String(buffer: try await response.body.collect(upTo: 1 << 20))
            XCTAssertEqual(response.status.code, 422, "position \(position): \(text)")
            XCTAssertTrue(text.contains("/data/attributes/position"), text)
        }
    }
}
