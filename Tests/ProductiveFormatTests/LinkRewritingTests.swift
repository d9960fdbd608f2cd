import ProductiveFormat
import XCTest

/// `Document.rewritingLinks`: the pass publishing runs once page ids are known.
final class LinkRewritingTests: XCTestCase {
    private func link(_ text: String, _ target: String, strong: Bool = false) -> Inline {
        .text(text, Marks(strong: strong, link: target))
    }

    func testEachKindOfRewrite() {
        let document = Document(blocks: [
            .paragraph([.text("see "), link("a", "a.md"), .text(", "), link("b", "b.md"), .text(", "), link("c", "c.md"), .text(", "), link("d", "https://x.org")]),
        ])
        var asked: [String] = []
        let rewritten = document.rewritingLinks { target in
            asked.append(target)
            switch target {
            case "a.md": return .url("https://app.example/p/1")
            case "b.md": return .unlink
            case "c.md": return .pageMention(id: "3")
            default: return .keep
            }
        }
        XCTAssertEqual(rewritten, Document(blocks: [
            .paragraph([
                .text("see "), link("a", "https://app.example/p/1"), .text(", "), .text("b"), .text(", "),
                .mention(Mention(kind: .page, id: "3", label: "c")), .text(", "), link("d", "https://x.org"),
            ]),
        ]))
        XCTAssertEqual(asked, ["a.md", "b.md", "c.md", "https://x.org"], "asked once per target, in order")
    }

    func testAMentionTakesTheWholeLinkTextAcrossMarksAndBreaks() {
        let document = Document(blocks: [.paragraph([
            link("the ", "g.md"), link("setup", "g.md", strong: true), .hardBreak, link("guide\nnow", "g.md"), .text(" after"),
        ])])
        let rewritten = document.rewritingLinks { _ in .pageMention(id: "7") }
        XCTAssertEqual(rewritten.blocks, [.paragraph([.mention(Mention(kind: .page, id: "7", label: "the setup guide now")), .text(" after")])])
    }

    func testLinksInsideContainersTablesAndImagesAreRewritten() {
        let image = Inline.image(Image(source: "https://x.org/i.png", alt: "i"), Marks(link: "a.md"))
        let table = Table(rows: [TableRow(cells: [TableCell(isHeader: true, content: [link("h", "a.md")])])])
        let document = Document(blocks: [
            .blockquote([.bulletList(items: [[.paragraph([link("x", "a.md")])]])]),
            .checklist(items: [ChecklistItem(checked: true, blocks: [.paragraph([image])])]),
            .table(table),
            .banner(.info, [.heading(.two, [link("y", "a.md")])]),
        ])
        let rewritten = document.rewritingLinks { _ in .url("https://app/1") }
        var seen: [String] = []
        func collect(_ inlines: [Inline]) {
            for inline in inlines {
                if case .text(_, let marks) = inline, let url = marks.link { seen.append(url) }
                if case .image(_, let marks) = inline, let url = marks.link { seen.append(url) }
            }
        }
        func walk(_ blocks: [Block]) {
            for block in blocks {
                switch block {
                case .paragraph(let inlines, _), .heading(_, let inlines, _): collect(inlines)
                case .blockquote(let children), .banner(_, let children): walk(children)
                case .bulletList(let items): items.forEach(walk)
                case .checklist(let items): items.forEach { walk($0.blocks) }
                case .table(let table): table.rows.forEach { $0.cells.forEach { collect($0.content) } }
                default: break
                }
            }
        }
        walk(rewritten.blocks)
        XCTAssertEqual(seen, Array(repeating: "https://app/1", count: 4))
    }

    func testADocumentWithoutLinksIsReturnedUnchanged() {
        let document = Document(blocks: [.paragraph([.text("plain")]), .codeBlock(language: nil, code: "[a](b.md)\n")])
        XCTAssertEqual(document.rewritingLinks { _ in XCTFail("no link to ask about"); return .unlink }, document)
    }
}
