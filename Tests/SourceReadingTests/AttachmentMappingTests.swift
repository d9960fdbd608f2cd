import Foundation
import ProductiveFormat
@testable import SourceReading
import XCTest

/// Local images and linked files: checked against the folder on disk while mapping (offline, as
/// lint runs), recorded as attachment sites, and pointed at their attachments when finished.
final class AttachmentMappingTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("attachment-mapping-\(UUID().uuidString)")
        try write("img/diagram.png", Data([0x89, 0x50, 0x4E, 0x47]))
        try write("img/logo.svg", Data("<svg xmlns=\"http://www.w3.org/2000/svg\"/>".utf8))
        try write("files/spec.pdf", Data("%PDF-1.4".utf8))
        try write("guide/setup.md", Data("# Setup\n".utf8))
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    private func write(_ path: String, _ data: Data) throws {
        let url = folder.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url)
    }

    private func options(source: String = "guide/setup.md", sizeLimit: Int = LocalFiles.defaultSizeLimit) -> ConversionOptions {
        var options = ConversionOptions()
        options.sourcePath = source
        options.localFiles = LocalFiles(root: folder.path, source: source, sizeLimit: sizeLimit)
        return options
    }

    private func map(_ markdown: String, _ options: ConversionOptions? = nil) -> MappedDocument {
        Converter.map(text: markdown, name: "guide/setup.md", options: options ?? self.options())
    }

    private func errors(_ markdown: String, _ options: ConversionOptions? = nil) -> [Finding] {
        Converter.check(map(markdown, options), links: nil).findings.filter { $0.severity == .error }
    }

    func testImagesOfEveryKindAreRecordedWithTheirPathFromTheDocsFolder() {
        let mapped = map("""
            Intro ![Diagram](../img/diagram.png "The stack") and <img src="../img/logo.svg" width="48" alt="logo">.

            ![Again][d]

            [d]: /img/diagram.png
            """)
        XCTAssertEqual(mapped.attachmentSites.map(\.path), ["img/diagram.png", "img/logo.svg", "img/diagram.png"])
        XCTAssertEqual(mapped.attachmentSites.map(\.kind), [.image, .image, .image])
        XCTAssertEqual(mapped.attachmentSites.map(\.position.line), [1, 1, 3])
        let checked = Converter.check(mapped, links: nil)
        XCTAssertEqual(checked.findings.filter { $0.ruleID == RuleCatalog.attachment.id }.count, 3)
        XCTAssertFalse(checked.findings.contains { $0.ruleID == RuleCatalog.localImage.id })
    }

    func testALinkToALocalFileThatIsNotMarkdownIsAnAttachmentAndAMarkdownLinkIsNot() {
        let mapped = map("Read [the spec](../files/spec.pdf#page=2), the [setup](setup.md) and <a href=\"../files/spec.pdf\">again</a>.\n")
        XCTAssertEqual(mapped.attachmentSites.map(\.path), ["files/spec.pdf", "files/spec.pdf"])
        XCTAssertEqual(mapped.attachmentSites.map(\.kind), [.file, .file])
        XCTAssertEqual(mapped.linkSites.map(\.target), ["setup.md"])
    }

    func testAMissingImageIsAnErrorAtItsLineAndColumnNamingThePath() throws {
        let found = errors("Text.\n\nSee ![Diagram](../img/diagarm.png) here.\n")
        let finding = try XCTUnwrap(found.first)
        XCTAssertEqual(finding.ruleID, RuleCatalog.attachmentMissing.id)
        XCTAssertEqual(finding.position, SourcePosition(line: 3, column: 5))
        XCTAssertTrue(finding.message.contains("../img/diagarm.png"), finding.message)
        XCTAssertTrue(finding.message.contains("img/diagarm.png)"), finding.message)
    }

    func testAMissingLinkedFileAndAFolderAsAnImageAreErrors() {
        XCTAssertEqual(errors("[spec](../files/nope.pdf)\n").map(\.ruleID), [RuleCatalog.attachmentMissing.id])
        XCTAssertEqual(errors("![folder](../img)\n").map(\.ruleID), [RuleCatalog.attachmentMissing.id])
    }

    func testAPathClimbingOutOfTheDocsFolderIsAnErrorAndNothingIsRead() {
        XCTAssertEqual(errors("![key](../../outside.png)\n").map(\.ruleID), [RuleCatalog.attachmentOutside.id])
        XCTAssertEqual(errors("[key](../../../etc/passwd.txt)\n").map(\.ruleID), [RuleCatalog.attachmentOutside.id])
    }

    func testASymbolicLinkOutOfTheDocsFolderIsAnError() throws {
        let outside = FileManager.default.temporaryDirectory.appendingPathComponent("outside-\(UUID().uuidString).png")
        try Data([1, 2, 3]).write(to: outside)
        defer { try? FileManager.default.removeItem(at: outside) }
        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("img/leak.png").path, withDestinationPath: outside.path)
        let found = errors("![leak](../img/leak.png)\n")
        XCTAssertEqual(found.map(\.ruleID), [RuleCatalog.attachmentOutside.id])
        XCTAssertTrue(found.first?.message.contains("symbolic link") ?? false)
    }

    func testAFileOverTheSizeBoundAndAPDFShownAsAnImageAreRefused() {
        XCTAssertEqual(errors("![big](../img/diagram.png)\n", options(sizeLimit: 3)).map(\.ruleID), [RuleCatalog.attachmentRefused.id])
        XCTAssertEqual(errors("![spec](../files/spec.pdf)\n").map(\.ruleID), [RuleCatalog.attachmentRefused.id])
    }

    func testWithAllowedErrorsABadImageIsItsAltTextAndABadLinkItsText() {
        let checked = Converter.check(map("![Diagram](../img/nope.png) and [spec](../files/nope.pdf)\n"), links: nil)
        XCTAssertEqual(Converter.write(checked), "Diagram and spec\n")
    }

    func testFinishingPointsImagesAndLinksAtTheirAttachmentsKeepingAltTitleAndWidth() {
        let mapped = map("""
            ![Diagram](../img/diagram.png "The stack") <img src="../img/logo.svg" width="48" alt="logo"> [spec](../files/spec.pdf)
            """)
        let urls = ["img/diagram.png": "https://files.test/1/diagram.png?sig=a", "img/logo.svg": "https://files.test/2/logo.svg?sig=b",
                    "files/spec.pdf": "https://files.test/3/spec.pdf?sig=c"]
        let checked = Converter.check(mapped, links: nil, attachments: AttachmentResolver { urls[$0.path] })
        XCTAssertEqual(checked.format, .html)
        XCTAssertEqual(Converter.write(checked), """
            <p><img src="https://files.test/1/diagram.png?sig=a" alt="Diagram" title="The stack"> \
            <img src="https://files.test/2/logo.svg?sig=b" alt="logo" width="48"> \
            <a href="https://files.test/3/spec.pdf?sig=c">spec</a></p>

            """)
    }

    func testAnAttachmentNotUploadedYetIsSentAsItsAltTextAndLinkText() {
        let checked = Converter.check(map("![Diagram](../img/diagram.png) [spec](../files/spec.pdf)\n"), links: nil, attachments: AttachmentResolver { _ in nil })
        XCTAssertEqual(Converter.write(checked), "Diagram spec\n")
    }

    func testFrontMatterAndOptionsChooseTextOrLink() {
        var text = options()
        text.images = .text
        let plain = Converter.check(map("![Diagram](../img/diagram.png)\n", text), links: nil)
        XCTAssertEqual(Converter.write(plain), "Diagram\n")
        XCTAssertTrue(plain.findings.contains { $0.ruleID == RuleCatalog.localImage.id })
        let matter = Converter.check(map("---\nimages: text\n---\n![Diagram](../img/missing.png)\n"), links: nil)
        XCTAssertFalse(matter.findings.contains { $0.severity == .error })
        var link = options()
        link.assetBaseURL = "https://cdn.test/docs/"
        let linked = Converter.check(map("![Diagram](../img/diagram.png)\n", link), links: nil)
        XCTAssertEqual(Converter.write(linked), "![Diagram](https://cdn.test/docs/img/diagram.png)\n")
        XCTAssertTrue(map("[spec](../files/spec.pdf)\n", link).attachmentSites.isEmpty)
    }

    func testWrongFrontMatterImagesValueIsAFinding() {
        let checked = Converter.check(map("---\nimages: inline\n---\nBody\n"), links: nil)
        XCTAssertTrue(checked.findings.contains { $0.ruleID == RuleCatalog.frontMatterInvalid.id && $0.message.contains("images") })
    }

    func testWithoutAFolderALocalImageIsItsAltTextWithAWarning() {
        let checked = Converter.check(text: "![Diagram](img/diagram.png)\n", name: "-")
        XCTAssertEqual(checked.findings.map(\.ruleID), [RuleCatalog.localImage.id])
        XCTAssertEqual(checked.findings.first?.severity, .warning)
    }

    func testUnconfinedAFileMayClimbAboveItsOwnFolder() {
        var options = ConversionOptions()
        options.localFiles = LocalFiles(root: folder.appendingPathComponent("guide").path, source: "setup.md", confined: false)
        let mapped = Converter.map(text: "![Diagram](../img/diagram.png)\n", name: "setup.md", options: options)
        XCTAssertEqual(mapped.attachmentSites.map(\.path), [folder.appendingPathComponent("img/diagram.png").standardizedFileURL.path])
    }
}
