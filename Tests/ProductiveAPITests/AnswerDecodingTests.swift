import Foundation
@testable import ProductiveAPI
import ProductiveWire
import XCTest

/// Answers are read as `Codable` JSON:API documents, as leniently as they were read as dictionaries:
/// unknown members ignored, ids as strings or numbers, attributes missing, null or of another type,
/// `included` absent or present. A wrong shape is named in the words `AnswerShape` always used.
final class AnswerDecodingTests: XCTestCase {
    private func response(_ json: String) -> APIResponse {
        APIResponse(status: 200, data: Data(json.utf8))
    }

    func testAPageReadsNumericIDsAndFallsBackToItsRelationships() throws {
        let answer = response(#"""
        {"data":{"id":12,"type":"pages","attributes":{"title":"Guide","version_number":"3","position":2.0,"project_id":null,"body":7,"surprise":{"a":[1]}},
         "relationships":{"parent_page":{"data":{"type":"pages","id":5}},"root_page":{"data":{"id":"4"}},"project":{"data":{"type":"projects","id":"77"}},
                          "updater":{"data":{"type":"people","id":9}},"creator":{"data":null},"odd":42}},
         "included":[{"id":"9","type":"people"}]}
        """#)
        XCTAssertNil(AnswerShape.resource.problem(answer))
        let page = try XCTUnwrap(answer.resource(PageAttributes.self).flatMap(Page.init(resource:)))
        XCTAssertEqual(page.id, "12")
        XCTAssertEqual(page.title, "Guide")
        XCTAssertEqual(page.versionNumber, 3, "a numeric string")
        XCTAssertEqual(page.position, 2)
        XCTAssertEqual(page.parentPageID, "5")
        XCTAssertEqual(page.rootPageID, "4", "an identifier without a type")
        XCTAssertEqual(page.projectID, "77", "a null attribute falls back to the relationship")
        XCTAssertEqual(page.updaterID, "9")
        XCTAssertNil(page.body, "a body that is not text reads as none")
    }

    func testAResourceWithoutAttributesOrTypeIsAPageWithNothingKnown() throws {
        for json in [#"{"data":{"id":"3"}}"#, #"{"data":{"id":"3","type":"pages","attributes":null}}"#, #"{"data":{"id":"3","attributes":[1,2]}}"#] {
            XCTAssertNil(AnswerShape.resource.problem(response(json)), json)
            let page = try XCTUnwrap(response(json).resource(PageAttributes.self).flatMap(Page.init(resource:)), json)
            XCTAssertEqual(page, Page(id: "3", title: ""), json)
        }
    }

    func testTheShapeProblemsAreNamedAsBefore() {
        let rows: [(json: String, shape: AnswerShape, problem: String?)] = [
            ("", .resource, "its body is empty"),
            ("  <html><body>Sign in</body></html>", .resource, "it is an HTML or XML page, not JSON"),
            (#"{"data":{"id":"1""#, .resource, "its JSON is cut short or malformed (17 bytes)"),
            (#"[{"id":"1"}]"#, .collection, "it is not a JSON object"),
            (#"{"data":[]}"#, .resource, "it holds no resource object in `data`"),
            (#"{"meta":{}}"#, .collection, "it holds no list in `data`"),
            (#"{"data":{"id":"1"}}"#, .collection, "it holds no list in `data`"),
            (#"{"data":[{"id":"1"},"two"]}"#, .collection, "its `data` holds something that is not a resource object"),
            (#"{"data":[{"id":"1"},{"type":"pages"}]}"#, .collection, "a resource in it has no id"),
            (#"{"data":{"id":"1/../admin"}}"#, .resource, "a resource in it has an id that is not digits"),
            (#"{"data":{"id":1,"attributes":{"parent_page_id":"x"}}}"#, .resource, "its `parent_page_id` is not digits"),
            (#"{"data":{"id":1,"attributes":{"page_id":true}}}"#, .resource, "its `page_id` is not digits"),
            (#"{"data":{"id":1,"relationships":{"updater":{"data":{"type":"people"}}}}}"#, .resource, "its relationship `updater` has an id that is not digits"),
            (#"{"data":{"id":1,"attributes":{"root_page_id":null},"relationships":{"project":{"data":null},"x":7}}}"#, .resource, nil),
            (#"{"data":[{"id":"1","attributes":{"project_id":42}}],"meta":"odd","included":[]}"#, .collection, nil),
        ]
        for row in rows {
            XCTAssertEqual(row.shape.problem(response(row.json)), row.problem, row.json)
        }
    }

    func testMembershipsPeopleGroupsAndVersionsReadTheirAttributes() throws {
        let membership = try XCTUnwrap(response(#"{"data":{"id":8,"attributes":{"page_id":5,"type_id":"3","team_id":7,"access_type_id":2}}}"#)
            .resource(TextAttributes.self).flatMap(Membership.init(resource:)))
        XCTAssertEqual(membership, Membership(id: "8", pageID: "5", subject: MembershipSubject(.team, "7"), access: .edit))
        let byRelationship = response(#"{"data":{"id":"8","attributes":{"type_id":1,"access_type_id":1},"relationships":{"person":{"data":{"type":"people","id":"501"}},"page":{"data":{"type":"pages","id":"5"}}}}}"#)
        XCTAssertEqual(byRelationship.resource(TextAttributes.self).flatMap(Membership.init(resource:))?.subject, MembershipSubject(.person, "501"))
        XCTAssertNil(response(#"{"data":{"id":"8","attributes":{"type_id":9,"access_type_id":1,"person_id":1}}}"#).resource(TextAttributes.self).flatMap(Membership.init(resource:)))

        let person = try XCTUnwrap(response(#"{"data":{"id":"7","attributes":{"first_name":"Jane","last_name":null,"email":"j@x.io","status":1,"person_type":"2"}}}"#)
            .resource(PersonAttributes.self).flatMap(Person.init(resource:)))
        XCTAssertEqual(person, Person(id: "7", name: "Jane", email: "j@x.io", isActive: true, isUser: false))
        XCTAssertNil(response(#"{"data":{"id":"3","attributes":{"name":5}}}"#).resource(GroupAttributes.self).flatMap(NamedGroup.init(resource:)))

        let version = try XCTUnwrap(response(#"{"data":{"id":"30","attributes":{"name":"before","created_at":"2026-01-01T00:00:00Z"},"relationships":{"page":{"data":{"id":5}},"person":{"data":{"id":"7"}}}}}"#)
            .resource(PageVersionAttributes.self).flatMap(PageVersion.init(resource:)))
        XCTAssertEqual(version, PageVersion(id: "30", pageID: "5", name: "before", createdAt: "2026-01-01T00:00:00Z", personID: "7"))
        let handedBack = try XCTUnwrap(APIResponse.created(version.resource).resource(PageVersionAttributes.self).flatMap(PageVersion.init(resource:)))
        XCTAssertEqual(handedBack, version, "what a verified lost answer hands back reads as the version found")
    }

    func testListsReadTheirMetaLeniently() throws {
        let list = response(#"{"data":[{"id":1,"type":"pages"}],"meta":{"total_pages":"3","total_count":2.0,"current_page":"one"},"links":{"next":"?page=2"}}"#)
        let document = try XCTUnwrap(list.decoded(CollectionDocument<PageAttributes>.self))
        XCTAssertEqual(document.meta, CollectionMeta(totalPages: 3, totalCount: 2))
        XCTAssertEqual(document.data.map(\.id), ["1"])
        XCTAssertNil(response(#"{"data":[],"meta":[1]}"#).decoded(CollectionDocument<PageAttributes>.self)?.meta)
    }

    func testAPolicyWithANumberKeepsItAndOneWithAnObjectIsRefused() {
        let numbers = response(#"{"data":{"id":"1","attributes":{"aws_policy":{"key":"a.png","success_action_status":201}}}}"#)
        XCTAssertEqual(AttachmentWire.policyFields(in: numbers)?.map(\.value), ["a.png", "201"])
        XCTAssertNil(AttachmentWire.policyFields(in: response(#"{"data":{"id":"1","attributes":{"aws_policy":{"key":"a.png","policy":{"a":1}}}}}"#)))
        XCTAssertNil(AttachmentWire.policyFields(in: response(#"{"data":{"id":"1","attributes":{"aws_policy":{"policy":"p"}}}}"#)), "no key")
    }

    func testTheBodyTextSkipsWhatIsNotANode() {
        let body = #"{"type":"doc","content":[{"type":"paragraph","content":[{"type":"text","text":"a"},"junk",{"type":"hard_break"},{"type":"text","text":"b"}]},{"type":"paragraph","content":7,"text":3}]}"#
        XCTAssertEqual(Page(id: "1", title: "", body: body).bodyText, "\n\na\nb\n")
        XCTAssertEqual(Page(id: "1", title: "", body: "[1]").bodyText, "")
        XCTAssertEqual(Page(id: "1", title: "", body: "{cut").bodyText, "")
    }
}
