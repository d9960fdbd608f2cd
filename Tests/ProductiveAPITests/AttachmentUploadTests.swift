import AsyncHTTPClient
import Foundation
import NIOCore
@testable import ProductiveAPI
import ProductiveSandbox
import XCTest

/// Issue 19, the API half: the four-step upload against the sandbox over loopback HTTP, the list and
/// the delete, lost answers, and what the limiter counts.
final class AttachmentUploadTests: XCTestCase {
    private func sandbox(_ faults: SandboxFault..., lifetime: Duration = .seconds(300)) -> SandboxConfiguration {
        SandboxConfiguration(rateLimits: [.init(count: 100_000, window: .seconds(1))], faults: faults, uploadPolicyLifetime: lifetime)
    }

    /// Bytes that look like form syntax too: CR LF, dashes, quotes, NUL.
    private static let awkwardBytes: [UInt8] = Array("--\r\n\r\n--productive-docs-\"x\"\r\n".utf8) + (0..<70_000).map { UInt8(truncatingIfNeeded: $0 &* 31) } + [0, 13, 10]

    func testTheFourStepsMakeAnAttachmentOfThePageHoldingTheBytesSent() async throws {
        try await withUploadingClient(sandbox()) { client, server in
            let page = try await client.createPage(title: "Diagrams", markdown: "See below.", in: .project("1"))
            let attachment = try await client.uploadAttachment(pageID: page.id, fileName: "stack diagram.png", contentType: "image/png", bytes: Self.awkwardBytes, inline: true)
            XCTAssertTrue(ResourceID.isValid(attachment.id))
            XCTAssertEqual(attachment.name, "stack diagram.png")
            XCTAssertEqual(attachment.pageID, page.id)
            XCTAssertEqual(attachment.size, Self.awkwardBytes.count)
            XCTAssertEqual(attachment.contentType, "image/png")
            let url = try XCTUnwrap(attachment.url)
            XCTAssertTrue(url.hasPrefix(server.viewURL + "/files/attachments/\(attachment.id)/original/stack%20diagram.png?"), url)
            XCTAssertTrue(attachment.isReferenced(by: AttachmentWire.withoutQuery(url)))
            XCTAssertFalse(attachment.isReferenced(by: server.viewURL + "/files/attachments/\(attachment.id)/original/other.png"))
            let (status, type, bytes) = try await Self.fetch(url)
            XCTAssertEqual(status, 200)
            XCTAssertEqual(type, "image/png")
            XCTAssertEqual(bytes, Self.awkwardBytes, "the bytes stored are the bytes sent")
            let listed1 = try await client.attachments(ofPage: page.id)
            XCTAssertEqual(listed1, [attachment])
            XCTAssertEqual(server.uploads.uploads, 1)
            XCTAssertEqual(server.uploads.uploadsWithCredentials, 0, "the token never goes to the upload URL")
        }
    }

    /// Step 1 and step 3 are API calls and count against the budgets; the upload to the file store
    /// takes a concurrency slot only. (Step 4, the link to the page, travels with step 1.)
    func testAnUploadCountsItsAPICallsAgainstTheLimiterAndNotTheUpload() async throws {
        try await withUploadingClient(sandbox()) { client, server in
            let page = try await client.createPage(title: "Counted", markdown: "x", in: .project("1"))
            let before = await client.transport.limiter.countedRequests
            let writesBefore = server.requests.writes
            _ = try await client.uploadAttachment(pageID: page.id, fileName: "a.pdf", contentType: "application/pdf", bytes: Array("%PDF-1.4".utf8), inline: false)
            let counted = await client.transport.limiter.countedRequests - before
            XCTAssertEqual(counted, 2, "POST /attachments and PATCH /attachments/{id}")
            XCTAssertEqual(server.requests.writes - writesBefore, 2)
            XCTAssertEqual(server.uploads.uploads, 1, "and one upload, not counted")
        }
    }

    func testAnExpiredPolicyIsRefusedLikeS3AndLeavesNoAttachment() async throws {
        try await withUploadingClient(sandbox(lifetime: .zero)) { client, _ in
            let page = try await client.createPage(title: "Late", markdown: "x", in: .project("1"))
            do {
                _ = try await client.uploadAttachment(pageID: page.id, fileName: "late.png", contentType: "image/png", bytes: [1, 2, 3], inline: true)
                XCTFail("an expired policy must be refused")
            } catch let error as ProductiveAPIError {
                XCTAssertEqual(error.kind, .uploadRefused)
                XCTAssertEqual(error.status, 403)
                XCTAssertEqual(error.title, "AccessDenied")
                XCTAssertEqual(error.detail, "Invalid according to Policy: Policy expired.")
                XCTAssertEqual(error.retries, 0, "a refusal is not retried")
                XCTAssertTrue(error.description.contains("PRODUCTIVE_UPLOAD_URL"), error.description)
            }
            let listed2 = try await client.attachments(ofPage: page.id)
            XCTAssertEqual(listed2, [], "the unfinished record is deleted again")
        }
    }

    func testListAndDelete() async throws {
        try await withUploadingClient(sandbox()) { client, _ in
            let page = try await client.createPage(title: "Files", markdown: "x", in: .project("1"))
            let other = try await client.createPage(title: "Other", markdown: "y", in: .project("1"))
            let first = try await client.uploadAttachment(pageID: page.id, fileName: "one.png", contentType: "image/png", bytes: [1], inline: true)
            let second = try await client.uploadAttachment(pageID: page.id, fileName: "two.zip", contentType: "application/zip", bytes: [2, 2], inline: false)
            _ = try await client.uploadAttachment(pageID: other.id, fileName: "three.png", contentType: "image/png", bytes: [3], inline: true)
            let listed3 = try await client.attachments(ofPage: page.id).map(\.id)
            XCTAssertEqual(listed3, [first.id, second.id])
            try await client.deleteAttachment(id: first.id)
            let listed4 = try await client.attachments(ofPage: page.id).map(\.id)
            XCTAssertEqual(listed4, [second.id])
            try await client.deleteAttachment(id: first.id)  // already gone: deleted
            let (status, _, _) = try await Self.fetch(try XCTUnwrap(first.url))
            XCTAssertEqual(status, 404, "a deleted attachment's file is gone")
            let listed5 = try await client.attachments(ofPage: other.id).count
            XCTAssertEqual(listed5, 1)
        }
    }

    /// The create's answer is lost after it landed: the client lists the page's attachments before
    /// anything else, removes the unfinished record (its policy was in the lost answer) and creates
    /// once more. One attachment, never two.
    func testALostAnswerToStepOneDoesNotMakeTwoAttachments() async throws {
        for fault in [SandboxFault.Action.gatewayTimeoutAfterCommit, .resetAfterCommit(colleague: nil), .serverErrorAfterCommit] {
            try await withUploadingClient(sandbox(SandboxFault(fault, on: .attach))) { client, server in
                let page = try await client.createPage(title: "Lost", markdown: "x", in: .project("1"))
                do {
                    let attachment = try await client.uploadAttachment(pageID: page.id, fileName: "lost.png", contentType: "image/png", bytes: [9, 9], inline: true)
                    XCTAssertNotEqual(fault, .serverErrorAfterCommit, "a 500 is reported, not retried")
                    let listed6 = try await client.attachments(ofPage: page.id)
                    XCTAssertEqual(listed6, [attachment], "\(fault)")
                    XCTAssertEqual(server.requests.writes, 5, "the page, the lost POST, the DELETE of its record, the POST again, the PATCH")
                    let (_, _, bytes) = try await Self.fetch(try XCTUnwrap(attachment.url))
                    XCTAssertEqual(bytes, [9, 9])
                } catch let error as ProductiveAPIError {
                    XCTAssertEqual(fault, .serverErrorAfterCommit, "\(error)")
                    XCTAssertEqual(error.status, 500)
                    let listed7 = try await client.attachments(ofPage: page.id)
                    XCTAssertEqual(listed7, [], "the record the 500 hid is deleted: nothing is left")
                    XCTAssertEqual(server.requests.writes, 3, "the page, the POST, the DELETE of its record")
                }
                XCTAssertLessThanOrEqual(server.uploads.uploads, 1)
            }
        }
    }

    /// Sending the form again writes the same bytes under the same key; a lost answer to step 3 is
    /// resolved by reading the attachment back.
    func testLostAnswersToTheUploadAndToStepThreeAreResolvedWithoutDuplicates() async throws {
        let faults = sandbox(SandboxFault(.resetAfterCommit(colleague: nil), on: .upload), SandboxFault(.unavailable, on: .upload),
                             SandboxFault(.gatewayTimeoutAfterCommit, on: .tempURL))
        try await withUploadingClient(faults) { client, server in
            let page = try await client.createPage(title: "Flaky", markdown: "x", in: .project("1"))
            let attachment = try await client.uploadAttachment(pageID: page.id, fileName: "flaky.gif", contentType: "image/gif", bytes: Self.awkwardBytes, inline: true)
            XCTAssertEqual(server.uploads.uploads, 3, "reset, 503 SlowDown, then the one answered")
            let listed8 = try await client.attachments(ofPage: page.id)
            XCTAssertEqual(listed8, [attachment])
            let (_, _, bytes) = try await Self.fetch(try XCTUnwrap(attachment.url))
            XCTAssertEqual(bytes, Self.awkwardBytes)
        }
    }

    func testCallsWithIDsThatAreNotNumbersSendNothing() async throws {
        try await withUploadingClient(sandbox()) { client, server in
            for call in [
                { _ = try await client.uploadAttachment(pageID: "1/../2", fileName: "x.png", contentType: "image/png", bytes: [1], inline: true) },
                { _ = try await client.attachments(ofPage: "abc") },
                { try await client.deleteAttachment(id: "7?x=1") },
                { _ = try await client.uploadAttachment(pageID: "1001", fileName: "a\r\nb.png", contentType: "image/png", bytes: [1], inline: true) },
            ] as [@Sendable () async throws -> Void] {
                do {
                    try await call()
                    XCTFail("must refuse")
                } catch let error as ProductiveAPIError {
                    XCTAssertEqual(error.kind, .invalidRequest, "\(error)")
                }
            }
            XCTAssertEqual(server.requests.reads + server.requests.writes, 0)
        }
    }

    // MARK: Pieces

    func testPolicyFieldsKeepTheAnswersOrderAndTheFileGoesLast() throws {
        let answer = #"{"data":{"id":"1","attributes":{"name":"x","aws_policy":{"key":"temp/a b/x.png","success_action_status":"201","Content-Type":"image/png","x-amz-credential":"C\/1","policy":"UE9MSUNZ","x-amz-signature":"abc"},"z":{"key":"no"}}}}"#
        let response = APIResponse(status: 201, data: Data(answer.utf8))
        let fields = try XCTUnwrap(AttachmentWire.policyFields(in: response))
        XCTAssertEqual(fields.map(\.name), ["key", "success_action_status", "Content-Type", "x-amz-credential", "policy", "x-amz-signature"])
        XCTAssertEqual(fields[3].value, "C/1")
        let form = MultipartForm(fields: fields, file: ("file", "x.png", "image/png", [0xFF]))
        let text = String(decoding: form.body.readableBytesView, as: UTF8.self)
        let positions = (fields.map(\.name) + ["file"]).map { text.range(of: "name=\"\($0)\"")?.lowerBound }
        XCTAssertEqual(positions.compactMap { $0 }.count, fields.count + 1)
        XCTAssertEqual(positions.compactMap { $0 }, positions.compactMap { $0 }.sorted(), "fields in order, the file last")
        XCTAssertNil(JSONKeyOrder.keys(at: ["data", "missing"], in: Data(answer.utf8)))
        XCTAssertEqual(JSONKeyOrder.keys(at: ["data", "attributes", "z"], in: Data(answer.utf8)), ["key"])
    }

    func testTheLocationComesFromTheHeaderThenTheXMLThenTheKey() {
        let xml = Data("<PostResponse><Location>https://bucket.example/temp/a%20b.png</Location><Key>temp/a b.png</Key></PostResponse>".utf8)
        XCTAssertEqual(AttachmentWire.location(header: "https://h/x", body: xml, uploadURL: "https://bucket.example", key: "k"), "https://h/x")
        XCTAssertEqual(AttachmentWire.location(header: nil, body: xml, uploadURL: "https://bucket.example", key: "k"), "https://bucket.example/temp/a%20b.png")
        XCTAssertEqual(AttachmentWire.location(header: nil, body: Data(), uploadURL: "https://bucket.example", key: "temp/a b.png"), "https://bucket.example/temp/a%20b.png")
    }

    func testAURLWithTheTokenIsNeverKept() throws {
        XCTAssertEqual(try AttachmentWire.checkedURL("https://files.productive.io/a/b.png?token=secret-token-123&v=1", configuration: Self.secretConfiguration, what: "x"), "https://files.productive.io/a/b.png?v=1")
        XCTAssertEqual(try AttachmentWire.checkedURL("https://files.productive.io/a/b.png?1700000000", configuration: Self.secretConfiguration, what: "x"), "https://files.productive.io/a/b.png?1700000000")
        XCTAssertThrowsError(try AttachmentWire.checkedURL("https://files.productive.io/secret-token-123/b.png", configuration: Self.secretConfiguration, what: "x"))
        XCTAssertThrowsError(try AttachmentWire.checkedURL("javascript:alert(1)", configuration: Self.secretConfiguration, what: "x"))
    }

    private static let secretConfiguration = ProductiveConfiguration(token: "secret-token-123", organizationID: "1")

    func testTheUploadURLComesFromTheEnvironmentAndIsChecked() throws {
        let base = ["PRODUCTIVE_API_TOKEN": "t0k3n-long-enough", "PRODUCTIVE_ORGANIZATION_ID": "1"]
        XCTAssertEqual(try ProductiveConfiguration.fromEnvironment(base).uploadURL, ProductiveConfiguration.defaultUploadURL)
        XCTAssertEqual(try ProductiveConfiguration.fromEnvironment(base.merging(["PRODUCTIVE_UPLOAD_URL": "http://127.0.0.1:9/bucket/"]) { $1 }).uploadURL, "http://127.0.0.1:9/bucket")
        for bad in ["http://files.example.com", "https://bucket.example?token=t0k3n-long-enough", "https://bucket.example/t0k3n-long-enough", "ftp://bucket.example", "https://u:p@bucket.example"] {
            XCTAssertThrowsError(try ProductiveConfiguration.fromEnvironment(base.merging(["PRODUCTIVE_UPLOAD_URL": bad]) { $1 }), bad) { error in
                XCTAssertTrue("\(error)".contains("PRODUCTIVE_UPLOAD_URL"), "\(error)")
                XCTAssertFalse("\(error)".contains("t0k3n-long-enough"), "\(error)")
            }
        }
    }

    // MARK: Helpers

    /// A GET of a file url with the sandbox token (the files are behind the page views' token).
    static func fetch(_ url: String) async throws -> (Int, String?, [UInt8]) {
        var request = HTTPClientRequest(url: url)
        request.headers.add(name: "X-Auth-Token", value: SandboxServer.defaultToken)
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 10 << 20)
        return (Int(response.status.code), response.headers.first(name: "Content-Type"), Array(body.readableBytesView))
    }
}

/// Like `withSandboxClient`, with the client's upload URL pointed at the sandbox's file store.
func withUploadingClient(_ configuration: SandboxConfiguration, _ body: (ProductiveClient, SandboxServer) async throws -> Void) async throws {
    let sandbox = try await SandboxServer.start(configuration)
    let settings = ProductiveConfiguration(
        token: SandboxServer.defaultToken, organizationID: "1", baseURL: sandbox.baseURL, connectTimeout: .seconds(2),
        rateLimits: [RateLimit(count: 100_000, window: .seconds(1))], maxRetries: 3, uploadURL: sandbox.uploadURL
    )
    let client = ProductiveClient(configuration: settings, retryBaseDelay: .milliseconds(5))
    do {
        try await body(client, sandbox)
    } catch {
        try? await client.shutdown()
        await sandbox.stop()
        throw error
    }
    try await client.shutdown()
    await sandbox.stop()
}
