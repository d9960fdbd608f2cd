import ProductiveWire
import XCTest

final class QueryStringTests: XCTestCase {
    func testBracketsAndReservedCharactersArePercentEncoded() {
        let items = [(QueryKey.filter("parent_page_id"), "1,2"), (QueryKey.filter("query"), "a&b=c d+e"), (QueryKey.pageSize, "200")]
        XCTAssertEqual(QueryString.encode(items), "filter%5Bparent_page_id%5D=1,2&filter%5Bquery%5D=a%26b%3Dc%20d%2Be&page%5Bsize%5D=200")
    }

    func testDecodingGivesBackWhatWasEncoded() {
        let items = [(QueryKey.filter("query"), "Ünïcode & spaces + plus"), (QueryKey.fields("pages"), "title,body"), (QueryKey.sort, "-created_at")]
        let decoded = QueryString.decode(QueryString.encode(items))
        XCTAssertEqual(decoded.map(\.0), items.map(\.0))
        XCTAssertEqual(decoded.map(\.1), items.map(\.1))
    }

    func testDecodingReadsPlusAsSpaceAndKeepsEmptyValues() {
        let decoded = QueryString.decode("filter[query]=a+b&flag&page%5Bnumber%5D=")
        XCTAssertEqual(decoded.map(\.0), ["filter[query]", "flag", "page[number]"])
        XCTAssertEqual(decoded.map(\.1), ["a b", "", ""])
        XCTAssertTrue(QueryString.decode(nil).isEmpty)
        XCTAssertEqual(QueryString.encode([]), "")
    }

    func testFilterNameIsTheBracketedPart() {
        XCTAssertEqual(QueryKey.filterName("filter[page_id]"), "page_id")
        XCTAssertNil(QueryKey.filterName("fields[pages]"))
        XCTAssertNil(QueryKey.filterName("filter[page_id"))
    }

    func testAListingPageAsksForTheLargestSize() {
        let items = ListLimits.page(3)
        XCTAssertEqual(items.map(\.0), ["page[number]", "page[size]"])
        XCTAssertEqual(items.map(\.1), ["3", String(ListLimits.maxPageSize)])
    }
}
