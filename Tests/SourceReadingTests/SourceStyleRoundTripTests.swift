import Foundation
import ProductiveFormat
import SourceReading
import XCTest

/// The source style of the Markdown writer (what `pull` writes into a docs folder): converting what
/// it writes gives the same document back, HTML-only elements included, so publishing a pulled
/// folder changes nothing.
final class SourceStyleRoundTripTests: XCTestCase {
    private let options = ConversionOptions(titleHeading: .keep)

    /// The document read back from the source-style Markdown of `document`, or a description of the difference.
    private func roundTripProblem(_ document: Document, name: String) -> String? {
        let source = MarkdownWriter(style: .source).write(document)
        guard let again = Converter.check(text: source, name: name, options: options).document else { return "\(name): not read back" }
        let document = document.normalized()
        guard let index = document.firstDifferingBlock(comparedTo: again.normalized()) else { return nil }
        let expected = index < document.blocks.count ? "\(document.blocks[index])" : "(end)"
        let actual = index < again.blocks.count ? "\(again.normalized().blocks[index])" : "(end)"
        return "\(name): block \(index + 1) differs\n  wrote: \(expected)\n  read:  \(actual)\n--- source\n\(source)"
    }

    func testEveryHTMLOnlyElementComesBack() {
        let columns = Columns([[.paragraph([.text("L")])], [.paragraph([.text("R")]), .bulletList(items: [[.paragraph([.text("r1")])]])]])!
        let document = Document(blocks: [
            .heading(.one, [.text("Title")]),
            .banner(.info, [.paragraph([.text("note")])]),
            .banner(.success, [.paragraph([.text("tip")])]),
            .banner(.warning, [.paragraph([.text("warn "), .text("bold", Marks(strong: true))])]),
            .banner(.critical, [.paragraph([.text("careful")]), .bulletList(items: [[.paragraph([.text("a")])]])]),
            .paragraph([.text("centred")], alignment: .center),
            .heading(.two, [.text("right")], alignment: .right),
            .paragraph([.text("plain "), .text("under", Marks(underline: true)), .text(" and "), .text("red", Marks(color: "red"))]),
            .paragraph([.text("hi "), .mention(Mention(kind: .user, id: "7", label: "Jane"))]),
            .paragraph([.image(Image(source: "https://x.test/a.png", alt: "A", width: 120))]),
            .table(Table(rows: [
                TableRow(cells: [TableCell(isHeader: true, content: [.text("H")], colspan: 2)]),
                TableRow(cells: [TableCell(content: [.text("a")], backgroundColor: "#eee"), TableCell(content: [.text("b")], alignment: .right)]),
            ])),
            .columns(columns),
            .bulletList(items: [[.paragraph([.text("item "), .text("u", Marks(underline: true))])]]),
            .paragraph([.text("after")]),
        ])
        XCTAssertNil(roundTripProblem(document, name: "elements"))
    }

    func testSamplesComeBack() throws {
        let samples = Fixtures.packageRoot.appendingPathComponent("samples")
        let enumerator = FileManager.default.enumerator(atPath: samples.path)
        var problems: [String] = []
        var count = 0
        while let path = enumerator?.nextObject() as? String {
            guard path.hasSuffix(".md") else { continue }
            count += 1
            let bytes = try [UInt8](Data(contentsOf: samples.appendingPathComponent(path)))
            guard let document = Converter.check(bytes, name: path, options: options).document else { continue }
            if let problem = roundTripProblem(document, name: path) { problems.append(problem) }
        }
        XCTAssertGreaterThanOrEqual(count, 5)
        XCTAssertTrue(problems.isEmpty, problems.joined(separator: "\n\n"))
    }

    func testRustBookComesBack() throws {
        var problems: [String] = []
        for url in try Fixtures.rustBook() {
            let text = try String(contentsOf: url, encoding: .utf8)
            guard let document = Converter.check(text: text, name: url.lastPathComponent, options: options).document else { continue }
            if let problem = roundTripProblem(document, name: url.lastPathComponent) { problems.append(problem) }
        }
        XCTAssertTrue(problems.isEmpty, problems.prefix(5).joined(separator: "\n\n"))
    }
}
