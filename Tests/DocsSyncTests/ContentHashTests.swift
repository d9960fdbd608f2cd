@testable import DocsSync
import XCTest

/// The manifest's hashes are SHA-256 as lowercase hex, the same digits however they are written.
final class ContentHashTests: XCTestCase {
    func testHexIsSHA256InLowercase() {
        XCTAssertEqual(ContentHash.hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(ContentHash.hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}
