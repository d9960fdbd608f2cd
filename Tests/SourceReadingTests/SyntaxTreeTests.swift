@testable import SourceReading
import XCTest

/// The syntax tree's typed payloads: what each kind of node carries, read as cmark-gfm reports it.
final class SyntaxTreeTests: XCTestCase {
    private func first(_ kind: SyntaxNode.Kind, in tree: SyntaxTree) -> (index: Int32, node: SyntaxNode)? {
        tree.nodes.indices.first { tree.nodes[$0].kind == kind }.map { (Int32($0), tree.nodes[$0]) }
    }

    func testEachKindCarriesItsOwnPayload() throws {
        let tree = MarkdownParser.parse("## Two\n\n3) three\n\n~~~ swift extra\nlet x = 1\n~~~\n\n| a |\n|:-:|\n| b |\n\n- [x] done\n\n[t](https://x.org \"Title\")\n")
        XCTAssertEqual(try XCTUnwrap(first(.heading, in: tree)).node.headingLevel, 2)
        let list = try XCTUnwrap(first(.list, in: tree)?.node.list)
        XCTAssertEqual(list, SyntaxNode.ListAttributes(start: 3, isOrdered: true, delimiter: UInt8(ascii: ")")))
        let code = try XCTUnwrap(first(.codeBlock, in: tree))
        XCTAssertEqual(code.node.codeBlock?.isFenced, true)
        XCTAssertEqual(code.node.codeBlock?.fence, UInt8(ascii: "~"))
        XCTAssertEqual(tree.title(of: code.index), "swift extra")
        XCTAssertEqual(tree.firstWordOfInfo(of: code.index), "swift")
        XCTAssertEqual(tree.literal(of: code.index), "let x = 1\n")
        let table = try XCTUnwrap(first(.table, in: tree))
        XCTAssertEqual(table.node.columnCount, 1)
        XCTAssertEqual(tree.alignments(of: table.index), [UInt8(ascii: "c")])
        let rows = tree.children(of: table.index).map { tree[$0].isHeaderRow }
        XCTAssertEqual(rows, [true, false])
        let items = tree.nodes.filter { $0.kind == .item }
        XCTAssertEqual(items.map(\.taskChecked), [nil, true])
        let link = try XCTUnwrap(first(.link, in: tree))
        XCTAssertEqual(tree.url(of: link.index), "https://x.org")
        XCTAssertEqual(tree.title(of: link.index), "Title")
        XCTAssertEqual(link.node.headingLevel, 0)
        XCTAssertNil(link.node.list)
    }

    /// The tree holds one node per element of the document, and the mapper reads them all.
    func testANodeStaysThirtySixBytes() {
        XCTAssertEqual(MemoryLayout<SyntaxNode>.stride, 36)
    }
}
