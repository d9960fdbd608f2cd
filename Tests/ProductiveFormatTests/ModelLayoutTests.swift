import ProductiveFormat
import XCTest

/// A document holds hundreds of thousands of runs: their size is the model's memory and the time
/// spent copying it. These fail if a change makes every run large again.
final class ModelLayoutTests: XCTestCase {
    func testARunStaysSmall() {
        XCTAssertEqual(MemoryLayout<Marks>.size, 16, "flags and one reference")
        XCTAssertLessThanOrEqual(MemoryLayout<Inline>.stride, 40, "a string and marks, images boxed")
    }

    func testMarksWithValuesCompareAndHashByValue() {
        let a = Marks(strong: true, link: "https://a.test")
        var b = Marks(strong: true)
        b.link = "https://a.test"
        XCTAssertEqual(a, b, "equal values in different boxes")
        XCTAssertEqual(a.hashValue, b.hashValue)
        XCTAssertNotEqual(a, Marks(strong: true, link: "https://b.test"))
        XCTAssertNotEqual(a, Marks(link: "https://a.test"))
        XCTAssertEqual(Set([a, b, Marks(color: "red")]).count, 2)
    }

    func testAWriteToACopyLeavesTheOriginal() {
        let original = Marks(link: "https://a.test", color: "red")
        var copy = original
        copy.color = nil
        copy.backgroundColor = "blue"
        XCTAssertEqual(original.color, "red")
        XCTAssertNil(original.backgroundColor)
        XCTAssertEqual(copy, Marks(link: "https://a.test", backgroundColor: "blue"))
        copy.link = nil
        copy.backgroundColor = nil
        XCTAssertTrue(copy.isEmpty, "no values left: the same as no marks")
    }

    func testUnionKeepsBothFlagsAndTheOtherValues() {
        let outer = Marks(strong: true, link: "https://outer.test", color: "red")
        XCTAssertEqual(outer.union(Marks(emphasis: true)), Marks(strong: true, emphasis: true, link: "https://outer.test", color: "red"))
        XCTAssertEqual(outer.union(Marks(link: "https://inner.test")), Marks(strong: true, link: "https://inner.test", color: "red"))
        XCTAssertEqual(Marks(code: true).union(outer), Marks(strong: true, code: true, link: "https://outer.test", color: "red"))
        XCTAssertEqual(Marks().union(Marks()), Marks())
    }
}
