import SourceReading
import XCTest

/// The numeric name prefix that orders siblings (`02-setup.md`), and titles made without it.
final class NumericPrefixTests: XCTestCase {
    func testAPrefixIsOneToThreeDigitsThenASeparator() {
        let cases: [(String, Int?, String)] = [
            ("02-setup.md", 2, "setup.md"), ("10_guide", 10, "guide"), ("3. usage.md", 3, "usage.md"), ("7 tips.md", 7, "tips.md"),
            ("001.intro.md", 1, "intro.md"),
            // Not prefixes: a year, digits alone, no separator, nothing after it.
            ("2024-roadmap.md", nil, "2024-roadmap.md"), ("42.md", nil, "42.md"), ("1st.md", nil, "1st.md"), ("12-", nil, "12-"),
            ("setup.md", nil, "setup.md"),
        ]
        for (name, number, rest) in cases {
            XCTAssertEqual(NumericPrefix(Substring(name))?.number, number, name)
            XCTAssertEqual(String(NumericPrefix.stripped(Substring(name))), rest, name)
        }
    }

    func testTheTitleFromAFileNameLeavesThePrefixOut() {
        XCTAssertEqual(Converter.fileTitle("docs/02-setup.md"), "setup")
        XCTAssertEqual(Converter.fileTitle("2024-roadmap.md"), "2024-roadmap")
        let checked = Converter.check(text: "No heading here.\n", name: "guide/01-intro.md", options: ConversionOptions())
        XCTAssertEqual(checked.title, "intro")
    }
}
