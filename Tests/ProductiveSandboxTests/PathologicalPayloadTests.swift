import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import ProductiveSandbox
import XCTest

/// The sandbox converts Markdown payloads through SourceReading, so it refuses the shapes that make
/// cmark-gfm super-linear (PD018) per request, with 422, instead of hanging.
final class PathologicalPayloadTests: XCTestCase {
    private func send(_ sandbox: SandboxServer, _ method: HTTPMethod, _ path: String, _ body: [String: Any]) async throws -> (status: Int, text: String) {
        var request = HTTPClientRequest(url: sandbox.baseURL + path)
        request.method = method
        request.headers.add(name: "X-Auth-Token", value: SandboxServer.defaultToken)
        request.headers.add(name: "X-Organization-Id", value: "1")
        request.headers.add(name: "Content-Type", value: "application/vnd.api+json")
        request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body)))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        return (Int(response.status.code), String(buffer: try await response.body.collect(upTo: 8 << 20)))
    }

    func testCVEShapedMarkdownIs422WithAClearMessage() async throws {
        // Past the content cap (20,000 lines) a payload is refused with 413 before it is read; lift the
        // cap here so the request reaches the PD018 check.
        let sandbox = try await SandboxServer.start(SandboxConfiguration(rateLimits: [], maxContentLines: 200_000))
        defer { Task { await sandbox.stop() } }
        let hostile = String(repeating: " -", count: 40_000) + " > ```" + String(repeating: "\n", count: 40_000)
        let created = try await send(sandbox, .POST, "/pages/create_with_markdown", [
            "data": ["type": "pages", "attributes": ["title": "Hostile", "markdown": hostile, "project_id": 1]],
        ])
        XCTAssertEqual(created.status, 422, created.text)
        XCTAssertTrue(created.text.contains("PD018") && created.text.contains("nested"), created.text)

        let fine = try await send(sandbox, .POST, "/pages/create_with_markdown", [
            "data": ["type": "pages", "attributes": ["title": "Fine", "markdown": "Hello", "project_id": 1]],
        ])
        XCTAssertEqual(fine.status, 201, fine.text)
        let id = try XCTUnwrap(((try JSONSerialization.jsonObject(with: Data(fine.text.utf8)) as? [String: Any])?["data"] as? [String: Any])?["id"] as? String)
        let brackets = "intro\n\n" + String(repeating: "[", count: 300_000) + "a\n"
        for endpoint in ["append_markdown", "replace_body_with_markdown"] {
            let written = try await send(sandbox, .PATCH, "/pages/\(id)/\(endpoint)", ["markdown": brackets])
            XCTAssertEqual(written.status, 422, "\(endpoint): \(written.text)")
            XCTAssertTrue(written.text.contains("PD018") && written.text.contains("line 3"), written.text)
        }
    }
}
