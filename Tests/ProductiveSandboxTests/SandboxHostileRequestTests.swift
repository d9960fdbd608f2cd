import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import ProductiveAPI
import ProductiveSandbox
import XCTest

/// Item 7 of issue 12: hostile requests never crash the sandbox nor take its memory; the page views
/// need the token. Every request here has a timeout and goes to loopback only.
final class SandboxHostileRequestTests: XCTestCase {
    private struct Raw {
        let status: Int
        let text: String
    }

    private func send(_ url: String, _ method: HTTPMethod = .GET, headers: [(String, String)] = [("X-Auth-Token", SandboxServer.defaultToken), ("X-Organization-Id", "1")],
                      body: ByteBuffer? = nil) async throws -> Raw {
        var request = HTTPClientRequest(url: url)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(body) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(20))
        let text = String(buffer: try await response.body.collect(upTo: 16 << 20))
        return Raw(status: Int(response.status.code), text: text)
    }

    func testQueryStringsThatOnceCrashedAreAnswered() async throws {
        let sandbox = try await SandboxServer.start()
        defer { Task { await sandbox.stop() } }
        _ = try await send(sandbox.baseURL + "/pages/create_with_markdown", .POST,
                           headers: [("X-Auth-Token", SandboxServer.defaultToken), ("X-Organization-Id", "1"), ("Content-Type", "application/vnd.api+json")],
                           body: ByteBuffer(string: #"{"data":{"type":"pages","attributes":{"title":"T","markdown":"x","project_id":1}}}"#))
        let queries = [
            "?=", "?&&=&", "?==", "?=x", "?%", "?%zz=%", "?page%5Bnumber%5D=9223372036854775807&page%5Bsize%5D=200",
            "?page%5Bnumber%5D=99999999999999999999999", "?page%5Bsize%5D=-1", "?page%5Bnumber%5D=0", "?sort=", "?sort=-",
            "?filter%5Bid%5D=,,,", "?filter%5Bquery%5D=%00%FF", "?fields%5Bpages%5D=", "?page%5Bnumber%5D=4611686018427387904&page%5Bsize%5D=4",
        ]
        for query in queries {
            let response = try await send(sandbox.baseURL + "/pages" + query)
            XCTAssertTrue([200, 400].contains(response.status), "\(query): \(response.status)")
        }
        let after = try await send(sandbox.baseURL + "/pages")
        XCTAssertEqual(after.status, 200, "still alive")
    }

    /// A 10 MB body is refused with 413 before it is read, and the process does not grow by gigabytes.
    func testTenMegabyteBodyIs413AndMemoryStaysBounded() async throws {
        let sandbox = try await SandboxServer.start()
        defer { Task { await sandbox.stop() } }
        let before = Self.residentMegabytes()
        let list = String(repeating: "- item\n", count: (10 << 20) / 7)
        let body = try JSONSerialization.data(withJSONObject: ["data": ["type": "pages", "attributes": ["title": "Big", "markdown": list, "project_id": 1]]])
        let headers = [("X-Auth-Token", SandboxServer.defaultToken), ("X-Organization-Id", "1"), ("Content-Type", "application/vnd.api+json")]
        let response = try await send(sandbox.baseURL + "/pages/create_with_markdown", .POST, headers: headers, body: ByteBuffer(bytes: body))
        XCTAssertEqual(response.status, 413)
        XCTAssertTrue(response.text.contains("limited to 2048 KB"), response.text)
        // Under the byte cap but 30,000 list items: refused too (conversion costs memory per node).
        let manyItems = try JSONSerialization.data(withJSONObject: ["data": ["type": "pages", "attributes": ["title": "Many", "markdown": String(repeating: "- item\n", count: 30_000), "project_id": 1]]])
        let refused = try await send(sandbox.baseURL + "/pages/create_with_markdown", .POST, headers: headers, body: ByteBuffer(bytes: manyItems))
        XCTAssertEqual(refused.status, 413)
        XCTAssertTrue(refused.text.contains("more than 20000 lines"), refused.text)
        // Just under both caps: converted, and memory stays within a few hundred MB.
        let nearCap = try JSONSerialization.data(withJSONObject: ["data": ["type": "pages", "attributes": ["title": "Near", "markdown": String(repeating: "- item\n", count: 19_000), "project_id": 1]]])
        let accepted = try await send(sandbox.baseURL + "/pages/create_with_markdown", .POST, headers: headers, body: ByteBuffer(bytes: nearCap))
        XCTAssertEqual(accepted.status, 201)
        let grown = Self.residentMegabytes() - before
        print("peak resident memory grew by \(grown) MB")
        XCTAssertLessThan(grown, 800, "resident memory grew by \(grown) MB")
    }

    func testPageViewsNeedTheTokenUnlessOpen() async throws {
        let sandbox = try await SandboxServer.start()
        defer { Task { await sandbox.stop() } }
        let anonymous = try await send(sandbox.viewURL + "/", headers: [])
        XCTAssertEqual(anonymous.status, 401)
        let wrong = try await send(sandbox.viewURL + "/?token=nope", headers: [])
        XCTAssertEqual(wrong.status, 401)
        let byQuery = try await send(sandbox.viewURL + "/?token=\(SandboxServer.defaultToken)", headers: [])
        XCTAssertEqual(byQuery.status, 200)
        let byCookie = try await send(sandbox.viewURL + "/pages/1", headers: [("Cookie", "sandbox_token=\(SandboxServer.defaultToken)")])
        XCTAssertEqual(byCookie.status, 404, "past the gate: no such page")

        let open = try await SandboxServer.start(SandboxConfiguration(openPageView: true))
        defer { Task { await open.stop() } }
        let free = try await send(open.viewURL + "/", headers: [])
        XCTAssertEqual(free.status, 200)
    }

    /// Randomized but seeded and bounded: query strings, headers and JSON bodies the sandbox must
    /// survive with a 2xx/4xx answer, never a crash, a hang or a 5xx.
    func testFuzzedRequestsNeverCrashTheSandbox() async throws {
        let sandbox = try await SandboxServer.start(SandboxConfiguration(rateLimits: [.init(count: 100_000, window: .seconds(1))]))
        defer { Task { await sandbox.stop() } }
        var random = SeededRandom(seed: 0x5EED_1234)
        let queryParts = ["", "=", "&", "%", "%2", "%zz", "[", "]", "page%5Bnumber%5D", "page%5Bsize%5D", "filter%5Bid%5D", "filter%5Bparent_page_id%5D",
                          "filter%5Bquery%5D", "sort", "fields%5Bpages%5D", "include", "9223372036854775807", "-1", "0", "1", "é", "%00", "+", ",", "title,-id"]
        let paths = ["/pages", "/pages/1001", "/pages/-1", "/pages/99999999999999999999", "/pages/abc", "/pages/create_with_markdown",
                     "/pages/1001/append_markdown", "/pages/1001/replace_body_with_html", "/pages/1001/move", "/pages/1001/unknown"]
        let methods: [HTTPMethod] = [.GET, .POST, .PATCH, .DELETE]
        let bodies = [
            "", "{", "[]", "null", "{\"data\":null}", "{\"data\":{\"attributes\":{\"title\":5,\"markdown\":[]}}}",
            "{\"markdown\":\"# Hi\"}", "{\"html\":\"<p>x</p>\"}", "{\"markdown\":\"\\u0000\"}", String(repeating: "[", count: 100_000),
            "{\"data\":{\"type\":\"pages\",\"attributes\":{\"title\":\"T\",\"markdown\":\"x\",\"project_id\":1e308}}}",
            "{\"data\":{\"type\":\"pages\",\"attributes\":{\"title\":\"T\",\"markdown\":\"x\",\"parent_page_id\":\"1001\",\"root_page_id\":-5}}}",
            "{\"data\":{\"attributes\":{\"target_doc_id\":99999999999999999999999}}}",
        ]
        let contentTypes = ["application/vnd.api+json", "application/json", "", "application/vnd.api+json; charset=utf-8", "text/plain\u{7F}"]
        let tokens = [SandboxServer.defaultToken, "", "x", String(repeating: "t", count: 4000), "sandbox-token\u{7F}"]
        for _ in 0..<300 {
            var query = ""
            for _ in 0..<random.next(upTo: 6) { query += queryParts[random.next(upTo: queryParts.count)] }
            let path = paths[random.next(upTo: paths.count)] + (query.isEmpty ? "" : "?" + query)
            var headers = [("X-Organization-Id", random.next(upTo: 5) == 0 ? "2" : "1"), ("X-Auth-Token", tokens[random.next(upTo: tokens.count)])]
            headers.append(("Content-Type", contentTypes[random.next(upTo: contentTypes.count)]))
            let method = methods[random.next(upTo: methods.count)]
            let body = method == .GET || method == .DELETE ? nil : ByteBuffer(string: bodies[random.next(upTo: bodies.count)])
            let response: Raw
            do {
                response = try await send(sandbox.baseURL + path, method, headers: headers, body: body)
            } catch {
                // The client refused to send it (an invalid URL or header): nothing reached the sandbox.
                continue
            }
            XCTAssertTrue((200..<500).contains(response.status), "\(method) \(path): \(response.status) \(response.text.prefix(200))")
        }
        let alive = try await send(sandbox.baseURL + "/pages")
        XCTAssertEqual(alive.status, 200)
    }

    /// The process's peak resident memory so far (VmHWM), in MB.
    private static func residentMegabytes() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) else { return 0 }
        let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
        return kilobytes / 1024
    }
}

/// SplitMix64: the same sequence for the same seed, on every machine.
struct SeededRandom {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next(upTo bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Int(z % UInt64(max(1, bound)))
    }
}
