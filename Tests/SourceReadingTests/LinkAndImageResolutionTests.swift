import ProductiveFormat
import SourceReading
import XCTest

/// Relative images and links resolve as a browser would, from the Markdown file's own folder.
final class LinkAndImageResolutionTests: XCTestCase {
    private let base = "https://cdn.example.com/docs"

    private func imageSource(_ markdown: String, in sourcePath: String?) -> (source: String?, findings: [Finding]) {
        let options = ConversionOptions(assetBaseURL: base, sourcePath: sourcePath)
        let checked = Converter.check(text: markdown, name: "t.md", options: options)
        guard case .paragraph(let inlines, _)? = checked.document?.blocks.first else { return (nil, checked.findings) }
        for inline in inlines {
            if case .image(let image, _) = inline { return (image.source, checked.findings) }
        }
        return (nil, checked.findings)
    }

    func testImagePathsJoinFromTheFilesFolder() {
        let cases: [(path: String, file: String?, expected: String?)] = [
            ("img/a.png", "guide/setup.md", "https://cdn.example.com/docs/guide/img/a.png"),
            ("./img/a.png", "guide/setup.md", "https://cdn.example.com/docs/guide/img/a.png"),
            ("../img/a.png", "guide/setup.md", "https://cdn.example.com/docs/img/a.png"),
            ("../shared/../img/./a.png?v=2#top", "guide/deep/setup.md", "https://cdn.example.com/docs/guide/img/a.png?v=2#top"),
            ("/img/a.png", "guide/deep/setup.md", "https://cdn.example.com/docs/img/a.png"),
            ("img/a.png", nil, "https://cdn.example.com/docs/img/a.png"),
            ("img/a.png", "README.md", "https://cdn.example.com/docs/img/a.png"),
            ("../a.png", "README.md", nil),
            ("../../../a.png", "guide/setup.md", nil),
        ]
        for (path, file, expected) in cases {
            let (source, findings) = imageSource("![alt](\(path))\n", in: file)
            XCTAssertEqual(source, expected, "\(path) from \(file ?? "the root")")
            XCTAssertTrue(findings.contains { $0.ruleID == "PD008" }, "every resolution is reported: \(path)")
            if expected == nil {
                XCTAssertTrue(findings.contains { $0.message.contains("climbs above") }, "\(findings)")
            }
        }
    }

    func testHTMLImagesResolveTheSameWay() {
        let (source, _) = imageSource("<img src=\"../logo.svg\" width=\"40\">\n", in: "team/people.md")
        XCTAssertEqual(source, "https://cdn.example.com/docs/logo.svg")
    }

    func testFileURLsAreRemovedWithAFinding() {
        let checked = Converter.check(
            text: "![shot](file:///home/me/shot.png) and [notes](file:///home/me/notes.md)\n", name: "t.md",
            options: ConversionOptions(assetBaseURL: base)
        )
        XCTAssertEqual(checked.document?.blocks, [.paragraph([.text("shot and notes")])])
        XCTAssertEqual(checked.findings.filter { $0.message.contains("file: URL") }.count, 2, "\(checked.findings)")
    }

    func testRootRelativeLinksResolveAgainstTheDocsRoot() {
        let asked = AskedLinks()
        let resolver = LinkResolver { url in
            asked.append(url)
            return .url("https://app.example.com/" + url)
        }
        let options = ConversionOptions(linkResolver: resolver, sourcePath: "ops/runbooks/deploy.md")
        let checked = Converter.check(text: "[x](/guide/x.md) [y](y.md) [z](https://z.test/a)\n", name: "t.md", options: options)
        XCTAssertEqual(asked.values, ["../../guide/x.md", "y.md"])
        XCTAssertNotNil(checked.document)
    }
}

/// The URLs a resolver was asked about, from its `@Sendable` closure.
private final class AskedLinks: @unchecked Sendable {
    private let lock = NSLock()
    private var urls: [String] = []

    func append(_ url: String) {
        lock.lock()
        urls.append(url)
        lock.unlock()
    }

    var values: [String] {
        lock.lock()
        defer { lock.unlock() }
        return urls
    }
}
