import Foundation
import ProductiveFormat
import XCTest

final class StoredBodyReaderTests: XCTestCase {
    private func read(_ json: String) throws -> StoredBodyReader.Result {
        try StoredBodyReader.read(json)
    }

    func testEmptyBodies() throws {
        XCTAssertEqual(try StoredBodyReader.read(nil).document, Document())
        XCTAssertEqual(try read("").document, Document())
        XCTAssertEqual(try read(#"{"type":"doc","content":[{"type":"paragraph"}]}"#).document, Document(),
                       "an empty page is one empty paragraph")
    }

    func testEveryReferenceNodeAndMark() throws {
        let body = #"""
        {"type":"doc","content":[
          {"type":"heading","attrs":{"id":"h-1","level":2,"horizontalAlign":null},"content":[{"type":"text","text":"Title"}]},
          {"type":"paragraph","attrs":{"id":"p-1","horizontalAlign":"center"},"content":[
            {"type":"text","text":"bold","marks":[{"type":"strong"}]},
            {"type":"text","text":" and "},
            {"type":"text","text":"link","marks":[{"type":"link","attrs":{"href":"https://x.test","title":null}},{"type":"em"}]},
            {"type":"br"},
            {"type":"text","text":"red","marks":[{"type":"styles","attrs":{"color":"red","backgroundColor":"","fontSize":""}},{"type":"underline"},{"type":"strike"},{"type":"code"}]},
            {"type":"image","attrs":{"src":"https://x.test/a.png","alt":"A","title":null}},
            {"type":"mention","attrs":{"id":"7","type":"user","label":"Jane","avatarUrl":null,"isDone":false}}
          ]},
          {"type":"blockquote","content":[{"type":"paragraph","content":[{"type":"text","text":"q"}]}]},
          {"type":"codeblock","attrs":{"language":"ruby"},"content":[{"type":"text","text":"puts 1"}]},
          {"type":"ul","attrs":{"id":"u"},"content":[{"type":"li","content":[{"type":"paragraph","content":[{"type":"text","text":"one"}]}]}]},
          {"type":"ol","attrs":{"order":3},"content":[{"type":"li","content":[{"type":"paragraph","content":[{"type":"text","text":"three"}]}]}]},
          {"type":"ol","attrs":{"start":5},"content":[]},
          {"type":"checklist","content":[
            {"type":"checklist_item","attrs":{"checked":"true"},"content":[{"type":"paragraph","content":[{"type":"text","text":"done"}]}]},
            {"type":"checklist_item","attrs":{"checked":false},"content":[{"type":"paragraph","content":[{"type":"text","text":"todo"}]}]}
          ]},
          {"type":"table","content":[
            {"type":"table_row","content":[{"type":"table_header","attrs":{"colspan":1,"rowspan":1,"colwidth":null,"background":null},"content":[{"type":"paragraph","content":[{"type":"text","text":"H"}]}]}]},
            {"type":"table_row","content":[{"type":"table_cell","attrs":{"colspan":2,"rowspan":1,"background":"#eee","horizontalAlign":"right"},"content":[
              {"type":"paragraph","content":[{"type":"text","text":"a"}]},{"type":"paragraph","content":[{"type":"text","text":"b"}]}]}]}
          ]},
          {"type":"divider","attrs":{"id":"d"}},
          {"type":"banner","attrs":{"type":"warning"},"content":[{"type":"paragraph","content":[{"type":"text","text":"careful"}]}]}
        ]}
        """#
        let result = try read(body)
        XCTAssertEqual(result.notes, [])
        XCTAssertEqual(result.document.blocks, [
            .heading(.two, [.text("Title")]),
            .paragraph([
                .text("bold", Marks(strong: true)), .text(" and "), .text("link", Marks(emphasis: true, link: "https://x.test")),
                .hardBreak, .text("red", Marks(strike: true, code: true, underline: true, color: "red")),
                .image(Image(source: "https://x.test/a.png", alt: "A")),
                .mention(Mention(kind: .user, id: "7", label: "Jane")),
            ], alignment: .center),
            .blockquote([.paragraph([.text("q")])]),
            .codeBlock(language: "ruby", code: "puts 1"),
            .bulletList(items: [[.paragraph([.text("one")])]]),
            .orderedList(start: 3, items: [[.paragraph([.text("three")])]]),
            .orderedList(start: 5, items: []),
            .checklist(items: [
                ChecklistItem(checked: true, blocks: [.paragraph([.text("done")])]),
                ChecklistItem(checked: false, blocks: [.paragraph([.text("todo")])]),
            ]),
            .table(Table(rows: [
                TableRow(cells: [TableCell(isHeader: true, content: [.text("H")])]),
                TableRow(cells: [TableCell(content: [.text("a"), .hardBreak, .text("b")], colspan: 2, alignment: .right, backgroundColor: "#eee")]),
            ])),
            .divider,
            .banner(.warning, [.paragraph([.text("careful")])]),
        ])
    }

    func testOlderCamelCaseNamesReadTheSame() throws {
        let body = #"""
        {"type":"doc","content":[
          {"type":"bulletList","content":[{"type":"listItem","content":[{"type":"paragraph","content":[{"type":"text","text":"x","marks":[{"type":"bold"},{"type":"italic"}]},{"type":"hardBreak"}]}]}]},
          {"type":"codeBlock","attrs":{"language":null},"content":[{"type":"text","text":"c"}]},
          {"type":"horizontalRule"},
          {"type":"checklist","content":[{"type":"checklistItem","attrs":{"checked":true},"content":[]}]},
          {"type":"table","content":[{"type":"tableRow","content":[{"type":"tableHeader","attrs":{"textAlign":"center"},"content":[{"type":"paragraph","content":[{"type":"text","text":"h"}]}]}]}]}
        ]}
        """#
        let result = try read(body)
        XCTAssertEqual(result.notes, [])
        XCTAssertEqual(result.document.blocks, [
            .bulletList(items: [[.paragraph([.text("x", Marks(strong: true, emphasis: true)), .hardBreak])]]),
            .codeBlock(language: nil, code: "c"),
            .divider,
            .checklist(items: [ChecklistItem(checked: true, blocks: [])]),
            .table(Table(rows: [TableRow(cells: [TableCell(isHeader: true, content: [.text("h")], alignment: .center)])])),
        ])
    }

    func testUnknownNodesAndMarksKeepTheirTextWithANote() throws {
        let body = #"""
        {"type":"doc","content":[
          {"type":"paragraph","content":[{"type":"text","text":"hello"}]},
          {"type":"poll","attrs":{"question":"?"},"content":[{"type":"text","text":"Lunch?"}]},
          {"type":"details","content":[{"type":"paragraph","content":[{"type":"text","text":"inside"}]}]},
          {"type":"paragraph","content":[
            {"type":"emoji","attrs":{"label":"smile"}},
            {"type":"text","text":"commented","marks":[{"type":"discussion","attrs":{"discussionId":"9"}}]},
            {"type":"text","text":" sparkly","marks":[{"type":"sparkle"}]}
          ]}
        ]}
        """#
        let result = try read(body)
        XCTAssertEqual(result.document.blocks, [
            .paragraph([.text("hello")]),
            .paragraph([.text("Lunch?")]),
            .paragraph([.text("inside")]),
            .paragraph([.text("smilecommented sparkly")]),
        ])
        XCTAssertEqual(result.notes.map(\.kind), [.unknownNode, .unknownNode, .unknownNode, .discussion, .unknownMark])
        XCTAssertEqual(result.notes.map(\.type), ["poll", "details", "emoji", "discussion", "sparkle"])
        XCTAssertEqual(result.notes.map(\.blockIndex), [1, 2, 3, 3, 3])
    }

    func testAdjacentRunsWithEqualMarksMerge() throws {
        let body = #"{"type":"doc","content":[{"type":"paragraph","content":[{"type":"text","text":"a","marks":[{"type":"em"},{"type":"strong"}]},{"type":"text","text":"b","marks":[{"type":"strong"},{"type":"em"}]},{"type":"text","text":"c"}]}]}"#
        XCTAssertEqual(try read(body).document.blocks, [.paragraph([.text("ab", Marks(strong: true, emphasis: true)), .text("c")])])
    }

    func testListsInsideTableCellsKeepTheirItemsApart() throws {
        let body = #"{"type":"doc","content":[{"type":"table","content":[{"type":"table_row","content":[{"type":"table_cell","content":[{"type":"ul","content":[{"type":"li","content":[{"type":"paragraph","content":[{"type":"text","text":"x"}]}]},{"type":"li","content":[{"type":"paragraph","content":[{"type":"text","text":"y"}]}]}]}]}]}]}]}"#
        XCTAssertEqual(try read(body).document.blocks, [.table(Table(rows: [TableRow(cells: [TableCell(content: [.text("• x"), .hardBreak, .text("• y")])])]))])
    }

    func testBodyEncodedTwiceIsRead() throws {
        let inner = #"{"type":"doc","content":[{"type":"paragraph","content":[{"type":"text","text":"x"}]}]}"#
        let twice = String(decoding: try JSONSerialization.data(withJSONObject: inner, options: [.fragmentsAllowed]), as: UTF8.self)
        XCTAssertEqual(try read(twice).document.blocks, [.paragraph([.text("x")])])
    }

    func testWhatIsNotABodyIsAnErrorNotACrash() {
        for bad in ["not json", "[1,2]", #"{"type":"paragraph"}"#, "42", #"{"content":[]}"#] {
            XCTAssertThrowsError(try read(bad), bad)
        }
        // Odd shapes inside a document are tolerated.
        XCTAssertNoThrow(try read(#"{"type":"doc","content":[1,"x",null,{"type":7},{"type":"heading","attrs":{"level":"9"}}]}"#))
    }

    func testDeepNestingIsFlattenedWithoutCrashing() throws {
        let depth = 200
        var body = #"{"type":"paragraph","content":[{"type":"text","text":"deep"}]}"#
        for _ in 0..<depth { body = #"{"type":"blockquote","content":["# + body + "]}" }
        let result = try read(#"{"type":"doc","content":["# + body + "]}")
        XCTAssertTrue(result.notes.contains { $0.kind == .tooDeep })
        var block = result.document.blocks.first
        var levels = 0
        while case .blockquote(let inner)? = block { levels += 1; block = inner.first }
        XCTAssertLessThanOrEqual(levels, StoredBodyReader.maximumDepth + 1)
        XCTAssertEqual(block, .paragraph([.text("deep")]), "the text survives the flattening")
    }
}
