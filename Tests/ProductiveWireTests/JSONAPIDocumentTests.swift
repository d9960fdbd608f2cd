import Foundation
import ProductiveWire
import XCTest

final class JSONAPIDocumentTests: XCTestCase {
    private struct Title: Codable, Sendable, Equatable {
        var title: String
    }

    private func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    func testAResourceWithANullRelationshipWritesTheNull() throws {
        let resource = Resource(id: "7", type: "pages", attributes: Title(title: "A"), relationships: ["parent_page": Relationship("pages", nil), "project": Relationship("projects", 1)])
        XCTAssertEqual(
            try json(ResourceDocument(resource)),
            #"{"data":{"attributes":{"title":"A"},"id":"7","relationships":{"parent_page":{"data":null},"project":{"data":{"id":"1","type":"projects"}}},"type":"pages"}}"#
        )
    }

    func testACreateEnvelopeHasNoID() throws {
        XCTAssertEqual(try json(ResourceDocument(Resource(type: "pages", attributes: Title(title: "A")))), #"{"data":{"attributes":{"title":"A"},"type":"pages"}}"#)
    }

    func testIDsAreReadAsStringsOrNumbers() throws {
        let text = #"{"data":[{"id":12,"type":"pages","attributes":{"title":"A"},"relationships":{"root_page":{"data":{"type":"pages","id":3}}}}],"meta":{"total_pages":2,"total_count":31}}"#
        let document = try JSONDecoder().decode(CollectionDocument<Title>.self, from: Data(text.utf8))
        XCTAssertEqual(document.data.first?.id, "12")
        XCTAssertEqual(document.data.first?.relationships?["root_page"]?.data, ResourceIdentifier(type: "pages", id: "3"))
        XCTAssertEqual(document.meta, CollectionMeta(totalPages: 2, totalCount: 31))
    }

    func testAResourceWithoutAttributesFailsAStrictTypeAndItsBrokenRelationshipsAreLeftOut() throws {
        let bare = Data(#"{"data":{"id":"3","type":"pages","relationships":{"root_page":7,"project":{"data":{"id":"1","type":"projects"}}}}}"#.utf8)
        XCTAssertThrowsError(try JSONDecoder().decode(ResourceDocument<Title>.self, from: bare), "a strict type still needs its attributes")
        struct Anything: AnswerReading {
            var title: String?
            init(from decoder: any Decoder) throws {
                title = (try? decoder.container(keyedBy: CodingKeys.self))?.lenient(String.self, forKey: .title)
            }
        }
        let read = try JSONDecoder().decode(ResourceDocument<Anything>.self, from: bare).data
        XCTAssertNil(read.attributes.title)
        XCTAssertEqual(read.relationships?.keys.sorted(), ["project"])
        XCTAssertEqual(read.related("project"), "1")
        XCTAssertNil(read.related("root_page"))
        let untyped = Data(#"{"data":{"id":"3","attributes":{"title":"A"},"relationships":{"root_page":7}}}"#.utf8)
        XCTAssertEqual(try JSONDecoder().decode(ResourceDocument<Anything>.self, from: untyped).data.type, "", "an answer's resource may leave out its type")
        XCTAssertThrowsError(try JSONDecoder().decode(ResourceDocument<Title>.self, from: untyped), "a request's may not")
    }

    func testTheErrorDocumentOfA429() throws {
        let error = ErrorObject(status: 429, title: "Too many requests", detail: "at most 100 requests per 10 s", limit: 100, period: 10)
        XCTAssertEqual(
            try json(ErrorDocument([error])),
            #"{"errors":[{"detail":"at most 100 requests per 10 s","limit":100,"period":10,"status":"429","title":"Too many requests"}]}"#
        )
        let read = try JSONDecoder().decode(ErrorDocument.self, from: Data(#"{"errors":[{"status":"422","title":"Invalid","source":{"pointer":"/data/attributes/title"}}]}"#.utf8))
        XCTAssertEqual(read.errors.first?.source?.pointer, "/data/attributes/title")
        XCTAssertNil(read.errors.first?.detail)
    }

    func testProductiveDefaultsAreTheShortWindowThenTheSustainedLimit() {
        XCTAssertEqual(RateLimit.productiveDefaults, [RateLimit(count: 100, window: .seconds(10)), RateLimit(count: 4000, window: .seconds(1800))])
    }
}
