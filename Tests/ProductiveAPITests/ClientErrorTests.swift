import AsyncHTTPClient
import Foundation
import NIOCore
import ProductiveAPI
import ProductiveSandbox
import XCTest

/// Every error status, and hostile conditions: each ends in one clear, typed error, never a crash.
final class ClientErrorTests: XCTestCase {
    private func withSandbox(_ configuration: SandboxConfiguration = SandboxConfiguration(), token: String = SandboxServer.defaultToken, organization: String = "1",
                             _ body: (ProductiveClient, SandboxServer) async throws -> Void) async throws {
        try await withSandboxClient(configuration, token: token, organization: organization, body)
    }

    private func expectError(_ status: Int?, _ hintPart: String, _ body: () async throws -> Void, file: StaticString = #filePath, line: UInt = #line) async -> ProductiveAPIError? {
        do {
            try await body()
            XCTFail("expected an error", file: file, line: line)
            return nil
        } catch let error as ProductiveAPIError {
            XCTAssertEqual(error.status, status, "\(error)", file: file, line: line)
            XCTAssertTrue(error.description.contains(hintPart), "\(error.description)", file: file, line: line)
            XCTAssertFalse(error.description.contains(SandboxServer.defaultToken), "the token must never appear", file: file, line: line)
            return error
        } catch {
            XCTFail("not a ProductiveAPIError: \(error)", file: file, line: line)
            return nil
        }
    }

    func testWrongTokenIs401WithAHint() async throws {
        try await withSandbox(token: "not-the-token") { client, _ in
            _ = await expectError(401, "check PRODUCTIVE_API_TOKEN") { _ = try await client.listPages(.init()) }
        }
    }

    func testWrongOrganizationIs403WithAHint() async throws {
        try await withSandbox(organization: "99") { client, _ in
            _ = await expectError(403, "check PRODUCTIVE_ORGANIZATION_ID") { _ = try await client.page("1") }
        }
    }

    func testMissingPageIs404() async throws {
        try await withSandbox { client, _ in
            let missing = await expectError(404, "no such page") { _ = try await client.page("424242") }
            XCTAssertEqual(missing?.description, "read page 424242 failed: HTTP 404 Not found (page 424242 does not exist); no such page (it may have been deleted in Productive)",
                           "one sentence: the answer, then what to do")
            _ = await expectError(404, "no such page") { try await client.write(.appendMarkdown, "x", to: "424242", currentVersion: .known(nil)) }
        }
    }

    func testInvalidContentIs422WithTheDetail() async throws {
        try await withSandbox { client, _ in
            let error = await expectError(422, "markdown is required") { _ = try await client.createPage(title: "Empty", markdown: "  ", in: .project("1")) }
            XCTAssertEqual(error?.title, "Unprocessable entity")
            _ = await expectError(422, "parent page 999 does not exist") {
                _ = try await client.createPage(title: "Orphan", markdown: "x", in: .under(parent: "999", root: "999"))
            }
            let page = try await client.createPage(title: "P", markdown: "x", in: .project("1"))
            _ = await expectError(422, "must not be empty") { try await client.write(.appendMarkdown, "", to: page.id) }
        }
    }

    func testStrictSandboxRefusesWhatIsOutsideTheElementSet() async throws {
        try await withSandbox(SandboxConfiguration(strict: true)) { client, _ in
            _ = await expectError(422, "level 4 heading") { _ = try await client.createPage(title: "Deep", markdown: "#### Four", in: .project("1")) }
            let page = try await client.createPage(title: "Fine", markdown: "### Three", in: .project("1"))
            _ = await expectError(422, "<kbd>") { try await client.write(.appendHTML, "<p><kbd>K</kbd></p>", to: page.id) }
        }
    }

    func testUnreachableURLEndsInAClearMessage() async throws {
        let client = ProductiveClient(configuration: ProductiveConfiguration(token: "t", organizationID: "1", baseURL: "http://127.0.0.1:9/api/v2", connectTimeout: .seconds(1), maxRetries: 2), retryBaseDelay: .milliseconds(5))
        let error = await expectError(nil, "could not reach Productive") { _ = try await client.listPages(.init()) }
        let text = try XCTUnwrap(error?.description)
        XCTAssertTrue(text.hasPrefix("list pages failed: could not reach Productive ("), text)
        XCTAssertTrue(text.hasSuffix(" after 2 attempts; check PRODUCTIVE_BASE_URL and the network"), "maxRetries 2: \(text)")
        XCTAssertFalse(text.contains(". "), "one sentence: \(text)")
        try await client.shutdown()
    }

    func testHTMLBadGatewayIsRetriedThenReported() async throws {
        try await withSandbox(SandboxConfiguration(hostileResponse: .htmlBadGateway)) { client, _ in
            let error = await expectError(502, "Productive is failing (HTTP 502), retried 3 times") { _ = try await client.listPages(.init()) }
            XCTAssertNil(error?.title, "an HTML body has no JSON:API title")
        }
    }

    func testNonJSONErrorBody() async throws {
        try await withSandbox(SandboxConfiguration(hostileResponse: .plainTextError)) { client, _ in
            _ = await expectError(500, "Productive is failing (HTTP 500)") { _ = try await client.page("1") }
        }
    }

    func testFiftyMegabyteResponseIsRefused() async throws {
        try await withSandbox(SandboxConfiguration(hostileResponse: .hugeBody(50 << 20))) { client, _ in
            _ = await expectError(200, "larger than 32 MB") { _ = try await client.page("1") }
        }
    }

    /// What the client cannot send wrongly, sent by hand: 415 and an envelope on a flat endpoint.
    func testMediaTypeAndEnvelopeShapeAreChecked() async throws {
        try await withSandbox { client, sandbox in
            let page = try await client.createPage(title: "Raw", markdown: "x", in: .project("1"))
            func send(_ path: String, contentType: String, body: String) async throws -> (Int, String) {
                var request = HTTPClientRequest(url: sandbox.baseURL + path)
                request.method = .PATCH
                request.headers.add(name: "X-Auth-Token", value: SandboxServer.defaultToken)
                request.headers.add(name: "X-Organization-Id", value: "1")
                request.headers.add(name: "Content-Type", value: contentType)
                request.body = .bytes(ByteBuffer(string: body))
                let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
                let text = String(buffer: try await response.body.collect(upTo: 1 << 20))
                return (Int(response.status.code), text)
            }
            let (status415, _) = try await send("/pages/\(page.id)/append_markdown", contentType: "application/json", body: #"{"markdown":"x"}"#)
            XCTAssertEqual(status415, 415)
            let (status422, text) = try await send("/pages/\(page.id)/append_markdown", contentType: "application/vnd.api+json", body: #"{"data":{"attributes":{"markdown":"x"}}}"#)
            XCTAssertEqual(status422, 422)
            XCTAssertTrue(text.contains("flat body"))
            let (renameStatus, _) = try await send("/pages/\(page.id)", contentType: "application/vnd.api+json", body: #"{"title":"flat"}"#)
            XCTAssertEqual(renameStatus, 422, "rename takes an envelope")
        }
    }

    func testConfigurationRefusesPlainHTTPOutsideLoopbackAndNeverShowsTheToken() throws {
        XCTAssertThrowsError(try ProductiveConfiguration.fromEnvironment([
            "PRODUCTIVE_API_TOKEN": "secret-token", "PRODUCTIVE_ORGANIZATION_ID": "1", "PRODUCTIVE_BASE_URL": "http://api.example.com/api/v2",
        ])) { error in
            XCTAssertTrue("\(error)".contains("refusing plain HTTP"))
            XCTAssertFalse("\(error)".contains("secret-token"))
        }
        XCTAssertNoThrow(try ProductiveConfiguration.fromEnvironment([
            "PRODUCTIVE_API_TOKEN": "t", "PRODUCTIVE_ORGANIZATION_ID": "1", "PRODUCTIVE_BASE_URL": "http://127.0.0.1:8080/api/v2",
        ]))
        XCTAssertThrowsError(try ProductiveConfiguration.fromEnvironment(["PRODUCTIVE_ORGANIZATION_ID": "1"])) { error in
            XCTAssertTrue("\(error)".contains("PRODUCTIVE_API_TOKEN"))
        }
        let defaults = try ProductiveConfiguration.fromEnvironment(["PRODUCTIVE_API_TOKEN": "t", "PRODUCTIVE_ORGANIZATION_ID": "1"])
        XCTAssertEqual(defaults.baseURL, "https://api.productive.io/api/v2")
    }
}
