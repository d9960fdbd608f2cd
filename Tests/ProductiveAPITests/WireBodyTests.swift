import Foundation
@testable import ProductiveAPI
import XCTest

/// The request bodies are `Codable` documents now; the bytes on the wire are the ones the client
/// sent when they were dictionaries given to `JSONSerialization` (keys sorted).
final class WireBodyTests: XCTestCase {
    private static let texts = [
        "plain", "a/b and <tags> & \"quotes\" and \\ backslash", "tab\there\nnew line\r\n", "\u{0}\u{1}\u{1F} controls",
        "é ü ß 漢字 🙂 \u{2028}\u{2029}", "", String(repeating: "long ", count: 2000),
    ]

    private func serialized(_ object: [String: Any]) throws -> Data {
        try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    }

    func testFlatBodiesAreTheBytesTheyWere() throws {
        for text in Self.texts {
            XCTAssertEqual(WireJSON.encode(["markdown": text]), try serialized(["markdown": text]), text)
        }
    }

    func testResourceDocumentsAreTheBytesTheyWere() throws {
        for text in Self.texts {
            let doc = NewPageAttributes(title: text, markdown: text, projectID: WireID("77"))
            XCTAssertEqual(
                WireJSON.encode(RequestDocument(type: "pages", attributes: doc)),
                try serialized(["data": ["type": "pages", "attributes": ["title": text, "markdown": text, "project_id": 77]]]), text
            )
            let sub = NewPageAttributes(title: text, markdown: "x", parentPageID: WireID("5"), rootPageID: WireID("abc"))
            XCTAssertEqual(
                WireJSON.encode(RequestDocument(type: "pages", attributes: sub)),
                try serialized(["data": ["type": "pages", "attributes": ["title": text, "markdown": "x", "parent_page_id": 5, "root_page_id": "abc"]]]), text
            )
            XCTAssertEqual(
                WireJSON.encode(RequestDocument(type: "pages", id: "9", attributes: ["title": text])),
                try serialized(["data": ["type": "pages", "id": "9", "attributes": ["title": text]]]), text
            )
        }
        XCTAssertEqual(
            WireJSON.encode(AttachmentWire.createBody(pageID: "12", fileName: "a b.png", contentType: "image/png", size: 1234, inline: true)),
            try serialized(["data": ["type": "attachments", "attributes": [
                "name": "a b.png", "content_type": "image/png", "size": 1234, "attachable_type": "page", "page_id": 12, "attachment_type": "inline",
            ]]])
        )
        XCTAssertEqual(
            WireJSON.encode(RequestDocument(type: "page_versions", attributes: NewPageVersionAttributes(pageID: WireID("3"), name: "before/after"))),
            try serialized(["data": ["type": "page_versions", "attributes": ["page_id": 3, "name": "before/after"]]])
        )
    }

    func testTheQueryIsEncodedOnceWithItsBrackets() {
        XCTAssertEqual(WireNames.encodedQuery([]), "")
        XCTAssertEqual(
            WireNames.encodedQuery([(WireNames.filter("parent_page_id"), "1,2"), ("page[size]", "200"), ("filter[query]", "a&b c")]),
            "?filter%5Bparent_page_id%5D=1,2&page%5Bsize%5D=200&filter%5Bquery%5D=a%26b%20c"
        )
    }
}
