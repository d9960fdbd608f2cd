import Foundation
import ProductiveFormat
import TestSupport
import XCTest

@testable import SourceReading

/// A long text is parsed block by block (each top-level block's inlines parsed, copied and freed
/// in turn, fed in windows when it holds no reference definitions): the tree must be the one of
/// the whole parse, node for node, whatever the windows.
final class BlockByBlockParseTests: XCTestCase {
    /// The windows tried: a line at a time (a window ends at a line's end), a few lines, many.
    private static let windows = [0, 1, 9, 200]

    func testDefinitionsAndFootnotesAfterTheirUseGiveTheWholeTree() {
        let texts = [
            // A reference used before its definition: fed in windows, the use would be read first.
            "[a] and [b][]\n\n- item [a]\n\n[a]: /one\n[b]: /two 'title'\n",
            // The definition in the last paragraph, still open when everything has been fed.
            "see [a]\n\n[a]: /one",
            "see [a]\n\n> quoted [a]\n\n[a]:\n/one\n",
            // Footnotes are numbered and moved over the whole tree.
            "text[^1] and[^2]\n\n[^2]: second\n\n[^1]: first\n",
            // A definition-like line that is not one, and a link that is one.
            "[not]: \n\n[x](/y) [x]\n",
        ]
        for text in texts {
            let whole = dump(text, .whole)
            for window in Self.windows {
                XCTAssertEqual(dump(text, .blockByBlock(window: window)), whole, "window \(window): \(text.debugDescription)")
            }
        }
    }

    func testRandomDocumentsGiveTheWholeTree() {
        let pieces = [
            "word ", "w", "*", "_", "**", "~~", "`", "``", "[", "]", "(", ")", "](/u)", "![", "<", ">", "\\", "&amp;",
            "www.x.com", "https://y.z", "a@b.co", "<https://q.r>", "\n", "\n\n", "\r\n", "\t", "    ", "> ", "- ", "* ", "1. ",
            "2) ", "- [ ] ", "- [x] ", "# ", "### ", "\n===\n", "\n---\n", "***\n", "```\n", "~~~ info\n", "<div>\n", "</div>\n",
            "<!-- c -->", "| a | b |\n|---|:-:|\n| ", " | ", "\n[r]: /ref\n", "[r]", "[^1]", "\n[^1]: note\n", "é", "日本",
        ]
        var random = ReplaySeed(for: "testRandomDocumentsGiveTheWholeTree")
        for round in 0..<600 {
            var markdown = ""
            for _ in 0..<Int.random(in: 1...60, using: &random) {
                markdown += pieces[Int.random(in: 0..<pieces.count, using: &random)]
            }
            let whole = dump(markdown, .whole)
            for window in Self.windows {
                XCTAssertEqual(dump(markdown, .blockByBlock(window: window)), whole, "round \(round) (\(random.replay)), window \(window): \(markdown.debugDescription)")
            }
        }
    }

    func testTheCorpusAndTheSpecExamplesGiveTheWholeTree() throws {
        for (name, markdown) in try Fixtures.specExamplesAndCorpus() {
            let whole = dump(markdown, .whole)
            for window in [0, 64] {
                XCTAssertEqual(dump(markdown, .blockByBlock(window: window)), whole, "window \(window): \(name)")
            }
        }
    }

    /// A text longer than `blockByBlockBytes` goes block by block by default, in windows: the same
    /// tree as whole, the web links and addresses of its last windows included (a reparse with the
    /// autolink extension's matches starts over).
    func testALongTextByDefaultGivesTheWholeTree() {
        var text = ""
        var page = 0
        while text.utf8.count <= MarkdownParser.blockByBlockBytes * 2 {
            page += 1
            text += "# page \(page)\n\n> A tool.\n> More: <https://example.com/\(page)>.\n\n- Do a thing:\n\n`tool --flag {{value}}`\n\n"
        }
        text += "The end, at www.example.com or mail@example.com.\n"
        XCTAssertEqual(dump(text, .bySize, .whenNeeded), dump(text, .whole, .always))
        XCTAssertEqual(dump(text, .bySize), dump(text, .whole))
    }

    private func dump(_ markdown: String, _ feeding: MarkdownParser.Feeding, _ autolinks: MarkdownParser.AutolinkExtension = .whenNeeded) -> [String] {
        AutolinkGateTests.dump(markdown, autolinks, feeding: feeding)
    }
}
