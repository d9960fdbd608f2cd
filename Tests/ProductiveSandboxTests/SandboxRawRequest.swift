import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import ProductiveSandbox
import XCTest

/// One request to a sandbox over loopback, sent by hand, and what came back.
struct SandboxRawAnswer {
    let status: Int
    let text: String

    var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:] }
    /// The first error of the error document.
    var error: [String: Any] { (json["errors"] as? [[String: Any]])?.first ?? [:] }
    /// The first error's `source.pointer`.
    var pointer: String? { (error["source"] as? [String: Any])?["pointer"] as? String }
    var detail: String? { error["detail"] as? String }
    /// `data.id` of a resource document.
    var id: String? { (json["data"] as? [String: Any])?["id"] as? String }

    /// Sends `body` (if any) to `path` under the API with the default token and organization,
    /// unless `token` or `contentType` say otherwise.
    static func send(
        _ sandbox: SandboxServer, _ method: HTTPMethod, _ path: String, body: String? = nil,
        token: String? = SandboxServer.defaultToken, contentType: String = "application/vnd.api+json"
    ) async throws -> SandboxRawAnswer {
        var request = HTTPClientRequest(url: sandbox.baseURL + path)
        request.method = method
        if let token { request.headers.add(name: "X-Auth-Token", value: token) }
        request.headers.add(name: "X-Organization-Id", value: SandboxServer.defaultOrganization)
        if let body {
            request.headers.add(name: "Content-Type", value: contentType)
            request.body = .bytes(ByteBuffer(string: body))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let text = String(buffer: try await response.body.collect(upTo: 8 << 20))
        return SandboxRawAnswer(status: Int(response.status.code), text: text)
    }
}
