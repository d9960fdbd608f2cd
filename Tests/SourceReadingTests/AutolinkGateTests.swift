import Foundation
import ProductiveFormat
@testable import SourceReading
import TestSupport
import XCTest

/// The parse that leaves cmark's autolink extension out unless a text needs it (`AutolinkGate`)
/// gives the very tree of a parse with the extension: compared node by node, string by string.
final class AutolinkGateTests: XCTestCase {
    /// One input per way the extension can change a tree, and the places where it cannot.
    static let cases = [
        "plain words only, no link at all\n",
        "see www.example.com/path and more\n",
        "see https://example.com/a_(b) now\n",
        "ftp://files.example.org, then text\n",
        "mail someone@example.com today\n",
        "mailto:someone@example.com and xmpp:me@chat.example.org/home\n",
        "an address in code `user@host` and <https://angle.example.com/www.x>\n",
        "[www.example.com](https://target.example.com) is link text\n",
        "![alt https://example.com](img.png) is alt text\n",
        "[see www.example.com unmatched bracket\n",
        "\\<https://escaped.example.com> is not an angle autolink\n",
        "*www.emphasis.example.com* and _https://under.example.com_\n",
        "www.a.com/*not emphasis*, www.b.com/`code`\n",
        "a www.example.com&amp; b www.c.com; d (www.e.com)) f\n",
        "| url | mail |\n|---|---|\n| www.table.example.com | a@b.example.com |\n",
        "# heading https://heading.example.com\n\ntext\n",
        "> quoted www.quote.example.com\n> and me@quote.example.com\n",
        "- item https://item.example.com\n- [ ] task a@b.co\n",
        "note[^1]\n\n[^1]: footnote with www.note.example.com and a@b.example.com\n",
        "```\nwww.code.example.com a@b.co\n```\n\n<div>\nhttps://html.example.com\n</div>\n",
        "@@@ @ @. a@ @b x@y z@z.z\n",
        // The e-mail pass reads each text node alone: several addresses in one, one after a rejected
        // `@`, addresses beside and inside links, in alt text, at a node's end, beside a web link.
        "a@b.co, c@d.co and e@f.co; g@ h@i.co x@y@z.co last@end.co\n",
        "a@b.co [link x@y.co](https://u.example.com) c@d.co ![alt e@f.co](i.png) *g@h.co*\nnext@line.co\n",
        "see www.example.com or write a@b.co, and https://x.example.com/a@b then c@d.co\n",
        // Where a block's text starts right after its markers, `www.` follows `>`, `|` or `:`.
        ">www.quote.example.com\n",
        "|www.cell.example.com|b|\n|---|---|\n|x|www.c.example.com|\n",
        "ref[^1]\n\n[^1]:www.note.example.com\n",
        "an escaped \\*www.escaped.example.com*\n",
        // After any other byte, no parse links it (the extension's `w` is left out).
        "https://www.example.com, x/www.a.com, a.www.b.com and `www.code.com` with footnote[^1]\n\n[^1]: see https://y.example.com\n",
        "wwww.example.com xwww.example.com (www.example.com\n",
        "http://x https:// ://example.com http:/example.com\n",
        // Addresses written with character references: the e-mail pass reads the decoded text.
        "Mail user&#64;example.com, other&commat;example.org or third&#x40;example.net today\n",
        // An address inside a web link: the web link wins (the e-mail pass would hide it in a link).
        "text www.xmpp:a@b.co and *www.a@b.co.* then\n",
        // A web link in a footnote definition that footnote processing drops took the reference.
        "1. - \n[^1]: \n[^1]: \t&amp;\twww.[[^1]wa@b.co(](_ftp://>*é\thttp:](ftp://\n",
        // A web link in a dropped definition took a code span's opener, and the span hid a reference.
        "&#64;| a | b |\n|---|---|\n| ```\n\n[^1]: \'\n\né.\n\n\n![\n[^1]: ftp://https://```\n [^1]!&commat;@]    ```\n<https://x.y/z>https://",
        // Dropped definitions (a duplicate, an unreferenced one) whose web links take no reference.
        "ref[^a] and [^b]\n\n[^a]: first https://kept.example.com\n[^a]: again www.dropped.example.com [^b]\n"
            + "[^c]: unreferenced www.c.example.com\n[^b]: b\n",
    ]

    func testEachCaseGivesTheTreeOfTheExtension() {
        for markdown in Self.cases {
            XCTAssertEqual(Self.dump(markdown, .whenTheTreeNeedsIt), Self.dump(markdown, .always), markdown)
            XCTAssertEqual(Self.dump(markdown, .whenNeeded), Self.dump(markdown, .always), markdown)
        }
    }

    func testTheGateSendsOnlyWhatNeedsItToTheExtension() {
        func verdict(_ text: String) -> AutolinkGate.Verdict {
            let bytes = Array(text.utf8)
            return bytes.withUnsafeBufferPointer { AutolinkGate(scanning: $0).verdict($0) }
        }
        XCTAssertEqual(verdict("plain text"), .unchanged)
        XCTAssertEqual(verdict("at www.example.com"), .needsExtension)
        XCTAssertEqual(verdict("at https://example.com"), .needsExtension)
        XCTAssertEqual(verdict("write to a@b.co"), .needsEmailPass)
        XCTAssertEqual(verdict("a@b.co and www.x.com"), .needsExtension)
        // The guess from the bytes: web links in destinations, `<...>` and reference definitions are not text.
        func likely(_ text: String) -> Bool { Array(text.utf8).withUnsafeBufferPointer { AutolinkGate.webLinkLikelyInText($0) } }
        XCTAssertFalse(likely("[a](https://x.com) <https://y.com> [b](<http://z.com>)\n[ref]: https://r.com\n  [r2]:\twww.r.com\n"))
        XCTAssertFalse(likely("ssh://host and a/www.example.com and (`x`)"))
        XCTAssertTrue(likely("see https://x.com"))
        XCTAssertTrue(likely("see www.x.com"))
        XCTAssertTrue(likely("(www.x.com)"))
        XCTAssertTrue(likely("Http://x.com"))
        // A `www.` after a byte that no link starts after needs no `w` match.
        func mayHoldWWW(_ text: String) -> Bool { Array(text.utf8).withUnsafeBufferPointer { AutolinkGate(scanning: $0).mayHoldWWWLink } }
        XCTAssertFalse(mayHoldWWW("https://www.example.com and a.www.b.com"))
        XCTAssertTrue(mayHoldWWW("www.example.com"))
        XCTAssertTrue(mayHoldWWW("|www.cell.com|"))
        XCTAssertTrue(mayHoldWWW("(www.x.com)"))
        // A source without any of the three needs no check at all.
        XCTAssertTrue(Array("plain words".utf8).withUnsafeBufferPointer { AutolinkGate(scanning: $0).isOff })
        XCTAssertFalse(Array("a@b".utf8).withUnsafeBufferPointer { AutolinkGate(scanning: $0).isOff })
    }

    /// Random documents made of the pieces the extension and the inline parser react to.
    func testRandomDocumentsGiveTheTreeOfTheExtension() {
        let pieces = [
            "www.", "example.com", "https://", "ftp://", "http:", "//", "a@b.co", "@", "mailto:", "xmpp:", "<", ">",
            "<https://x.y/z>", "&#64;", "&commat;", "[", "]", "(", ")", "](", "![", "`", "*", "_", "~", "\\", "&amp;", ";", ".", ",", "!",
            " ", " ", " ", "\n", "\n\n", "> ", "- ", "1. ", "# ", "| a | b |\n|---|---|\n| ", "[^1]", "\n[^1]: ",
            "word", "wow", "w", ":", "-", "+", "/", "'", "\"", "\t", "    ", "```\n", "<!-- c -->", "é", "日本",
        ]
        var random = ReplaySeed(for: "testRandomDocumentsGiveTheTreeOfTheExtension")
        for round in 0..<1500 {
            var markdown = ""
            for _ in 0..<Int.random(in: 1...40, using: &random) {
                markdown += pieces[Int.random(in: 0..<pieces.count, using: &random)]
            }
            let always = Self.dump(markdown, .always)
            XCTAssertEqual(Self.dump(markdown, .whenTheTreeNeedsIt), always, "round \(round) (\(random.replay)): \(markdown.debugDescription)")
            XCTAssertEqual(Self.dump(markdown, .whenNeeded), always, "round \(round) (\(random.replay)): \(markdown.debugDescription)")
        }
    }

    func testTheCorpusAndTheSpecExamplesGiveTheTreeOfTheExtension() throws {
        for (name, markdown) in try Fixtures.specExamplesAndCorpus() {
            let always = Self.dump(markdown, .always)
            XCTAssertEqual(Self.dump(markdown, .whenTheTreeNeedsIt), always, name)
            XCTAssertEqual(Self.dump(markdown, .whenNeeded), always, name)
        }
    }

    /// Every node of the tree of `markdown`: kind, payload, places, links and strings.
    static func dump(_ markdown: String, _ autolinkExtension: MarkdownParser.AutolinkExtension, feeding: MarkdownParser.Feeding = .bySize) -> [String] {
        let bytes = Array(markdown.utf8)[...]
        let tree = MarkdownParser.parse(bytes, lines: LineStarts(bytes), lineOffset: 0, autolinkExtension: autolinkExtension, feeding: feeding)
        return tree.nodes.map { node in
            "\(node.kind) \(node.payload) \(node.line):\(node.column)-\(node.endLine) \(node.firstChild) \(node.nextSibling) "
                + "\(tree.string(node.literal).debugDescription) \(tree.string(node.second).debugDescription)"
        }
    }
}
