import Foundation
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

/// Mapping keeps links to other files as written and records them; `check(_:links:)` rewrites them.
final class MapOnceLinkTests: XCTestCase {
    private let source = """
        # Guide

        See [setup](setup.md#install), [the root](/ops/run.md), [gone](old.md) and <a href="setup.md">raw</a>.

        [setup again](setup.md) and [external](https://example.org).
        """

    func testMappingRecordsEveryRelativeLinkWithItsPosition() {
        let mapped = Converter.map(text: source, name: "guide/intro.md", options: ConversionOptions(sourcePath: "guide/intro.md"))
        XCTAssertEqual(mapped.linkSites.map(\.target), ["setup.md#install", "/ops/run.md", "old.md", "setup.md", "setup.md"])
        XCTAssertEqual(mapped.linkSites.map(\.position.line), [3, 3, 3, 3, 5])
        let unresolved = Converter.check(mapped, links: nil)
        XCTAssertEqual(unresolved.findings.filter { $0.ruleID == "PD017" }, [], "no resolver: links stay as written, no finding")
    }

    func testOneMappingFinishesWithDifferentIds() {
        let mapped = Converter.map(text: source, name: "guide/intro.md", options: ConversionOptions(format: .markdown, sourcePath: "guide/intro.md"))
        let asked = Asked()
        let resolver = LinkResolver { target in
            switch target {
            case "setup.md#install", "setup.md": return .url("https://app.example/pages/12")
            case "../ops/run.md": return .pending
            default: return .unpublished(reason: "not a published file of this folder")
            }
        }
        let first = Converter.write(Converter.check(mapped, links: resolver)).text
        XCTAssertTrue(first.contains("[setup](https://app.example/pages/12)"), first)
        XCTAssertTrue(first.contains("[raw](https://app.example/pages/12)"), "a raw HTML link is rewritten too: \(first)")
        XCTAssertTrue(first.contains("the root, gone"), "pending and unpublished links keep their text: \(first)")
        let checked = Converter.check(mapped, links: LinkResolver { asked.add($0); return .unpublished(reason: "nope") })
        XCTAssertEqual(asked.targets, ["setup.md#install", "../ops/run.md", "old.md", "setup.md"], "once per target; root-relative from the file's folder")
        let unpublished = checked.findings.filter { $0.ruleID == "PD017" }
        XCTAssertEqual(unpublished.map(\.position.line), [3, 3, 3, 3, 5], "one finding per link, where it is written")
    }

    func testAPageMentionDecidesTheFormatAfterTheRewrite() {
        let mapped = Converter.map(text: "[setup](setup.md)\n", name: "a.md")
        let checked = Converter.check(mapped, links: LinkResolver { _ in .pageMention(id: "12") })
        XCTAssertEqual(checked.format, .html, "a mention is HTML only: auto sends HTML")
        XCTAssertEqual(checked.document?.blocks, [.paragraph([.mention(Mention(kind: .page, id: "12", label: "setup"))])])
        let forced = Converter.check(mapped, links: LinkResolver { _ in .pageMention(id: "12") }, format: .markdown)
        XCTAssertTrue(forced.findings.contains { $0.ruleID == "PD016" }, "the Markdown path says what it degrades")
    }
}

/// The targets a resolver was asked about, from any thread.
private final class Asked: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [String] = []
    func add(_ target: String) { lock.withLock { list.append(target) } }
    var targets: [String] { lock.withLock { list } }
}

/// `LinkSite.isRewritable` decides on bytes what the String rules decide.
final class RewritableLinkTests: XCTestCase {
    func testBytesAgreeWithTheStringRules() {
        let targets = [
            "", "guide.md", "./guide.md", "../ops/", "/guide/x.md", "//cdn.example.com/x", "#top", "guide.md#setup", "a/b:c",
            "mailto:x@y.z", "https://example.org", "javascript:alert(1)", "C:/x", "?q=1", "x?y:z", "/", "g\u{301}uide.md",
            "é:x", "#\u{301}x", "a:\u{301}b", "/\u{301}/x",
        ]
        for target in targets {
            let expected = (target.hasPrefix("/") && !target.hasPrefix("//")) || LinkResolver.isRelative(target)
            XCTAssertEqual(LinkSite.isRewritable(target), expected, target)
        }
    }
}
