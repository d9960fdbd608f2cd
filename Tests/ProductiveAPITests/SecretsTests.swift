import Foundation
import ProductiveAPI
import ProductiveSandbox
import XCTest

/// Item 5 of issue 12: the token is trimmed and validated, never printed; redirects are not followed.
final class SecretsTests: XCTestCase {
    func testATrailingCRLFIsTrimmedFromTheToken() async throws {
        let sandbox = try await SandboxServer.start()
        let configuration = try ProductiveConfiguration.fromEnvironment([
            "PRODUCTIVE_API_TOKEN": SandboxServer.defaultToken + "\r\n", "PRODUCTIVE_ORGANIZATION_ID": " 1\n", "PRODUCTIVE_BASE_URL": sandbox.baseURL + "\n",
        ])
        XCTAssertEqual(configuration.token, SandboxServer.defaultToken)
        let client = ProductiveClient(configuration: configuration)
        _ = try await client.listPages(.init())
        try await client.shutdown()
        await sandbox.stop()
    }

    func testConfigurationErrorsNameTheVariableNeverTheValue() {
        let secret = "s3cr3t-value"
        let cases: [([String: String], String)] = [
            (["PRODUCTIVE_API_TOKEN": "abc\r\n\(secret)", "PRODUCTIVE_ORGANIZATION_ID": "1"], "PRODUCTIVE_API_TOKEN"),
            (["PRODUCTIVE_API_TOKEN": "a b", "PRODUCTIVE_ORGANIZATION_ID": "1"], "PRODUCTIVE_API_TOKEN"),
            (["PRODUCTIVE_API_TOKEN": "t", "PRODUCTIVE_ORGANIZATION_ID": secret], "PRODUCTIVE_ORGANIZATION_ID"),
            (["PRODUCTIVE_API_TOKEN": "t", "PRODUCTIVE_ORGANIZATION_ID": "1", "PRODUCTIVE_BASE_URL": "ftp://\(secret)"], "PRODUCTIVE_BASE_URL"),
            (["PRODUCTIVE_API_TOKEN": "t", "PRODUCTIVE_ORGANIZATION_ID": "1", "PRODUCTIVE_BASE_URL": "https://me:\(secret)@api.example.com"], "PRODUCTIVE_BASE_URL"),
            (["PRODUCTIVE_API_TOKEN": "t", "PRODUCTIVE_ORGANIZATION_ID": "1", "PRODUCTIVE_BASE_URL": "http://\(secret).example.com/api"], "PRODUCTIVE_BASE_URL"),
        ]
        for (environment, variable) in cases {
            XCTAssertThrowsError(try ProductiveConfiguration.fromEnvironment(environment)) { error in
                XCTAssertTrue("\(error)".contains(variable), "\(error)")
                XCTAssertFalse("\(error)".contains(secret), "\(error)")
            }
        }
    }

    /// A redirect to another host is not followed: the token stays home, and the message says where it pointed.
    func testACrossHostRedirectIsNotFollowed() async throws {
        let elsewhere = try await SandboxServer.start()
        let sandbox = try await SandboxServer.start(SandboxConfiguration(faults: [SandboxFault(.redirect(base: "http://localhost:\(elsewhere.port)"), on: .any, times: nil)]))
        let client = ProductiveClient(configuration: ProductiveConfiguration(token: SandboxServer.defaultToken, organizationID: "1", baseURL: sandbox.baseURL))
        do {
            _ = try await client.listPages(.init())
            XCTFail("a redirect must not be followed")
        } catch let error as ProductiveAPIError {
            XCTAssertEqual(error.kind, .redirected)
            XCTAssertEqual(error.status, 307)
            XCTAssertTrue(error.description.contains("to localhost"), error.description)
            XCTAssertFalse(error.description.contains(SandboxServer.defaultToken))
        }
        XCTAssertEqual(elsewhere.requests.reads + elsewhere.requests.writes, 0, "nothing reached the other host")
        try await client.shutdown()
        await sandbox.stop()
        await elsewhere.stop()
    }

    func testTransportErrorsNeverCarryLibraryText() async throws {
        let client = ProductiveClient(configuration: ProductiveConfiguration(token: "tok-123", organizationID: "1", baseURL: "http://127.0.0.1:9/api/v2"), retryBaseDelay: .milliseconds(5))
        do {
            _ = try await client.page("1")
            XCTFail("expected an error")
        } catch let error as ProductiveAPIError {
            XCTAssertEqual(error.cause, "connection refused on GET /pages/1")
            XCTAssertFalse(error.description.contains("tok-123"))
            XCTAssertNotNil(error.underlying, "the typed cause is kept for callers")
        }
        try await client.shutdown()
    }
}
