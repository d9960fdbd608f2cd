import ProductiveFormat
import SourceReading
import XCTest

/// A fragment of HTML keeps its top-level siblings apart, whatever element comes first.
final class HTMLFragmentTests: XCTestCase {
    func testTheFirstElementDoesNotSwallowItsSiblings() {
        let document = Converter.check(html: "<h2>Setup</h2>\n<p>Steps.</p>\n<banner type=\"info\"><p>Note.</p></banner>\n<p>End.</p>").document
        XCTAssertEqual(document.blocks, [
            .heading(.two, [.text("Setup")]), .paragraph([.text("Steps.")]), .banner(.info, [.paragraph([.text("Note.")])]), .paragraph([.text("End.")]),
        ])
    }

    func testAStrayClosingTagKeepsTheRestInOrder() {
        let document = Converter.check(html: "<p>A</p></pd-fragment></div><p>B</p>").document
        XCTAssertEqual(document.blocks, [.paragraph([.text("A")]), .paragraph([.text("B")])])
    }
}
