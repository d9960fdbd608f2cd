import DocsSync
import Foundation
import ProductiveAPI
import ProductiveFormat
import ProductiveSandbox
import XCTest

/// Images added in Productive, pulled (issue 19, deliverable 5), against the sandbox over loopback:
/// `pull DIR` saves the page's own attachments under `assets/` beside the page file and records
/// them, so publishing right away sends nothing; one that cannot be downloaded keeps its URL
/// (never a token) with a warning; and a remote change to a block that shows an uploaded image
/// merges with the image's local path kept.
final class PulledImageTests: XCTestCase {
    private let chart: [UInt8] = Array("PNG chart a colleague added".utf8) + [0x89, 0x00, 0xFF, 0x10]

    private func emptyFolder() -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pulled-\(UUID().uuidString)")
        addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
        return folder
    }

    /// A published folder whose page `ops/deploy.md` a colleague gave an image: uploaded as an
    /// attachment of the page, shown in the body (the `src` as `decorate` makes it).
    private func treeWithAnImageAddedInProductive(
        _ bytes: [UInt8]? = nil, named fileName: String = "release chart.png", type: String = "image/png", decorate: (String) -> String = { $0 }
    ) async throws -> (PublishFixture, String, Attachment) {
        let docs = try await PublishFixture()
        addTeardownBlock { await docs.close() }
        try docs.write("index.md", "# Handbook\n\nStart here.\n")
        try docs.write("ops/deploy.md", "# Deploy\n\nShip it.\n")
        let report = try await docs.publish()
        XCTAssertFalse(report.failed, "\(report.results)")
        let id = try XCTUnwrap(try docs.manifest().pages["ops/deploy.md"]?.pageID)
        // (The colleague's client knows no file store: the upload goes through the fixture's.)
        let added = try await docs.client.uploadAttachment(pageID: id, fileName: fileName, contentType: type, bytes: bytes ?? chart, inline: type != "image/svg+xml")
        let url = try XCTUnwrap(added.url)
        _ = try await docs.colleague.write(.appendMarkdown, "![Release chart](\(decorate(url)))", to: id)
        return (docs, id, added)
    }

    private func publisher(of folder: URL, docs: PublishFixture, config: DocsConfig = DocsConfig()) throws -> Publisher {
        let workspace = try Workspace.scan(folder, config: config, ignoring: [Manifest.defaultFileName])
        let settings = Publisher.Settings(config: config, manifestPath: folder.appendingPathComponent(Manifest.defaultFileName).path, organizationID: "1")
        return Publisher(settings: settings, workspace: workspace, client: docs.client)
    }

    func testPullDirSavesAnImageAddedInProductiveUnderAssetsAndPublishesNothingForIt() async throws {
        let (docs, id, added) = try await treeWithAnImageAddedInProductive()
        let folder = emptyFolder()
        let manifestPath = folder.appendingPathComponent(Manifest.defaultFileName).path
        let report = try await Puller(client: docs.client, config: DocsConfig(), organizationID: "1").pullTree(.project("42"), into: folder, manifestPath: manifestPath)
        XCTAssertEqual(report.warnings, [])
        XCTAssertEqual(report.notes.filter { $0.contains("does not read back") }, [], "\(report.notes)")

        let saved = folder.appendingPathComponent("ops/assets/release-chart.png")
        XCTAssertEqual(try [UInt8](Data(contentsOf: saved)), chart, "the attachment's bytes, beside the page file")
        let text = try String(contentsOf: folder.appendingPathComponent("ops/deploy.md"), encoding: .utf8)
        XCTAssertTrue(text.contains("![Release chart](assets/release-chart.png)"), text)
        XCTAssertFalse(text.contains("http"), text)

        let record = try XCTUnwrap(try Manifest.load(manifestPath).pages["ops/deploy.md"]?.attachments.values.first)
        XCTAssertEqual(record.id, added.id)
        XCTAssertEqual(record.path, "ops/assets/release-chart.png")

        // Publishing the pulled folder right away sends nothing: no upload, no body write.
        let writesBefore = docs.sandbox.requests.writes
        let plan = try await publisher(of: folder, docs: docs).plan()
        XCTAssertTrue(plan.isUnchanged, plan.render(.text))
        let published = try await publisher(of: folder, docs: docs).publish()
        XCTAssertEqual(published.writes, 0, published.summary)
        XCTAssertEqual(published.uploads, 0, published.summary)
        XCTAssertEqual(docs.sandbox.requests.writes, writesBefore)
        let listed = try await docs.client.attachments(ofPage: id)
        XCTAssertEqual(listed.map(\.id), [added.id], "no second attachment")
    }

    /// An SVG added in Productive keeps its own name (`box.svg`, not `box.svg.png`): the content is
    /// what the extension says.
    func testPullDirKeepsAnSVGsOwnName() async throws {
        let svg = Array(#"<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><rect width="4" height="4"/></svg>\n"#.utf8)
        let (docs, _, _) = try await treeWithAnImageAddedInProductive(svg, named: "box.svg", type: "image/svg+xml")
        let folder = emptyFolder()
        let manifestPath = folder.appendingPathComponent(Manifest.defaultFileName).path
        let report = try await Puller(client: docs.client, config: DocsConfig(), organizationID: "1").pullTree(.project("42"), into: folder, manifestPath: manifestPath)
        XCTAssertEqual(report.warnings, [])
        let saved = folder.appendingPathComponent("ops/assets/box.svg")
        XCTAssertEqual(try [UInt8](Data(contentsOf: saved)), svg)
        XCTAssertFalse(FileManager.default.fileExists(atPath: saved.path + ".png"))
        let text = try String(contentsOf: folder.appendingPathComponent("ops/deploy.md"), encoding: .utf8)
        XCTAssertTrue(text.contains("](assets/box.svg)"), text)
    }

    func testAnImageThatCannotBeDownloadedKeepsItsURLWithoutTheTokenAndIsAWarning() async throws {
        // Over the size cap (1 MB here): not downloaded.
        let big = [UInt8](repeating: 0x42, count: (1 << 20) + 10)
        let (docs, _, added) = try await treeWithAnImageAddedInProductive(big) { $0 + "&token=not-for-files-123" }
        let folder = emptyFolder()
        var config = DocsConfig()
        config.attachmentMaxMB = 1
        let report = try await Puller(client: docs.client, config: config, organizationID: "1")
            .pullTree(.project("42"), into: folder, manifestPath: folder.appendingPathComponent(Manifest.defaultFileName).path)
        let url = try XCTUnwrap(added.url)
        let text = try String(contentsOf: folder.appendingPathComponent("ops/deploy.md"), encoding: .utf8)
        XCTAssertTrue(text.contains("![Release chart](\(url))"), text)
        XCTAssertFalse(text.contains("token"), "never a token in a pulled file: \(text)")
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.appendingPathComponent("ops/assets").path))
        let warning = try XCTUnwrap(report.warnings.first, "\(report)")
        XCTAssertEqual(report.warnings.count, 1)
        let line = text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains(url) }.map { $0 + 1 }
        XCTAssertEqual(warning.path, "ops/deploy.md")
        XCTAssertEqual(warning.line, line)
        XCTAssertTrue(warning.description.hasPrefix("ops/deploy.md:\(warning.line): warning: image \(url) "), warning.description)
        XCTAssertTrue(warning.message.contains("larger than 1 MB"), warning.message)
        XCTAssertFalse(warning.description.contains("token"))
    }

    func testARemoteChangeToABlockShowingAnUploadedImageMergesWithTheLocalPath() async throws {
        let docs = try await PublishFixture()
        addTeardownBlock { await docs.close() }
        let original = "# Guide\n\nThe plan: ![Diagram](img/diagram.png) as drawn.\n\nMore text.\n"
        try docs.write("guide.md", original)
        try Data(chart).write(to: docs.folder.appendingPathComponent("img/diagram.png", isDirectory: false).creatingFolder())
        let first = try await docs.publish()
        XCTAssertEqual(first.uploads, 1, first.summary)
        let id = try XCTUnwrap(try docs.manifest().pages["guide.md"]?.pageID)

        // A colleague rewords the sentence around the image.
        let page = try await docs.client.page(id)
        let html = HTMLWriter().write(try StoredBodyReader.read(page.body).document)
        XCTAssertTrue(html.contains("The plan: "), html)
        _ = try await docs.colleague.write(.replaceWithHTML, html.replacingOccurrences(of: "The plan: ", with: "The new plan: "), to: id)

        let report = try await Puller(client: docs.client, config: docs.config, organizationID: "1")
            .pullFiles(["guide.md"], root: docs.folder, manifestPath: docs.manifestPath)
        XCTAssertEqual(report.items.map(\.outcome), [.updated], "\(report.items)")
        let text = try String(contentsOf: docs.folder.appendingPathComponent("guide.md"), encoding: .utf8)
        XCTAssertEqual(text, original.replacingOccurrences(of: "The plan: ", with: "The new plan: "))
        let again = try await docs.publish()
        XCTAssertEqual(again.writes, 0, again.summary)
        XCTAssertEqual(again.uploads, 0, again.summary)
    }
}

private extension URL {
    /// This file's URL, its folder created.
    func creatingFolder() throws -> URL {
        try FileManager.default.createDirectory(at: deletingLastPathComponent(), withIntermediateDirectories: true)
        return self
    }
}
