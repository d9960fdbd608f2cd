@testable import DocsSync
import ProductiveFormat
import SourceReading
import XCTest

/// `SourceMerge` on real files read by cmark-gfm: the page is the file as a colleague edited it,
/// read the same way; every line the edit did not touch must stay byte for byte.
final class SourceMergeTests: XCTestCase {
    /// Merges the model of `page` (a Markdown text standing for the page's body) into `file`.
    private func merge(_ file: String, page: String) throws -> SourceMerge.Result {
        let mapped = Converter.map(text: file, name: "guide.md")
        let base = try XCTUnwrap(Converter.check(mapped, links: nil).document)
        let remote = try XCTUnwrap(Converter.check(text: page, name: "guide.md").document).normalized()
        let input = SourceMerge.Input(
            file: Array(file.utf8), base: base.blocks, sources: mapped.sources, losses: mapped.losses,
            remote: remote.blocks, remoteWritten: remote.blocks, localLabel: "guide.md", remoteLabel: "page 7"
        )
        return try XCTUnwrap(SourceMerge.merge(input))
    }

    private func merged(_ file: String, page: String, file line: UInt = #line) throws -> String {
        let result = try merge(file, page: page)
        XCTAssertEqual(result.conflicts, [], line: line)
        return String(decoding: result.bytes, as: UTF8.self)
    }

    func testUnchangedPageChangesNothing() throws {
        let file = "Wrapped by\nhand.\n\n<!-- a comment -->\n\n![local](img.png)\n"
        let result = try merge(file, page: "Wrapped by hand.\n\nlocal\n")
        XCTAssertEqual(String(decoding: result.bytes, as: UTF8.self), file)
        XCTAssertEqual(result.changed, 0)
    }

    /// Each row: the file, the page as a colleague left it, the file the merge must give.
    func testBlocksItemsRowsAndQuotePartsMergeInPlace() throws {
        let cases: [(String, String, String, String)] = [
            ("a reworded paragraph", "One\nwrapped.\n\n<!-- c -->\n\nTwo\nwrapped.\n", "One wrapped.\n\nTwo changed.\n",
             "One\nwrapped.\n\n<!-- c -->\n\nTwo changed.\n"),
            ("a paragraph appended", "One.\n\nTwo.", "One.\n\nTwo.\n\nThree.\n", "One.\n\nTwo.\n\nThree.\n"),
            ("a paragraph inserted first", "# Title\n\nOne.\n", "# Title\n\nZero.\n\nOne.\n", "# Title\n\nZero.\n\nOne.\n"),
            ("a paragraph deleted", "One.\n\nTwo.\n\nThree.\n", "One.\n\nThree.\n", "One.\n\nThree.\n"),
            ("a list item changed", "* a\n* b\n* c\n", "- a\n- B\n- c\n", "* a\n* B\n* c\n"),
            ("a list item inserted", "1) a\n2) b\n", "1. a\n2. x\n3. b\n", "1) a\n2) x\n2) b\n"),
            ("a table row changed", "| h | i |\n|:-|-|\n| 1 | 2 |\n| 3 | 4 |\n", "| h | i |\n|:-|-|\n| 1 | 2 |\n| 3 | 5 |\n",
             "| h | i |\n|:-|-|\n| 1 | 2 |\n| 3 | 5 |\n"),
            ("a block in a quote", "> One\n> wrapped.\n>\n> Two.\n", "> One wrapped.\n>\n> Two, changed.\n", "> One\n> wrapped.\n>\n> Two, changed.\n"),
            ("a banner paragraph", "> [!NOTE]\n> Keep\n> this.\n>\n> Old.\n", "> [!NOTE]\n> Keep this.\n>\n> New.\n",
             "> [!NOTE]\n> Keep\n> this.\n>\n> New.\n"),
        ]
        for (name, file, page, expected) in cases {
            XCTAssertEqual(try merged(file, page: page), expected, name)
        }
    }

    /// Lists added in a row (notes appended one after another, each a list) stay lists of their
    /// own: each takes the other marker than the list before it, in the file or among themselves.
    func testListsAddedInARowStaySeparateLists() throws {
        let cases: [(String, String, String, String)] = [
            ("two lists appended", "One.\n", "One.\n\n- a\n\n* b\n", "One.\n\n- a\n\n* b\n"),
            ("a list after the file's list", "One.\n\n- a\n", "One.\n\n- a\n\n* b\n", "One.\n\n- a\n\n* b\n"),
            ("a list after a `*` list", "* a\n", "* a\n\n- b\n", "* a\n\n- b\n"),
            ("numbered after numbered", "1. a\n", "1. a\n\n1) b\n", "1. a\n\n1) b\n"),
            ("a checklist after a list", "- a\n", "- a\n\n* [ ] b\n", "- a\n\n* [ ] b\n"),
        ]
        for (name, file, page, expected) in cases {
            let text = try merged(file, page: page)
            XCTAssertEqual(text, expected, name)
            let readBack = Converter.check(text: text, name: "guide.md").document?.blocks.count
            XCTAssertEqual(readBack, Converter.check(text: page, name: "guide.md").document?.blocks.count, "\(name): as many blocks as the page")
        }
    }

    /// cmark ends a list's last item after the blank line that follows it: an item added (or
    /// changed) there goes before that line, so the paragraph after the list stays a paragraph.
    func testAnItemAddedAtTheEndOfAListBeforeAParagraphStaysInTheList() throws {
        let cases: [(String, String, String, String)] = [
            ("an item added", "- one\n- two\n\nClosing paragraph.\n", "- one\n- two\n- three\n\nClosing paragraph.\n",
             "- one\n- two\n- three\n\nClosing paragraph.\n"),
            ("the last item changed", "- one\n- two\n\nClosing paragraph.\n", "- one\n- TWO\n\nClosing paragraph.\n",
             "- one\n- TWO\n\nClosing paragraph.\n"),
            ("the last item deleted", "- one\n- two\n\nClosing paragraph.\n", "- one\n\nClosing paragraph.\n",
             "- one\n\nClosing paragraph.\n"),
            ("an item added before an emphasised line", "- a\n\n*note key: k*\n", "- a\n- b\n\n*note key: k*\n", "- a\n- b\n\n*note key: k*\n"),
            ("two blank lines after the list", "- one\n\n\nEnd.\n", "- one\n- two\n\nEnd.\n", "- one\n- two\n\n\nEnd.\n"),
            ("an item of a loose list deleted", "- a\n\n- b\n\n- c\n\nEnd.\n", "- a\n\n- c\n\nEnd.\n", "- a\n\n- c\n\nEnd.\n"),
            ("the last item of a loose list deleted", "- a\n\n- b\n\nEnd.\n", "- a\n\nEnd.\n", "- a\n\nEnd.\n"),
        ]
        for (name, file, page, expected) in cases {
            let text = try merged(file, page: page)
            XCTAssertEqual(text, expected, name)
            let readBack = try XCTUnwrap(Converter.check(text: text, name: "guide.md").document).canonicalForm()
            let stored = try XCTUnwrap(Converter.check(text: page, name: "guide.md").document).canonicalForm()
            XCTAssertEqual(readBack, stored, "\(name): the merged file reads back as the page")
        }
    }

    func testAChangeToABlockHoldingWhatThePageCannotStoreIsAConflict() throws {
        let file = "Intro.\n\nText with ![local](img.png) in it.\n\nEnd.\n"
        let result = try merge(file, page: "Intro, changed.\n\nText with changed in it.\n\nEnd.\n")
        XCTAssertEqual(result.conflicts.map(\.line), [3])
        XCTAssertEqual(String(decoding: result.bytes, as: UTF8.self), """
            Intro, changed.

            <<<<<<< guide.md
            Text with ![local](img.png) in it.
            =======
            Text with changed in it.
            >>>>>>> page 7

            End.

            """)
    }

    func testDeletingABlockWithAFootnoteIsAConflictAndNothingIsDropped() throws {
        let file = "One.\n\nTwo[^n].\n\n[^n]: The note.\n"
        let result = try merge(file, page: "One.\n\n---\n\n1. The note.\n")
        XCTAssertEqual(result.conflicts.map(\.line), [3])
        XCTAssertTrue(String(decoding: result.bytes, as: UTF8.self).contains("<<<<<<< guide.md\nTwo[^n].\n=======\n>>>>>>> page 7\n"))
    }

    func testCarriageReturnLineEndsAreKept() throws {
        XCTAssertEqual(try merged("One.\r\n\r\nTwo.\r\n", page: "One.\n\nTwo, changed.\n"), "One.\r\n\r\nTwo, changed.\r\n")
    }
}
