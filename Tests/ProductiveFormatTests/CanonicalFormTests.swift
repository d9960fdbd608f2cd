import Foundation
import ProductiveFormat
import SourceReading
import XCTest

/// `Document.canonicalForm()`, one row per rule: the model a Markdown payload was rendered from
/// (real cmark-gfm) against a stored body as Productive's editor keeps it (ProseMirror JSON, read
/// by `StoredBodyReader`). Absorbed rows must compare equal; kept rows must not.
final class CanonicalFormTests: XCTestCase {
    private struct Row {
        var rule: String
        var sent: String
        var stored: String
    }

    private func sent(_ markdown: String) -> Document {
        Converter.check(text: markdown, name: "row.md", options: ConversionOptions(titleHeading: .keep)).document ?? Document()
    }

    private func stored(_ content: String) throws -> Document {
        try StoredBodyReader.read(#"{"type":"doc","content":[\#(content)]}"#).document
    }

    private static func paragraph(_ inline: String, attrs: String = "") -> String {
        #"{"type":"paragraph"\#(attrs),"content":[\#(inline)]}"#
    }

    private static func text(_ text: String, marks: String? = nil) -> String {
        let encoded = text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return #"{"type":"text","text":"\#(encoded)"\#(marks.map { #","marks":[\#($0)]"# } ?? "")}"#
    }

    private static let br = #"{"type":"br"}"#

    /// Representation: each of these must compare equal.
    private let absorbed: [Row] = [
        Row(rule: "a run of spaces is one space", sent: "two  spaces", stored: paragraph(text("two spaces"))),
        Row(rule: "a soft line break is a space", sent: "one\ntwo", stored: paragraph(text("one two"))),
        Row(rule: "no space at the end of a block (a trailing HTML comment)", sent: "Some text <!-- a note -->", stored: paragraph(text("Some text"))),
        Row(rule: "no space at the end of a block (a disable-line directive)", sent: "Some text <!-- productive-docs-disable-line PD004 -->", stored: paragraph(text("Some text"))),
        Row(rule: "no space after a break (`<br>` at a line end)", sent: "Line one<br>\nline two", stored: paragraph([text("Line one"), br, text("line two")].joined(separator: ","))),
        Row(rule: "no space before a break", sent: "Line one <br>line two", stored: paragraph([text("Line one"), br, text("line two")].joined(separator: ","))),
        Row(rule: "no break at the end of a block", sent: "Last line<br>", stored: paragraph([text("Last line"), br].joined(separator: ","))),
        Row(rule: "adjacent text with the same marks is one text node", sent: "**bold text**",
            stored: paragraph([text("bold ", marks: #"{"type":"strong"}"#), text("text", marks: #"{"type":"strong"}"#)].joined(separator: ","))),
        Row(rule: "an autolink's text percent-decoded", sent: "<https://example.com/a%20b>",
            stored: paragraph(text("https://example.com/a b", marks: #"{"type":"link","attrs":{"href":"https://example.com/a%20b","title":null}}"#))),
        Row(rule: "a link target percent-encoded as its href", sent: "[a](<https://x.example/a b/é>)",
            stored: paragraph(text("a", marks: #"{"type":"link","attrs":{"href":"https://x.example/a%20b/%C3%A9","title":null}}"#))),
        Row(rule: "an image source percent-encoded as its src", sent: "![a](<https://x.example/a b.png>)",
            stored: paragraph(#"{"type":"image","attrs":{"src":"https://x.example/a%20b.png","alt":"a","title":null}}"#)),
        Row(rule: "character references decoded", sent: "Fish &amp; chips &copy; 2024",
            stored: paragraph(text("Fish &amp; chips &copy; 2024"))),
        Row(rule: "numeric character references decoded", sent: "&#169; and &#xA9;", stored: paragraph(text("© and ©"))),
        Row(rule: "two spaces inside inline code are one", sent: "run `a  b` now",
            stored: paragraph([text("run "), text("a b", marks: #"{"type":"code"}"#), text(" now")].joined(separator: ","))),
        Row(rule: "Unicode in NFC (decomposed é)", sent: "Cafe\u{301} cre\u{300}me", stored: paragraph(text("Café crème"))),
        Row(rule: "marks in any order", sent: "***both***",
            stored: paragraph(text("both", marks: #"{"type":"em"},{"type":"strong"}"#))),
        Row(rule: "block ids and default attrs", sent: "## Title\n\nText",
            stored: #"{"type":"heading","attrs":{"id":"h1","level":2,"horizontalAlign":null},"content":[\#(text("Title"))]},"# + paragraph(text("Text"), attrs: #","attrs":{"id":"p1","horizontalAlign":null}"#)),
        Row(rule: "`checked` as a string", sent: "- [x] done\n- [ ] todo",
            stored: #"{"type":"checklist","attrs":{"id":"c1"},"content":[{"type":"checklist_item","attrs":{"checked":"true"},"content":[\#(paragraph(text("done")))]},{"type":"checklist_item","attrs":{"checked":"false"},"content":[\#(paragraph(text("todo")))]}]}"#),
        Row(rule: "`checked` as a boolean", sent: "- [x] done",
            stored: #"{"type":"checklist","content":[{"type":"checklist_item","attrs":{"checked":true},"content":[\#(paragraph(text("done")))]}]}"#),
        Row(rule: "a code block without its final newline, language null", sent: "```\nlet x = 1\n```",
            stored: #"{"type":"codeblock","attrs":{"language":null},"content":[\#(text("let x = 1"))]}"#),
        Row(rule: "an ordered list's start as `order`", sent: "3. three",
            stored: #"{"type":"ol","attrs":{"order":3},"content":[{"type":"li","content":[\#(paragraph(text("three")))]}]}"#),
        Row(rule: "table cell defaults", sent: "| A |\n|---|\n| b |",
            stored: #"{"type":"table","attrs":{"id":"t1"},"content":[{"type":"table_row","content":[{"type":"table_header","attrs":{"colspan":1,"rowspan":1,"colwidth":null,"background":null},"content":[\#(paragraph(text("A")))]}]},{"type":"table_row","content":[{"type":"table_cell","attrs":{"colspan":1,"rowspan":1,"colwidth":null},"content":[\#(paragraph(text("b")))]}]}]}"#),
        Row(rule: "an empty paragraph is no block", sent: "Text", stored: paragraph(text("Text")) + #",{"type":"paragraph","attrs":{"id":"p2"}}"#),
    ]

    /// Content: each of these must still differ.
    private let kept: [Row] = [
        Row(rule: "a word", sent: "one two three", stored: paragraph(text("one three"))),
        Row(rule: "a mark", sent: "**bold**", stored: paragraph(text("bold"))),
        Row(rule: "a link target", sent: "[docs](https://a.example/)", stored: paragraph(text("docs", marks: #"{"type":"link","attrs":{"href":"https://b.example/"}}"#))),
        Row(rule: "a link text that is not its target, percent-escaped", sent: "[a%20b](https://x.example/)",
            stored: paragraph(text("a b", marks: #"{"type":"link","attrs":{"href":"https://x.example/"}}"#))),
        Row(rule: "whitespace inside a code block", sent: "```\na  b\n```", stored: #"{"type":"codeblock","content":[\#(text("a b"))]}"#),
        Row(rule: "a no-break space", sent: "a&nbsp;b", stored: paragraph(text("a b"))),
        Row(rule: "a character reference inside inline code", sent: "`&amp;`", stored: paragraph(text("&", marks: #"{"type":"code"}"#))),
        Row(rule: "a break inside a block", sent: "one<br>two", stored: paragraph(text("one two"))),
        Row(rule: "block structure (one paragraph split in two)", sent: "one two", stored: paragraph(text("one")) + "," + paragraph(text("two"))),
        Row(rule: "block order", sent: "first\n\nsecond", stored: paragraph(text("second")) + "," + paragraph(text("first"))),
        Row(rule: "a heading level", sent: "## Title", stored: #"{"type":"heading","attrs":{"level":3},"content":[\#(text("Title"))]}"#),
        Row(rule: "a checklist item's state", sent: "- [x] done", stored: #"{"type":"checklist","content":[{"type":"checklist_item","attrs":{"checked":"false"},"content":[\#(paragraph(text("done")))]}]}"#),
        Row(rule: "a link target that differs in an encoded byte", sent: "[a](<https://x.example/a b>)",
            stored: paragraph(text("a", marks: #"{"type":"link","attrs":{"href":"https://x.example/a%2Fb"}}"#))),
        Row(rule: "an image source", sent: "![a](https://x.example/a.png)", stored: paragraph(#"{"type":"image","attrs":{"src":"https://x.example/b.png","alt":"a","title":null}}"#)),
        Row(rule: "case", sent: "Word", stored: paragraph(text("word"))),
    ]

    func testEachRepresentationRuleIsAbsorbed() throws {
        for row in absorbed {
            let sent = sent(row.sent)
            let stored = try stored(row.stored)
            XCTAssertNotEqual(sent.normalized(), Document(), "\(row.rule): the row sends something")
            XCTAssertEqual(sent.canonicalForm(), stored.canonicalForm(), "\(row.rule)")
        }
    }

    func testEachContentRuleIsKept() throws {
        for row in kept {
            XCTAssertNotEqual(sent(row.sent).canonicalForm(), try stored(row.stored).canonicalForm(), "\(row.rule)")
        }
    }

    func testTheCanonicalFormIsAFixedPoint() throws {
        for row in absorbed + kept {
            let canonical = sent(row.sent).canonicalForm()
            XCTAssertEqual(canonical.canonicalForm(), canonical, row.rule)
        }
    }

    func testWhitespaceAtMarkEdgesAndBlockEdges() {
        let document = Document(blocks: [.paragraph([
            .text("  lead "), .text(" bold ", Marks(strong: true)), .text("\ttail  "), .hardBreak, .text("  next"),
        ])])
        XCTAssertEqual(document.canonicalForm(), Document(blocks: [.paragraph([
            .text("lead "), .text("bold", Marks(strong: true)), .text(" tail"), .hardBreak, .text("next"),
        ])]))
    }

    func testMentionLabelsAndImageAltTextAreComposedAndImageSourcesKept() {
        let image = Image(source: "https://x.example/a%20b.png", alt: "Cafe\u{301}")
        let document = Document(blocks: [.paragraph([.image(image), .mention(Mention(kind: .user, id: "7", label: "Zoe\u{308}"))])])
        XCTAssertEqual(document.canonicalForm(), Document(blocks: [.paragraph([
            .image(Image(source: "https://x.example/a%20b.png", alt: "Café")), .mention(Mention(kind: .user, id: "7", label: "Zoë")),
        ])]))
    }

    func testWordsAreWhatAReaderReads() {
        let document = sent("# Title\n\nOne, two-three.\n\n| A | B |\n|---|---|\n| cell | 4 |\n\n- item ![alt text](https://x.example/a.png)\n")
        XCTAssertEqual(document.words(), ["Title", "One", "two", "three", "A", "B", "cell", "4", "item", "alt", "text"])
    }
}
