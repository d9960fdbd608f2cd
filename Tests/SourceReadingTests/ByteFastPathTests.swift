import ProductiveFormat
@testable import SourceReading
import TestSupport
import XCTest

/// The byte fast paths of the mapping (issue 22) decide exactly what the general code decides.
final class ByteFastPathTests: XCTestCase {
    /// A random text of `alphabet`'s characters, up to `length` of them.
    private func text(_ alphabet: [Character], length: Int, using random: inout ReplaySeed) -> String {
        String((0..<Int.random(in: 0...length, using: &random)).map { _ in alphabet.randomElement(using: &random)! })
    }

    func testTheASCIISlugIsTheScalarSlug() {
        var random = ReplaySeed(for: #function)
        let ascii = (0..<128).map { Character(Unicode.Scalar(UInt8($0))) }
        for _ in 0..<5_000 {
            let heading = text(ascii, length: 24, using: &random)
            XCTAssertEqual(HeadingAnchors.slug(heading), HeadingAnchors.scalarSlug(heading), "\(heading.debugDescription) (\(random.replay))")
        }
        XCTAssertEqual(HeadingAnchors.slug(" \t Set it_up -- now!\r\n"), "set-it_up----now")
    }

    func testTheColonTestNeverHidesAShortcode() {
        var random = ReplaySeed(for: #function)
        let alphabet: [Character] = [":", ":", "a", "r", "o", "c", "k", "e", "t", "1", "_", "+", "-", " ", "/", "é", "\n"]
        var found = 0
        for _ in 0..<20_000 {
            let run = text(alphabet, length: 16, using: &random)
            let scanned = EmojiShortcodes.scan(Array(run.utf8))
            if scanned != nil { found += 1 }
            XCTAssertEqual(EmojiShortcodes.replacing(in: run), scanned, "\(run.debugDescription) (\(random.replay))")
            if !EmojiShortcodes.mayHoldShortcode(run) { XCTAssertNil(scanned, run.debugDescription) }
        }
        XCTAssertGreaterThan(found, 100, "the texts hold shortcodes, known or not")
        XCTAssertEqual(EmojiShortcodes.replacing(in: "Ship it :rocket:")?.text, "Ship it 🚀")
        XCTAssertFalse(EmojiShortcodes.mayHoldShortcode("More information: <https://example.com>"))
    }

    func testConflictMarkersAreFoundWhereverTheRunStarts() {
        for prefix in ["", "a", "<<", ">>>>>>", "text\n"] {
            let body = Array("\(prefix)\n<<<<<<< ours\nx\n=======\ny\n>>>>>>> theirs\n".utf8)[...]
            XCTAssertEqual(ConflictMarkers.conflicts(in: body).count, 1, prefix)
        }
        XCTAssertEqual(ConflictMarkers.conflicts(in: Array("<<<<<< six\n>>>>>> six\n<<<<<<<".utf8)[...]).count, 1)
        XCTAssertTrue(ConflictMarkers.conflicts(in: Array("<<<<<< six\n>>>>>> six\n> quote <\n".utf8)[...]).isEmpty)
    }
}
