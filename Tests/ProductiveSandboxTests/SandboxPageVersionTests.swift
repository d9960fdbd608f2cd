import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import ProductiveAPI
import ProductiveSandbox
import XCTest

/// `/page_versions` as raw HTTP, its persistence, and the faults added for verification and snapshots.
final class SandboxPageVersionTests: XCTestCase {
    private func send(_ sandbox: SandboxServer, _ method: HTTPMethod, _ path: String, body: String? = nil) async throws -> (status: Int, json: [String: Any]) {
        var request = HTTPClientRequest(url: sandbox.baseURL + path)
        request.method = method
        request.headers.add(name: "X-Auth-Token", value: SandboxServer.defaultToken)
        request.headers.add(name: "X-Organization-Id", value: "1")
        if let body {
            request.headers.add(name: "Content-Type", value: "application/vnd.api+json")
            request.body = .bytes(ByteBuffer(string: body))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let data = Data(buffer: try await response.body.collect(upTo: 1 << 20))
        return (Int(response.status.code), (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:])
    }

    func testStatusesAndDocumentsAndPersistence() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("sandbox-versions-\(UUID().uuidString).json").path
        var sandbox = try await SandboxServer.start(SandboxConfiguration(dataFile: file))
        let created = try await send(sandbox, .POST, "/pages/create_with_markdown", body: #"{"data":{"type":"pages","attributes":{"title":"Runbook","markdown":"Steps.","project_id":3}}}"#)
        let id = try XCTUnwrap((created.json["data"] as? [String: Any])?["id"] as? String)

        let made = try await send(sandbox, .POST, "/page_versions", body: #"{"data":{"type":"page_versions","attributes":{"page_id":\#(id),"name":"v1"}}}"#)
        XCTAssertEqual(made.status, 201)
        let resource = try XCTUnwrap(made.json["data"] as? [String: Any])
        XCTAssertEqual(resource["type"] as? String, "page_versions")
        let attributes = try XCTUnwrap(resource["attributes"] as? [String: Any])
        XCTAssertEqual(attributes["name"] as? String, "v1")
        XCTAssertEqual(attributes["title_snapshot"] as? String, "Runbook")
        XCTAssertTrue((attributes["body_snapshot"] as? String)?.contains("Steps.") ?? false, "the body as a JSON string")
        XCTAssertNotNil(attributes["created_at"] as? String)
        let person = ((resource["relationships"] as? [String: Any])?["person"] as? [String: Any])?["data"] as? [String: Any]
        XCTAssertEqual(person?["type"] as? String, "people")

        let missing = try await send(sandbox, .POST, "/page_versions", body: #"{"data":{"type":"page_versions","attributes":{"name":"v1"}}}"#)
        XCTAssertEqual(missing.status, 422)
        let flat = try await send(sandbox, .POST, "/page_versions", body: #"{"page_id":\#(id)}"#)
        XCTAssertEqual(flat.status, 422)
        let badSort = try await send(sandbox, .GET, "/page_versions?filter[page_id]=\(id)&sort=position")
        XCTAssertEqual(badSort.status, 400)
        let badFilter = try await send(sandbox, .GET, "/page_versions?filter[person_id]=1")
        XCTAssertEqual(badFilter.status, 400)

        await sandbox.stop()
        sandbox = try await SandboxServer.start(SandboxConfiguration(dataFile: file))
        let listed = try await send(sandbox, .GET, "/page_versions?filter[page_id]=\(id)&sort=-created_at")
        XCTAssertEqual(listed.status, 200)
        XCTAssertEqual((listed.json["data"] as? [[String: Any]])?.count, 1, "versions survive a restart")
        XCTAssertEqual((listed.json["meta"] as? [String: Any])?["total_count"] as? Int, 1)
        _ = try await send(sandbox, .DELETE, "/pages/\(id)")
        let afterDelete = try await send(sandbox, .GET, "/page_versions?filter[page_id]=\(id)")
        XCTAssertEqual((afterDelete.json["data"] as? [[String: Any]])?.count, 0, "a deleted page's versions go with it")
        await sandbox.stop()
        try? FileManager.default.removeItem(atPath: file)
    }

    func testFaultNames() {
        XCTAssertEqual(SandboxFault.parse("noop-write:replace*2"), SandboxFault(.noopWrite, on: .replace, times: 2))
        XCTAssertEqual(SandboxFault.parse("noop-write"), SandboxFault(.noopWrite, on: .any, times: nil))
        XCTAssertEqual(SandboxFault.parse("drop-last-word:replace"), SandboxFault(.dropLastWord, on: .replace, times: nil))
        XCTAssertEqual(SandboxFault.parse("link-suffix=?ref=x:write*100"), SandboxFault(.linkSuffix("?ref=x"), on: .write, times: 100))
        XCTAssertEqual(SandboxFault.parse("503:snapshot"), SandboxFault(.unavailable, on: .snapshot, times: nil))
    }
}
