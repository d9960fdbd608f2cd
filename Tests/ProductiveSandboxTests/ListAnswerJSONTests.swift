import Foundation
@testable import ProductiveSandbox
import XCTest

/// `ListAnswerJSON` writes the bytes `JSONSerialization` writes for a list answer, and leaves to it
/// what it does not take.
final class ListAnswerJSONTests: XCTestCase {
    private func serialized(_ object: [String: Any]) throws -> [UInt8] {
        Array(try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]))
    }

    private func page(_ id: Int, title: String, parent: Int?, version: Int?) -> StoredPage {
        StoredPage(
            id: id, organizationID: "1", projectID: 7, title: title, parentPageID: parent, rootPageID: parent.map { _ in 1 },
            versionNumber: version, body: nil, bodyHTML: nil, createdAt: "2026-12-03T10:00:00.000+01:00", updatedAt: "2026-12-03T10:00:00.000+01:00",
            editedAt: version.map { _ in "2026-12-03T11:00:00.000+01:00" }, publicUUID: "b3c1-\(id)", creatorID: 5, updaterID: id.isMultiple(of: 2) ? 6 : nil,
            position: parent.map { _ in id }
        )
    }

    func testAListAnswerIsTheBytesJSONSerializationWrites() throws {
        let titles = ["plain", "quote \" and back\\slash", "a/b </script>", "tab\tnew\nline\rcr", "\u{1}\u{8}\u{c}\u{1f}\u{7f}", "Ünïcödé 日本 🎉", ""]
        let pages = titles.enumerated().map { page($0.offset + 1, title: $0.element, parent: $0.offset == 0 ? nil : 1, version: $0.offset == 2 ? nil : $0.offset) }
        for fields: Set<String>? in [["title", "parent_page_id", "root_page_id", "project_id", "version_number", "updated_at", "updater", "position"], ["title"], [], nil] {
            // Bodies too: a stored body is its JSON text, a string in the answer.
            let data = pages.map { JSONAPIDocuments.resource($0, document: fields == nil ? EditorDocument() : nil, fields: fields) }
            let object: [String: Any] = ["data": data, "meta": ["current_page": 1, "total_pages": 3, "total_count": 412, "page_size": 200]]
            let written = try XCTUnwrap(ListAnswerJSON.bytes(object))
            XCTAssertEqual(String(decoding: written, as: UTF8.self), String(decoding: try serialized(object), as: UTF8.self))
        }
    }

    func testWhatItDoesNotTakeIsLeftToJSONSerialization() throws {
        XCTAssertNil(ListAnswerJSON.bytes(["data": [["Title": "a capital in a key"]]]))
        XCTAssertNil(ListAnswerJSON.bytes(["data": [["page_2": "a digit in a key"]]]))
        XCTAssertNil(ListAnswerJSON.bytes(["data": [1.5]]))
        XCTAssertNil(ListAnswerJSON.bytes(["data": [NSNumber(value: true)]]))
    }
}
