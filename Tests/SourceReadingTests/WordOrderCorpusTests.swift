import Foundation
import ProductiveFormat
import SourceReading
import XCTest

/// For every rust-book file and CommonMark example: the words of each top-level block of the
/// payload (read back from the payload itself) appear in the source, in the same order.
/// Words are runs of ASCII letters and digits, so decoded entities (`&ouml;`) cannot match falsely.
final class WordOrderCorpusTests: XCTestCase {
    static func words(_ text: String) -> [Substring] {
        text.split { !($0.isASCII && ($0.isLetter || $0.isNumber)) }
    }

    /// The top-level blocks of a payload, as the other side reads it.
    private func payloadBlocks(_ conversion: Conversion) -> [Block] {
        if conversion.checked.format == .html {
            return Converter.check(html: conversion.payload).document.blocks
        }
        return Converter.check(text: conversion.payload, name: "payload.md", options: ConversionOptions(titleHeading: .keep)).document?.blocks ?? []
    }

    /// Nil when every block's words follow one another in the source; otherwise what went wrong.
    private func orderProblem(_ source: String, name: String) -> String? {
        let conversion = Converter.convert(text: source, name: name)
        // Footnote definitions move to the end, by design (PD009): their order is not the source's.
        if conversion.checked.findings.contains(where: { $0.ruleID == "PD009" }) { return nil }
        let sourceWords = Self.words(source)
        var cursor = 0
        for (index, block) in payloadBlocks(conversion).enumerated() {
            for word in Self.words(BlockText.of(block)) {
                guard let found = sourceWords[cursor...].firstIndex(of: word) else {
                    return "block \(index): `\(word)` is not in the source after word \(cursor) (\(BlockText.of(block).prefix(80)))"
                }
                cursor = found + 1
            }
        }
        return nil
    }

    func testRustBookWordsStayInOrder() throws {
        for url in try Fixtures.rustBook() {
            let source = String(decoding: try Data(contentsOf: url), as: UTF8.self)
            XCTAssertNil(orderProblem(source, name: url.lastPathComponent), url.lastPathComponent)
        }
    }

    func testCommonMarkExampleWordsStayInOrder() throws {
        let examples = try Fixtures.specExamples()
        XCTAssertGreaterThan(examples.count, 600)
        for (number, markdown) in examples {
            XCTAssertNil(orderProblem(markdown, name: "example.md"), "example \(number): \(markdown)")
        }
    }

    func testTheCheckCatchesAReorderedBlock() {
        XCTAssertNil(orderProblem("alpha beta\n\ngamma\n", name: "t.md"))
        XCTAssertEqual(Self.words("B&ouml;rk 12-ab"), ["B", "ouml", "rk", "12", "ab"])
    }
}

/// The visible text of a block, in reading order (images by their alt text, mentions by label).
enum BlockText {
    static func of(_ block: Block) -> String {
        var out: [String] = []
        var pending: [Block] = [block]
        while let next = pending.popLast() {
            switch next {
            case .paragraph(let inlines, _), .heading(_, let inlines, _):
                out.append(text(inlines))
            case .codeBlock(_, let code):
                out.append(code)
            case .divider:
                break
            case .blockquote(let children), .banner(_, let children):
                pending += children.reversed()
            case .orderedList(_, let items), .bulletList(let items):
                pending += items.flatMap { $0 }.reversed()
            case .checklist(let items):
                pending += items.flatMap(\.blocks).reversed()
            case .table(let table):
                out.append(table.rows.flatMap(\.cells).map { text($0.content) }.joined(separator: " "))
            case .columns(let columns):
                pending += columns.columns.flatMap { $0 }.reversed()
            }
        }
        return out.joined(separator: " ")
    }

    private static func text(_ inlines: [Inline]) -> String {
        inlines.map { inline in
            switch inline {
            case .text(let text, _): text
            case .hardBreak: " "
            case .image(let image, _): image.alt
            case .mention(let mention): mention.label
            case .variable(let name): name
            }
        }.joined()
    }
}
