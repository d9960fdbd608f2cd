import ProductiveFormat
@testable import SourceReading
import XCTest

/// GitHub emoji shortcodes are sent as their emoji, and diagrams say they are sent as code (issue 19).
final class EmojiAndDiagramTests: XCTestCase {
    func testShortcodesAreFoundOnlyWhereGitHubFindsThem() {
        let cases: [(text: String, replaced: String?, unknown: [String])] = [
            ("Ship it :rocket:", "Ship it 🚀", []),
            (":+1: and :-1: and :100:", "👍 and 👎 and 💯", []),
            (":rocket::tada:", "🚀🎉", []),
            ("(:white_check_mark:)", "(✅)", []),
            ("Typo :rokcet: here", "Typo :rokcet: here", ["rokcet"]),
            ("At 10:30:00 sharp", nil, []),
            ("ratio 1:2:3", nil, []),
            ("a:rocket:b", nil, []),
            ("Foo::bar::baz", nil, []),
            ("https://example.com/:rocket:/x", nil, []),
            ("see www.example.com/:rocket: there", nil, []),
            ("a time :30: alone", nil, []),
            ("no colon at all", nil, []),
            (":Rocket:", nil, []),
            ("Made with :octocat:", "Made with :octocat:", ["octocat"]),
        ]
        for (text, replaced, unknown) in cases {
            let result = EmojiShortcodes.replacing(in: text)
            XCTAssertEqual(result?.text, replaced, text)
            XCTAssertEqual(result?.unsent.map(\.name) ?? [], unknown, text)
        }
    }

    func testTheTableIsGitHubsAndComplete() {
        XCTAssertEqual(EmojiShortcodes.table["rocket"], "🚀")
        XCTAssertEqual(EmojiShortcodes.table["warning"], "⚠️")
        XCTAssertEqual(EmojiShortcodes.table["wales"], "🏴󠁧󠁢󠁷󠁬󠁳󠁿")
        XCTAssertGreaterThan(EmojiShortcodes.table.count, 1800)
        XCTAssertTrue(EmojiShortcodes.table.keys.allSatisfy { !$0.hasPrefix("#") && !$0.isEmpty })
        XCTAssertEqual(EmojiShortcodes.table["octocat"], "", "an image emoji: no character")
    }

    func testPayloadsCarryTheEmojiAndCodeKeepsTheShortcode() {
        let source = "# Launch :rocket:\n\nWe ship :tada: today, see `:tada:` and [:link: docs](https://x.test/a).\n\n```\n:tada:\n```\n"
        let markdown = Converter.convert(text: source, name: "a.md", options: ConversionOptions(format: .markdown, titleHeading: .keep)).payload.text
        XCTAssertEqual(markdown, "# Launch 🚀\n\nWe ship 🎉 today, see `:tada:` and [🔗 docs](https://x.test/a).\n\n```\n:tada:\n```\n")
        let html = Converter.convert(text: "Done :white_check_mark:\n", name: "a.md", options: ConversionOptions(format: .html)).payload.text
        XCTAssertTrue(html.contains("Done ✅"), html)
    }

    func testAnUnknownShortcodeIsReportedWhereItIsWritten() {
        let source = "Intro.\n\n| a | b |\n|---|---|\n| x | :nope: and :nope: |\n\nText :rocket: then\n**bold** :other_one:.\n"
        let findings = Converter.check(text: source, name: "a.md").findings.filter { $0.ruleID == RuleCatalog.emojiShortcode.id }
        XCTAssertEqual(findings.map(\.position), [
            SourcePosition(line: 5, column: 7), SourcePosition(line: 5, column: 18), SourcePosition(line: 8, column: 10),
        ])
        XCTAssertEqual(findings.first?.message, "`:nope:` is not a GitHub emoji shortcode: sent as written")
        XCTAssertEqual(findings.first?.severity, .info)
    }

    func testHeadingAnchorsGetTheShortcodesEmojiRemovedLikeGitHub() {
        XCTAssertEqual(HeadingAnchors.slug("Set it up!"), "set-it-up")
        XCTAssertEqual(HeadingAnchors.slug("  C++ & Swift: 2.0 "), "c--swift-20")
        XCTAssertEqual(HeadingAnchors.slug("Über_Straße"), "über_straße")
        XCTAssertEqual(HeadingAnchors.slug("🚀 Launch"), "-launch")
        XCTAssertEqual(HeadingAnchors.anchors(["Intro", "Intro", "Intro"]), ["intro", "intro-1", "intro-2"])
        let mapped = Converter.map(text: "# Guide\n\n## Launch :rocket:\n\n#### Deep one\n", name: "a.md")
        XCTAssertEqual(mapped.anchors, ["guide", "launch-", "deep-one"])
    }

    func testDiagramFencesSayTheyAreSentAsCode() {
        let source = "Intro.\n\n```mermaid\ngraph TD; A-->B\n```\n\n<!-- productive-docs-disable-next-line PD019 -->\n```d2\nx -> y\n```\n"
        let conversion = Converter.convert(text: source, name: "a.md", options: ConversionOptions(format: .markdown))
        let findings = conversion.checked.findings.filter { $0.ruleID == RuleCatalog.diagramAsCode.id }
        XCTAssertEqual(findings.map(\.position), [SourcePosition(line: 3, column: 1)], "the second fence is silenced in place")
        XCTAssertTrue(findings.first?.message.contains("render it to an image") == true)
        XCTAssertTrue(conversion.payload.text.contains("```mermaid\ngraph TD; A-->B\n```"), conversion.payload.text)
    }
}
