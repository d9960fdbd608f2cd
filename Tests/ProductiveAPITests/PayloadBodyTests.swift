import Foundation
@testable import ProductiveAPI
import ProductiveSandbox
import ProductiveWire
import XCTest

/// A payload goes from the writer to the request as bytes: the client escapes them straight into
/// the JSON body (`JSONBody`), and the body is byte for byte what JSONEncoder with `.sortedKeys`
/// writes for the same payload as a `String`.
final class PayloadBodyTests: XCTestCase {
    private static let tricky: [String] = {
        let controls = String(String.UnicodeScalarView((0..<0x20).compactMap(Unicode.Scalar.init) + ["\u{7F}"]))
        return [
            "", "plain", #"say "hi" and \ back\\slash \" \\""#, controls, "line\u{2028}separator\u{2029}paragraph",
            "emoji 🙂👩🏽‍💻 🇭🇷 and e\u{301} combining, 漢字, ß", "</script><script>alert(1)</script> a/b //c/", "\u{FEFF}bom \u{FFFD} \u{10FFFF}",
            "# Heading\n\n- item\t**bold**\r\n`code` <b>&amp;</b>\n", String(repeating: "long \"x\"/\n", count: 3000),
        ]
    }()

    private func encoded(_ value: some Encodable) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return Array(try encoder.encode(value))
    }

    func testABodyWriteIsTheBytesJSONEncoderWrites() throws {
        for text in Self.tricky {
            for key in ["markdown", "html"] {
                let request = APIRequest(.patch, "/pages/1/append_markdown", body: .object([key: .payload(Payload(text))]))
                XCTAssertEqual(request.body, try encoded([key: text]), text)
            }
        }
    }

    func testACreateIsTheBytesJSONEncoderWrites() throws {
        for text in Self.tricky {
            let rows = [
                NewPageAttributes(title: text, markdown: Payload(text), projectID: WireID("77")),
                NewPageAttributes(title: "T/\"\u{1}", markdown: Payload(text), parentPageID: WireID("5"), rootPageID: WireID("abc"), position: 3),
                NewPageAttributes(title: "", markdown: Payload(text), projectID: WireID("-4"), position: 0),
            ]
            for attributes in rows {
                XCTAssertEqual(attributes.requestBody.bytes, try encoded(RequestDocument(type: PageWire.type, attributes: attributes)), text)
            }
        }
    }

    func testEveryByteValueIsEscapedAsJSONEncoderEscapesIt() throws {
        for scalar in (0..<0x800).compactMap(Unicode.Scalar.init) {
            let text = "a\(Character(scalar))b"
            var out: [UInt8] = []
            JSONStringEscaping.append(text.utf8, to: &out)
            XCTAssertEqual(out, try encoded(text), "U+\(String(scalar.value, radix: 16))")
        }
    }

    func testBytesThatAreNotUTF8AreReplacedAsStringsReplaceThem() {
        let broken: [UInt8] = [0x61, 0xC3, 0x28, 0xF0, 0x9F, 0x99, 0x62, 0xFF]
        let payload = Payload(bytes: broken)
        XCTAssertEqual(payload.text, String(decoding: broken, as: UTF8.self))
        XCTAssertEqual(payload.bytes, Array(String(decoding: broken, as: UTF8.self).utf8))
        XCTAssertEqual(Payload(bytes: Array("é🙂".utf8)).bytes, Array("é🙂".utf8), "valid UTF-8 is kept as it is")
    }

    func testATrickyPayloadLandsAsItsWordsOverLoopback() async throws {
        try await withSandboxClient { client, _ in
            let markdown: Payload = "Say \"hi\" \\ to `</script>` a/b \u{2028} 🙂 done.\n"
            let page = try await client.createPage(title: "Tricky \"/\"", markdown: markdown, in: .project("7"))
            XCTAssertEqual(page.title, "Tricky \"/\"")
            let written = try await client.write(.appendMarkdown, Payload("More \"quotes\" and \\ after.\n"), to: page.id)
            let body = try await client.page(written.id).bodyText
            for words in ["Say \"hi\"", "</script> a/b", "🙂 done.", "More \"quotes\""] {
                XCTAssertTrue(body.contains(words), "\(words) in \(body)")
            }
        }
    }
}
