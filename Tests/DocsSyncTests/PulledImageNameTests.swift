@testable import DocsSync
import XCTest

/// The names pulled images are saved under: the URL's last part, its own extension kept when the
/// content is what it says, the content's added when not.
final class PulledImageNameTests: XCTestCase {
    private let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13]
    private let svg = Array("\u{FEFF}<!-- drawn -->\n<svg viewBox=\"0 0 1 1\"></svg>".utf8)

    func testTheOwnExtensionIsKeptWhenTheContentIsWhatItSays() {
        let url = "https://files.example/storage/1/box.svg?token=x"
        XCTAssertEqual(RemoteImages.fileName(for: url, contentType: "image/svg+xml", bytes: svg), "box.svg")
        XCTAssertEqual(RemoteImages.fileName(for: url, contentType: nil, bytes: svg), "box.svg")
        XCTAssertEqual(RemoteImages.fileName(for: url, contentType: "application/octet-stream", bytes: []), "box.svg", "nothing says otherwise")
        XCTAssertEqual(RemoteImages.fileName(for: "https://x/a/Photo.JPEG", contentType: "image/jpeg", bytes: [0xFF, 0xD8, 0xFF, 0xE0]), "Photo.JPEG")
        XCTAssertEqual(RemoteImages.fileName(for: "https://x/a/chart.png", contentType: "image/png", bytes: png), "chart.png")
    }

    func testTheContentsExtensionIsAddedWhenTheNameSaysOtherOrNothing() {
        XCTAssertEqual(RemoteImages.fileName(for: "https://x/a/box.svg", contentType: "image/svg+xml", bytes: png), "box.svg.png", "PNG bytes")
        XCTAssertEqual(RemoteImages.fileName(for: "https://x/a/chart.png", contentType: "image/svg+xml", bytes: []), "chart.png.svg")
        XCTAssertEqual(RemoteImages.fileName(for: "https://x/a/download", contentType: "image/gif", bytes: Array("GIF89a..".utf8)), "download.gif")
        XCTAssertEqual(RemoteImages.fileName(for: "https://x/a/report.pdf", contentType: nil, bytes: []), "report.pdf.png", "nothing tells: png")
        XCTAssertEqual(RemoteImages.fileName(for: "https://x/a/my%20box.svg", contentType: nil, bytes: svg), "my-box.svg")
    }

    func testSniffingReadsSignaturesAndTheFirstSVGElementOnly() {
        XCTAssertEqual(ImageContent.fileExtension(of: png), "png")
        XCTAssertEqual(ImageContent.fileExtension(of: Array("RIFF\0\0\0\0WEBPVP8 ".utf8)), "webp")
        XCTAssertEqual(ImageContent.fileExtension(of: svg), "svg")
        XCTAssertNil(ImageContent.fileExtension(of: Array("<html><svg></svg></html>".utf8)))
        XCTAssertNil(ImageContent.fileExtension(of: Array("<svgfoo/>".utf8)))
        XCTAssertNil(ImageContent.fileExtension(of: []))
    }
}
