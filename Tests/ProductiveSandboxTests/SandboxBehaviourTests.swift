import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import ProductiveAPI
import ProductiveSandbox
import XCTest

/// What the sandbox promises beyond the client's view: raw statuses, persistence, the page view.
final class SandboxBehaviourTests: XCTestCase {
    private struct Raw {
        let status: Int
        let text: String
        let headers: [String: String]
    }

    private func raw(_ sandbox: SandboxServer, _ method: HTTPMethod, _ path: String, body: String? = nil, token: String? = SandboxServer.defaultToken) async throws -> Raw {
        var request = HTTPClientRequest(url: sandbox.viewURL + path)
        request.method = method
        if let token { request.headers.add(name: "X-Auth-Token", value: token) }
        request.headers.add(name: "X-Organization-Id", value: "1")
        if let body {
            request.headers.add(name: "Content-Type", value: "application/vnd.api+json")
            request.body = .bytes(ByteBuffer(string: body))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let text = String(buffer: try await response.body.collect(upTo: 8 << 20))
        var headers: [String: String] = [:]
        for header in response.headers { headers[header.name.lowercased()] = header.value }
        return Raw(status: Int(response.status.code), text: text, headers: headers)
    }

    private func json(_ raw: Raw) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(raw.text.utf8))) as? [String: Any] ?? [:]
    }

    func testCreateAnswers201WithTheDocumentAndVersionNull() async throws {
        let sandbox = try await SandboxServer.start()
        defer { Task { await sandbox.stop() } }
        let created = try await raw(sandbox, .POST, "/api/v2/pages/create_with_markdown",
                                    body: ##"{"data":{"type":"pages","attributes":{"title":"Doc","markdown":"# Hi\n\n- [x] done","project_id":3}}}"##)
        XCTAssertEqual(created.status, 201)
        XCTAssertEqual(created.headers["content-type"], "application/vnd.api+json")
        let data = json(created)["data"] as? [String: Any]
        let attributes = data?["attributes"] as? [String: Any]
        XCTAssertTrue(attributes?["version_number"] is NSNull)
        let body = try XCTUnwrap(attributes?["body"] as? String, "the body is a JSON string")
        let document = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]
        XCTAssertEqual(document?["type"] as? String, "doc")
        XCTAssertTrue(body.contains("\"checklist\""))
        let id = try XCTUnwrap(data?["id"] as? String)
        let deleted = try await raw(sandbox, .DELETE, "/api/v2/pages/\(id)")
        XCTAssertEqual(deleted.status, 204)
        let response1 = try await raw(sandbox, .GET, "/api/v2/pages/\(id)")
        XCTAssertEqual(response1.status, 404)
    }

    func testListValidatesSortAndPaginatesWithMeta() async throws {
        let sandbox = try await SandboxServer.start()
        defer { Task { await sandbox.stop() } }
        for index in 0..<5 {
            _ = try await raw(sandbox, .POST, "/api/v2/pages/create_with_markdown", body: #"{"data":{"type":"pages","attributes":{"title":"P\#(index)","markdown":"x","project_id":1}}}"#)
        }
        let response2 = try await raw(sandbox, .GET, "/api/v2/pages?sort=position")
        XCTAssertEqual(response2.status, 400)
        let response3 = try await raw(sandbox, .GET, "/api/v2/pages?filter%5Bcolour%5D=red")
        XCTAssertEqual(response3.status, 400)
        let page = try await raw(sandbox, .GET, "/api/v2/pages?page%5Bsize%5D=2&page%5Bnumber%5D=3&sort=-title")
        let object = json(page)
        let meta = object["meta"] as? [String: Any]
        XCTAssertEqual(meta?["total_pages"] as? Int, 3)
        XCTAssertEqual(meta?["total_count"] as? Int, 5)
        let titles = (object["data"] as? [[String: Any]])?.compactMap { ($0["attributes"] as? [String: Any])?["title"] as? String }
        XCTAssertEqual(titles, ["P0"])
    }

    func test429CarriesTheResetHeaderAndLimit() async throws {
        let sandbox = try await SandboxServer.start(SandboxConfiguration(rateLimits: [.init(count: 3, window: .seconds(5))]))
        defer { Task { await sandbox.stop() } }
        for _ in 0..<3 {
            let response4 = try await raw(sandbox, .GET, "/api/v2/pages")
            XCTAssertEqual(response4.status, 200)
        }
        let limited = try await raw(sandbox, .GET, "/api/v2/pages")
        XCTAssertEqual(limited.status, 429)
        XCTAssertEqual(limited.headers["x-ratelimit-reset"].flatMap { Int($0) }.map { (1...5).contains($0) }, true)
        let error = (json(limited)["errors"] as? [[String: Any]])?.first
        XCTAssertEqual(error?["limit"] as? Int, 3)
        XCTAssertEqual(error?["period"] as? Int, 5)
    }

    func testMissingTokenIs401() async throws {
        let sandbox = try await SandboxServer.start()
        defer { Task { await sandbox.stop() } }
        let response5 = try await raw(sandbox, .GET, "/api/v2/pages", token: nil)
        XCTAssertEqual(response5.status, 401)
    }

    func testDroppedAnswersStillApplyTheChange() async throws {
        let sandbox = try await SandboxServer.start(SandboxConfiguration(dropRate: 1))
        defer { Task { await sandbox.stop() } }
        do {
            _ = try await raw(sandbox, .POST, "/api/v2/pages/create_with_markdown", body: #"{"data":{"type":"pages","attributes":{"title":"Lost","markdown":"x","project_id":1}}}"#)
            XCTFail("the answer should never come")
        } catch {}
        let list = try await raw(sandbox, .GET, "/api/v2/pages")
        XCTAssertTrue(list.text.contains("Lost"), "the change was applied")
    }

    func testPersistenceKeepsPagesAndBodies() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("sandbox-\(UUID().uuidString).json").path
        let first = try await SandboxServer.start(SandboxConfiguration(dataFile: file))
        let client = ProductiveClient(configuration: ProductiveConfiguration(token: SandboxServer.defaultToken, organizationID: "1", baseURL: first.baseURL))
        let page = try await client.createPage(title: "Kept", markdown: "Body text.", in: .project("1"))
        _ = try await client.write(.appendHTML, "<banner type=\"success\"><p>Appended</p></banner>", to: page.id)
        try await client.shutdown()
        await first.stop()

        let second = try await SandboxServer.start(SandboxConfiguration(dataFile: file))
        let again = ProductiveClient(configuration: ProductiveConfiguration(token: SandboxServer.defaultToken, organizationID: "1", baseURL: second.baseURL))
        let read = try await again.page(page.id)
        XCTAssertEqual(read.versionNumber, 1)
        XCTAssertTrue(read.bodyText.contains("Body text.") && read.bodyText.contains("Appended"))
        XCTAssertTrue(read.body?.contains("\"banner\"") == true)
        try await again.shutdown()
        await second.stop()
    }

    func testPageViewShowsTheTreeAndEachPage() async throws {
        let sandbox = try await SandboxServer.start()
        defer { Task { await sandbox.stop() } }
        let client = ProductiveClient(configuration: ProductiveConfiguration(token: SandboxServer.defaultToken, organizationID: "1", baseURL: sandbox.baseURL))
        let doc = try await client.createPage(title: "Handbook <draft>", markdown: "Welcome **all**.", in: .project("9"))
        _ = try await client.createPage(title: "Onboarding", markdown: "Day one.", in: .under(parent: doc.id, root: doc.id))
        try await client.shutdown()
        let index = try await raw(sandbox, .GET, "/")
        XCTAssertEqual(index.status, 200)
        XCTAssertTrue(index.text.contains("Handbook &lt;draft&gt;"))
        XCTAssertTrue(index.text.contains("Onboarding"))
        let view = try await raw(sandbox, .GET, "/pages/\(doc.id)")
        XCTAssertTrue(view.text.contains("<strong>all</strong>"))
        let response6 = try await raw(sandbox, .GET, "/pages/999999")
        XCTAssertEqual(response6.status, 404)
    }

    /// The index lists pages in tree order: each page, then its children by `position` (not in the
    /// order they were created), docs of a project by position too.
    func testPageViewIndexListsSiblingsByPositionInTreeOrder() async throws {
        let sandbox = try await SandboxServer.start()
        defer { Task { await sandbox.stop() } }
        let client = ProductiveClient(configuration: ProductiveConfiguration(token: SandboxServer.defaultToken, organizationID: "1", baseURL: sandbox.baseURL))
        _ = try await client.createPage(title: "Guide doc", markdown: "G.", in: .project("9"))
        let handbook = try await client.createPage(title: "Handbook doc", markdown: "H.", in: .project("9"), position: 1)
        let under = ProductiveClient.Location.under(parent: handbook.id, root: handbook.id)
        let third = try await client.createPage(title: "Third child", markdown: "3.", in: under)
        _ = try await client.createPage(title: "First child", markdown: "1.", in: under, position: 1)
        _ = try await client.createPage(title: "Grandchild", markdown: "g.", in: .under(parent: third.id, root: handbook.id))
        _ = try await client.createPage(title: "Second child", markdown: "2.", in: under, position: 2)
        try await client.shutdown()
        let index = try await raw(sandbox, .GET, "/").text
        let order = ["Handbook doc", "First child", "Second child", "Third child", "Grandchild", "Guide doc"]
        let offsets = order.map { title in index.range(of: ">\(title)</a>").map { index.distance(from: index.startIndex, to: $0.lowerBound) } ?? -1 }
        XCTAssertFalse(offsets.contains(-1), index)
        XCTAssertEqual(offsets, offsets.sorted(), "tree order by position: \(index)")
    }

    /// A person's view: headless Chromium renders the page (skipped where Debian's chromium is absent).
    func testHeadlessChromiumRendersThePage() async throws {
        let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }
        try XCTSkipIf(chromium == nil, "chromium is not installed")
        let sandbox = try await SandboxServer.start()
        defer { Task { await sandbox.stop() } }
        let client = ProductiveClient(configuration: ProductiveConfiguration(token: SandboxServer.defaultToken, organizationID: "1", baseURL: sandbox.baseURL))
        let page = try await client.createPage(title: "Rendered", markdown: "A paragraph with *emphasis*.", in: .project("1"))
        _ = try await client.write(.appendHTML, "<banner type=\"warning\"><p>Careful</p></banner>", to: page.id)
        try await client.shutdown()

        let process = Process()
        process.executableURL = URL(fileURLWithPath: chromium!)
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", "\(sandbox.viewURL)/pages/\(page.id)?token=\(SandboxServer.defaultToken)"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let dom = String(decoding: data, as: UTF8.self)
        XCTAssertTrue(dom.contains("<h1 class=\"page-title\">Rendered</h1>"), dom)
        XCTAssertTrue(dom.contains("<em>emphasis</em>"))
        XCTAssertTrue(dom.contains("<banner type=\"warning\">"))
    }
}
