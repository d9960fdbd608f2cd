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
            return Converter.check(html: conversion.payload.text).document.blocks
        }
        return Converter.check(text: conversion.payload.text, name: "payload.md", options: ConversionOptions(titleHeading: .keep)).document?.blocks ?? []
    }

    /// Nil when every block's words follow one another in the source; otherwise what went wrong.
    private func orderProblem(_ source: String, name: String) -> String? {
        let conversion = Converter.convert(text: source, name: name)
        // Footnote definitions move to the end, by design (PD009): their order is not the source's.
        if conversion.checked.findings.contains(where: { $0.ruleID == "PD009" }) { return nil }
        return Self.problem(blocks: payloadBlocks(conversion).map(BlockText.of), source: source)
    }

    /// Nil when the words of `blocks`, in turn, follow one another in `source`.
    static func problem(blocks: [String], source: String) -> String? {
        let sourceWords = taggedWords(source)
        var cursor = 0
        for (index, text) in blocks.enumerated() {
            for word in words(text) {
                guard let next = match(word, in: sourceWords, from: cursor) else {
                    return "block \(index): `\(word)` is not in the source after word \(cursor) (\(text.prefix(80)))"
                }
                cursor = next
            }
        }
        return nil
    }

    /// The index after the first run of consecutive source words, at or after `start`, that spells
    /// `word`: markup splits `foo*bar*` into two source words that the payload reads as one, and the
    /// words inside a tag (`2<sup>n</sup>` reads `2n`) may be skipped within the run.
    static func match(_ word: Substring, in source: [(word: Substring, inTag: Bool)], from start: Int) -> Int? {
        var index = start
        while index < source.count {
            var spelled = Substring("")
            var end = index
            while end < source.count, spelled.count < word.count {
                if word.dropFirst(spelled.count).hasPrefix(source[end].word) {
                    spelled += source[end].word
                } else if !(source[end].inTag && !spelled.isEmpty) {
                    break
                }
                end += 1
            }
            if spelled == word { return end }
            index += 1
        }
        // A reference link's label is not shown: `[foo][bar][baz]` reads `foobaz`. Whole source words,
        // in order, still spell the payload word.
        var rest = word
        index = start
        while index < source.count, !rest.isEmpty {
            if rest.hasPrefix(source[index].word) { rest = rest.dropFirst(source[index].word.count) }
            index += 1
        }
        return rest.isEmpty ? index : nil
    }

    /// The source's words, each marked when it sits inside something shaped like a tag (`<a href=x>`).
    static func taggedWords(_ source: String) -> [(word: Substring, inTag: Bool)] {
        var result: [(Substring, Bool)] = []
        var inTag = false
        var wordStart: String.Index?
        var opening = false
        var index = source.startIndex
        while index < source.endIndex {
            let character = source[index]
            let isWordCharacter = character.isASCII && (character.isLetter || character.isNumber)
            if isWordCharacter {
                if wordStart == nil { wordStart = index }
            } else {
                if let begin = wordStart { result.append((source[begin..<index], inTag)) }
                wordStart = nil
                if character == ">" { inTag = false }
            }
            if opening, isWordCharacter, character.isLetter { inTag = true }
            opening = character == "<" || (opening && character == "/")
            index = source.index(after: index)
        }
        if let begin = wordStart { result.append((source[begin...], inTag)) }
        return result
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
        XCTAssertNotNil(Self.problem(blocks: ["gamma", "alpha beta"], source: "alpha beta\n\ngamma\n"), "blocks out of order")
        XCTAssertNotNil(Self.problem(blocks: ["alpha delta"], source: "alpha beta\n"), "a word the source lacks")
        let tagged = Self.taggedWords("x foo*bar* 2<sup>n</sup> y")
        XCTAssertEqual(tagged.map(\.inTag), [false, false, false, false, true, false, true, false])
        XCTAssertEqual(Self.match("foobar", in: tagged, from: 0), 3)
        XCTAssertEqual(Self.match("2n", in: tagged, from: 3), 6)
        XCTAssertNil(Self.match("x", in: tagged, from: 1), "words before the cursor do not count")
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
