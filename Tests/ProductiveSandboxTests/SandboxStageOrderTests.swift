import Foundation
import ProductiveSandbox
import XCTest

/// The stages in front of every endpoint (router middleware) come in Productive's order:
/// admission (401, 403, 429), the route, the faults before anything is done, the media type
/// (415), the size (413), the JSON object (422), the endpoint, the faults after the change.
final class SandboxStageOrderTests: XCTestCase {
    private static let create = "/pages/create_with_markdown"
    private static let page = #"{"data":{"type":"pages","attributes":{"title":"T","markdown":"x","project_id":1}}}"#

    func testA401ComesBeforeA415AndA415BeforeA413() async throws {
        let sandbox = try await SandboxServer.start(SandboxConfiguration(maxRequestBytes: 64))
        addTeardownBlock { await sandbox.stop() }
        let big = String(repeating: " ", count: 200) + Self.page
        let unauthorized = try await SandboxRawAnswer.send(sandbox, .POST, Self.create, body: big, token: "wrong", contentType: "text/plain")
        XCTAssertEqual(unauthorized.status, 401, unauthorized.text)
        let wrongType = try await SandboxRawAnswer.send(sandbox, .POST, Self.create, body: big, contentType: "text/plain")
        XCTAssertEqual(wrongType.status, 415, wrongType.text)
        let tooLarge = try await SandboxRawAnswer.send(sandbox, .POST, Self.create, body: big)
        XCTAssertEqual(tooLarge.status, 413, tooLarge.text)
        let notJSON = try await SandboxRawAnswer.send(sandbox, .POST, Self.create, body: "[1]")
        XCTAssertEqual(notJSON.status, 422)
        XCTAssertEqual(notJSON.detail, "the body is not a JSON object")
    }

    /// The body stages come before the endpoint: a 415 for a page that does not exist, not a 404.
    func testTheMediaTypeIsCheckedBeforeTheEndpointLooksForThePage() async throws {
        let sandbox = try await SandboxServer.start()
        addTeardownBlock { await sandbox.stop() }
        let wrongType = try await SandboxRawAnswer.send(sandbox, .PATCH, "/pages/999/append_markdown", body: #"{"markdown":"x"}"#, contentType: "application/json")
        XCTAssertEqual(wrongType.status, 415)
        let missing = try await SandboxRawAnswer.send(sandbox, .PATCH, "/pages/999/append_markdown", body: #"{"markdown":"x"}"#)
        XCTAssertEqual(missing.status, 404)
    }

    /// A 503 fault strikes before the body is read and before the endpoint: nothing is created,
    /// and a body the endpoint would refuse is not looked at.
    func testAFaultBeforeComesBeforeTheBodyAndTheHandler() async throws {
        let sandbox = try await SandboxServer.start(SandboxConfiguration(faults: [SandboxFault(.unavailable, on: .create, times: 2)]))
        addTeardownBlock { await sandbox.stop() }
        let refusedBody = try await SandboxRawAnswer.send(sandbox, .POST, Self.create, body: "[1]")
        XCTAssertEqual(refusedBody.status, 503, "the fault, not the body's 422")
        let good = try await SandboxRawAnswer.send(sandbox, .POST, Self.create, body: Self.page)
        XCTAssertEqual(good.status, 503)
        let listed = try await SandboxRawAnswer.send(sandbox, .GET, "/pages")
        XCTAssertEqual((listed.json["data"] as? [Any])?.count, 0, "nothing was created")
        let third = try await SandboxRawAnswer.send(sandbox, .POST, Self.create, body: Self.page)
        XCTAssertEqual(third.status, 201, "two faults taken, the third request passes")
    }

    /// A fault after the change strikes what the endpoint answered, never what it refused.
    func testAFaultAfterStrikesTheEndpointsAnswerOnly() async throws {
        let sandbox = try await SandboxServer.start(SandboxConfiguration(faults: [SandboxFault(.serverErrorAfterCommit, on: .create, times: nil)]))
        addTeardownBlock { await sandbox.stop() }
        let refused = try await SandboxRawAnswer.send(sandbox, .POST, Self.create, body: #"{"data":{"type":"pages","attributes":{"markdown":"x"}}}"#)
        XCTAssertEqual(refused.status, 422, refused.text)
        XCTAssertEqual(refused.pointer, "/data/attributes/title")
        let struck = try await SandboxRawAnswer.send(sandbox, .POST, Self.create, body: Self.page)
        XCTAssertEqual(struck.status, 500, struck.text)
        let listed = try await SandboxRawAnswer.send(sandbox, .GET, "/pages")
        XCTAssertEqual((listed.json["data"] as? [Any])?.count, 1, "the change was made before the 500")
    }

    /// An action the router matched but the API does not have is a 404 before any fault is taken.
    func testAnUnknownActionIs404AndTakesNoFault() async throws {
        let sandbox = try await SandboxServer.start(SandboxConfiguration(faults: [SandboxFault(.unavailable, on: .any, times: 1)]))
        addTeardownBlock { await sandbox.stop() }
        let unknown = try await SandboxRawAnswer.send(sandbox, .PATCH, "/pages/1/nonsense", body: "{}")
        XCTAssertEqual(unknown.status, 404)
        XCTAssertEqual(unknown.detail, "no such endpoint")
        let next = try await SandboxRawAnswer.send(sandbox, .GET, "/pages")
        XCTAssertEqual(next.status, 503, "the fault is still due")
        let unauthorized = try await SandboxRawAnswer.send(sandbox, .PATCH, "/pages/1/nonsense", body: "{}", token: nil)
        XCTAssertEqual(unauthorized.status, 401, "admission comes first")
    }
}
