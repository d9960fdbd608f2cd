import Foundation
import NIOHTTP1
import ProductiveSandbox
import XCTest

/// The request bodies as the endpoints decode them (`Codable`): a member missing or of the wrong
/// type is a 422 at that member's pointer with the endpoint's wording; ids come as numbers or as
/// digits in strings; absent and null are told apart where the endpoint cares.
final class SandboxRequestBodyTests: XCTestCase {
    private var sandbox: SandboxServer!

    override func setUp() async throws {
        sandbox = try await SandboxServer.start(SandboxConfiguration(rateLimits: [.init(count: 100_000, window: .seconds(1))]))
    }

    override func tearDown() async throws {
        await sandbox.stop()
    }

    private func send(_ method: HTTPMethod, _ path: String, _ body: String) async throws -> SandboxRawAnswer {
        try await SandboxRawAnswer.send(sandbox, method, path, body: body)
    }

    private func create(_ attributes: String, type: String = #""type":"pages","#) async throws -> SandboxRawAnswer {
        try await send(.POST, "/pages/create_with_markdown", #"{"data":{\#(type)"attributes":{\#(attributes)}}}"#)
    }

    private func createDoc(_ title: String = "Doc") async throws -> String {
        let created = try await create(#""title":"\#(title)","markdown":"x","project_id":1"#)
        return try XCTUnwrap(created.id, created.text)
    }

    private func expect422(_ answer: SandboxRawAnswer, at pointer: String, _ detail: String, line: UInt = #line) {
        XCTAssertEqual(answer.status, 422, answer.text, line: line)
        XCTAssertEqual(answer.error["status"] as? String, "422", line: line)
        XCTAssertEqual(answer.pointer, pointer, answer.text, line: line)
        XCTAssertEqual(answer.detail, detail, line: line)
    }

    func testCreateRefusesEachMemberAtItsPointer() async throws {
        expect422(try await create(#""title":"T","markdown":5,"project_id":1"#), at: "/data/attributes/markdown", "markdown is required and must not be empty")
        expect422(try await create(#""title":"T","markdown":" \n","project_id":1"#), at: "/data/attributes/markdown", "markdown is required and must not be empty")
        expect422(try await create(#""markdown":"x","project_id":1"#), at: "/data/attributes/title", "title is required")
        expect422(try await create(#""title":null,"markdown":"x","project_id":1"#), at: "/data/attributes/title", "title is required")
        expect422(try await create(#""title":"  ","markdown":"x","project_id":1"#), at: "/data/attributes/title", "title is required")
        expect422(try await create(#""title":"T","markdown":"x","project_id":1,"position":"2""#), at: "/data/attributes/position", "position must be a whole number from 1")
        let envelope = #"this endpoint takes a JSON:API envelope {"data": {"type": "pages", "attributes": {...}}}"#
        expect422(try await send(.POST, "/pages/create_with_markdown", #"{"title":"T","markdown":"x"}"#), at: "/data", envelope)
        expect422(try await send(.POST, "/pages/create_with_markdown", #"{"data":{"type":"pages","attributes":[]}}"#), at: "/data", envelope)
        expect422(try await create(#""title":"T","markdown":"x","project_id":1"#, type: ""), at: "/data", envelope)
    }

    func testIdsComeAsNumbersOrAsDigits() async throws {
        let doc = try await create(#""title":"Doc","markdown":"x","project_id":"1""#)
        XCTAssertEqual(doc.status, 201, doc.text)
        let docID = try XCTUnwrap(doc.id)
        let relationships = (doc.json["data"] as? [String: Any])?["relationships"] as? [String: Any]
        XCTAssertEqual(((relationships?["project"] as? [String: Any])?["data"] as? [String: Any])?["id"] as? String, "1")
        let child = try await create(#""title":"Child","markdown":"x","parent_page_id":\#(docID),"root_page_id":"\#(docID)""#)
        XCTAssertEqual(child.status, 201, child.text)
        let childID = try XCTUnwrap(child.id)
        let other = try await createDoc("Other")
        let byString = try await send(.PATCH, "/pages/\(childID)/move", #"{"data":{"type":"pages","attributes":{"target_doc_id":"\#(other)"}}}"#)
        XCTAssertEqual(byString.status, 200, byString.text)
        let byNumber = try await send(.PATCH, "/pages/\(childID)/move", #"{"data":{"type":"pages","attributes":{"target_doc_id":\#(docID)}}}"#)
        XCTAssertEqual(byNumber.status, 200, byNumber.text)
        let parent = ((byNumber.json["data"] as? [String: Any])?["attributes"] as? [String: Any])?["parent_page_id"] as? Int
        XCTAssertEqual(parent.map(String.init), docID)
        for wrong in ["true", #""abc""#, "1.5", "null"] {
            let refused = try await send(.PATCH, "/pages/\(childID)/move", #"{"data":{"type":"pages","attributes":{"target_doc_id":\#(wrong)}}}"#)
            expect422(refused, at: "/data/attributes/target_doc_id", "target_doc_id is required")
        }
        let version = try await send(.POST, "/page_versions", #"{"data":{"type":"page_versions","attributes":{"page_id":"\#(docID)"}}}"#)
        XCTAssertEqual(version.status, 201, version.text)
        XCTAssertTrue(((version.json["data"] as? [String: Any])?["attributes"] as? [String: Any])?["name"] is NSNull, "no name: null")
    }

    func testRenameAndVersionsSayWhatIsWrongWhere() async throws {
        let id = try await createDoc()
        let rename = { (attributes: String) in try await self.send(.PATCH, "/pages/\(id)", #"{"data":{"type":"pages","id":"\#(id)","attributes":{\#(attributes)}}}"#) }
        expect422(try await rename(#""title":7"#), at: "/data/attributes/title", "title must be a non-empty string")
        expect422(try await rename(""), at: "/data/attributes/title", "title must be a non-empty string")
        let renamed = try await rename(#""title":"Renamed""#)
        XCTAssertEqual(renamed.status, 200)
        let version = { (attributes: String) in try await self.send(.POST, "/page_versions", #"{"data":{"type":"page_versions","attributes":{\#(attributes)}}}"#) }
        expect422(try await version(#""page_id":\#(id),"name":5"#), at: "/data/attributes/name", "name must be a string")
        expect422(try await version(#""name":"v1""#), at: "/data/attributes/page_id", "page_id is required")
        let unnamed = try await version(#""page_id":\#(id),"name":null"#)
        XCTAssertEqual(unnamed.status, 201, "null is no name")
        let wrongType = try await send(.POST, "/page_versions", #"{"data":{"type":"pages","attributes":{"page_id":\#(id)}}}"#)
        expect422(wrongType, at: "/data", #"this endpoint takes a JSON:API envelope {"data": {"type": "page_versions", "attributes": {...}}}"#)
    }

    /// A flat body write: `data` present, even null, is an envelope; the other content member is not looked at.
    func testFlatBodiesTellAnEnvelopeFromTheirMember() async throws {
        let id = try await createDoc()
        let path = "/pages/\(id)/append_markdown"
        let envelope = #"this endpoint takes a flat body {"markdown": ...}, not a JSON:API envelope"#
        expect422(try await send(.PATCH, path, #"{"data":null,"markdown":"y"}"#), at: "/data", envelope)
        expect422(try await send(.PATCH, path, #"{"markdown":null}"#), at: "/markdown", "markdown is required and must not be empty")
        expect422(try await send(.PATCH, path, #"{"markdown":["y"]}"#), at: "/markdown", "markdown is required and must not be empty")
        expect422(try await send(.PATCH, "/pages/\(id)/replace_body_with_html", #"{"markdown":"y"}"#), at: "/html", "html is required and must not be empty")
        let appended = try await send(.PATCH, path, #"{"markdown":"y","html":5}"#)
        XCTAssertEqual(appended.status, 200, appended.text)
    }

    func testAttachmentsAndMembershipsDecodeTheirAttributes() async throws {
        let id = try await createDoc()
        let attach = { (attributes: String) in try await self.send(.POST, "/attachments", #"{"data":{"type":"attachments","attributes":{\#(attributes)}}}"#) }
        let file = #""name":"a.png","content_type":"image/png","attachable_type":"page","page_id":"\#(id)""#
        let attached = try await attach(file + #","size":"3""#)
        XCTAssertEqual(attached.status, 201, "size and page_id as digits")
        expect422(try await attach(file + #","size":"three""#), at: "/data/attributes/size", "size must be the file's size in bytes")
        expect422(try await attach(#""content_type":"image/png","size":3,"attachable_type":"page","page_id":\#(id)"#), at: "/data/attributes/name",
                  "name must be a file name (no slash, no control character, at most 255 bytes)")
        expect422(try await attach(file + #","size":3,"attachment_type":"banner""#), at: "/data/attributes/attachment_type", "attachment_type is inline or attachment")

        let share = { (attributes: String) in try await self.send(.POST, "/memberships", #"{"data":{"type":"memberships","attributes":{\#(attributes)}}}"#) }
        expect422(try await share(#""page_id":\#(id),"type_id":9,"access_type_id":1,"person_id":501"#), at: "/data/attributes/type_id", "type_id is 1 (person), 2 (dynamic group) or 3 (team)")
        expect422(try await share(#""page_id":\#(id),"type_id":1,"access_type_id":"full","person_id":501"#), at: "/data/attributes/access_type_id", "access_type_id is required")
        expect422(try await share(#""page_id":\#(id),"type_id":1,"access_type_id":1,"team_id":7"#), at: "/data/attributes/person_id", "person_id is required")
        let made = try await share(#""page_id":"\#(id)","type_id":"1","access_type_id":1,"person_id":"501""#)
        XCTAssertEqual(made.status, 201, made.text)
    }
}

