import DocsSync
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import ProductiveAPI
import ProductiveFormat
import ProductiveSandbox
import XCTest

/// Local images and linked files published as attachments of their pages, against the sandbox over
/// loopback: the four-step upload, the body pointing at the attachments, once per content,
/// deletions only after the body landed, and pull writing the local paths back.
final class AttachmentPublishTests: XCTestCase {
    private let shared: [UInt8] = Array("PNG shared image bytes".utf8) + [0x89, 0x00, 0xFF]
    private let titled: [UInt8] = Array("PNG titled image".utf8) + [0x01, 0x02]
    private let spec: [UInt8] = Array("%PDF-1.4 a tiny spec".utf8)

    /// Two pages sharing one image; the second also shows an image with a title and links a PDF.
    private func fixture(faults: [SandboxFault] = []) async throws -> PublishFixture {
        let docs = try await PublishFixture(faults: faults)
        try docs.write("a.md", "# Alpha\n\n![Shared diagram](img/shared.png)\n")
        try docs.write("guide/b.md", "# Beta\n\n![Shared](../img/shared.png) and ![Titled](../img/titled.png \"The title\")\n\nRead [the spec](../files/spec.pdf).\n")
        try write(docs, "img/shared.png", shared)
        try write(docs, "img/titled.png", titled)
        try write(docs, "files/spec.pdf", spec)
        return docs
    }

    private func write(_ docs: PublishFixture, _ path: String, _ bytes: [UInt8]) throws {
        let url = docs.folder.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
    }

    /// The bytes the sandbox serves at an attachment's URL (behind the page views' token).
    private func served(_ url: String) async throws -> [UInt8] {
        var request = URLRequest(url: try XCTUnwrap(URL(string: url)))
        request.setValue(SandboxServer.defaultToken, forHTTPHeaderField: "X-Auth-Token")
        let (data, response) = try await URLSession.shared.data(for: request)
        XCTAssertEqual((response as? HTTPURLResponse)?.statusCode, 200, url)
        return [UInt8](data)
    }

    private func pageID(_ docs: PublishFixture, _ key: String) throws -> String {
        try XCTUnwrap(try docs.manifest().pages[key]?.pageID, "\(key) is published")
    }

    /// The image sources and link targets of a page's stored body.
    private func storedTargets(_ docs: PublishFixture, _ id: String) async throws -> (images: [Image], links: [String]) {
        let page = try await docs.client.page(id)
        let document = try StoredBodyReader.read(page.body).document
        var images: [Image] = []
        var links: [String] = []
        func walk(_ blocks: [Block]) {
            for block in blocks {
                switch block {
                case .paragraph(let inlines, _), .heading(_, let inlines, _):
                    for inline in inlines {
                        switch inline {
                        case .image(let image, _): images.append(image)
                        case .text(_, let marks): if let link = marks.link, !links.contains(link) { links.append(link) }
                        default: break
                        }
                    }
                case .blockquote(let children), .banner(_, let children): walk(children)
                default: break
                }
            }
        }
        walk(document.blocks)
        return (images, links)
    }

    func testImagesAndAPDFLandAsAttachmentsOfTheirPagesAndTheBodiesPointAtThem() async throws {
        let docs = try await fixture()
        defer { Task { await docs.close() } }
        let report = try await docs.publish()
        XCTAssertFalse(report.failed, report.results.map { "\($0.key): \($0.reason ?? "")" }.joined(separator: "\n"))
        XCTAssertEqual(report.uploads, 4, "shared.png for each page, titled.png and spec.pdf for b.md")

        let manifest = try docs.manifest()
        for (key, files) in [("a.md", ["img/shared.png"]), ("guide/b.md", ["img/shared.png", "img/titled.png", "files/spec.pdf"])] {
            let entry = try XCTUnwrap(manifest.pages[key])
            XCTAssertEqual(Set(entry.attachments.values.map(\.path)), Set(files), key)
            let remote = try await docs.client.attachments(ofPage: entry.pageID)
            XCTAssertEqual(Set(remote.map(\.id)), Set(entry.attachments.values.map(\.id)), "\(key): exactly the recorded attachments")
            for record in entry.attachments.values {
                let attachment = try XCTUnwrap(remote.first { $0.id == record.id })
                XCTAssertEqual(attachment.name, String(record.path.split(separator: "/").last ?? ""))
                let expected = try [UInt8](Data(contentsOf: docs.folder.appendingPathComponent(record.path)))
                let stored = try await served(record.url)
                XCTAssertEqual(stored, expected, "\(key): \(record.path) holds the file's bytes")
                XCTAssertFalse(record.url.contains("token="), "no token in a recorded URL")
            }
        }
        let b = try XCTUnwrap(manifest.pages["guide/b.md"])
        let url = { (path: String) in b.attachments.values.first { $0.path == path }?.url }
        let stored = try await storedTargets(docs, b.pageID)
        XCTAssertEqual(stored.images.map(\.source), [url("img/shared.png"), url("img/titled.png")].compactMap { $0 })
        XCTAssertEqual(stored.images.map(\.alt), ["Shared", "Titled"])
        XCTAssertEqual(stored.images.map(\.title), [nil, "The title"])
        XCTAssertEqual(stored.links, [url("files/spec.pdf")].compactMap { $0 })
        let a = try XCTUnwrap(manifest.pages["a.md"])
        XCTAssertNotEqual(a.attachments.values.first?.id, b.attachments.values.first { $0.path == "img/shared.png" }?.id, "each page has its own attachment")
        let storedA = try await storedTargets(docs, a.pageID)
        XCTAssertEqual(storedA.images.map(\.source), a.attachments.values.map(\.url))

        let again = try await docs.publish()
        XCTAssertEqual(again.writes, 0, again.summary)
        XCTAssertEqual(again.uploads, 0)
    }

    func testOneChangedImageIsOneUploadAndOneBodyWriteAndTheOldAttachmentGoesAfterIt() async throws {
        let docs = try await fixture()
        defer { Task { await docs.close() } }
        _ = try await docs.publish()
        let before = try docs.manifest()
        let aVersion = try await docs.client.page(try pageID(docs, "a.md")).versionNumber
        let old = try XCTUnwrap(before.pages["guide/b.md"]?.attachments.values.first { $0.path == "img/titled.png" })
        try write(docs, "img/titled.png", titled + [0x03])

        let plan = try await docs.publisher().plan()
        let item = try XCTUnwrap(plan.items.first { $0.key == "guide/b.md" })
        XCTAssertEqual(item.actions, [.update])
        XCTAssertEqual(item.uploads.map(\.path), ["img/titled.png"])
        XCTAssertEqual(item.deletions.map(\.attachmentID), [old.id])
        XCTAssertTrue(plan.summary.contains("1 upload") && plan.summary.contains("1 attachment deletion"), plan.summary)
        XCTAssertTrue(plan.render(.text).contains("upload img/titled.png"), plan.render(.text))

        let report = try await docs.publish()
        XCTAssertEqual(report.uploads, 1, report.summary)
        XCTAssertEqual(report.attachmentDeletions, 1, report.summary)
        XCTAssertEqual(report.writes - report.uploads - report.attachmentDeletions, 1, "one body write: \(report.summary)")
        let aAfter = try await docs.client.page(try pageID(docs, "a.md")).versionNumber
        XCTAssertEqual(aAfter, aVersion, "a page that does not show it is not touched")
        let remote = try await docs.client.attachments(ofPage: try pageID(docs, "guide/b.md"))
        XCTAssertFalse(remote.contains { $0.id == old.id }, "the old attachment is deleted")
        XCTAssertEqual(remote.count, 3)
    }

    func testThePullRequestPreviewListsUploadsAndDeletionsOfAnImageChange() async throws {
        let docs = try await fixture()
        defer { Task { await docs.close() } }
        _ = try await docs.publish()
        try write(docs, "img/titled.png", titled + [0x04])
        let publisher = try docs.publisher()
        let plan = try await publisher.plan()
        let preview = await publisher.preview(plan).markdown()
        XCTAssertTrue(preview.contains("<code>guide/b.md</code>"), "the page that shows the image is listed: \(preview)")
        XCTAssertTrue(preview.contains("Attachments: upload img/titled.png; delete attachment "), preview)
        XCTAssertEqual(plan.items.first { $0.key == "guide/b.md" }?.outcome, .updated)
    }

    func testARemovedAttachmentIsDeletedOnlyAfterTheBodyLanded() async throws {
        // The body write of the second run does not land as sent (a word lost): the PDF's
        // attachment must still be there. The first run makes two body writes.
        let docs = try await fixture(faults: [SandboxFault(.dropLastWord, on: .replace, times: 1, skip: 2)])
        defer { Task { await docs.close() } }
        _ = try await docs.publish()
        let b = try pageID(docs, "guide/b.md")
        let pdf = try XCTUnwrap(try docs.manifest().pages["guide/b.md"]?.attachments.values.first { $0.path == "files/spec.pdf" })
        try docs.write("guide/b.md", "# Beta\n\n![Shared](../img/shared.png) and ![Titled](../img/titled.png \"The title\")\n")

        let failed = try await docs.publish()
        XCTAssertTrue(failed.failed, failed.summary)
        let kept = try await docs.client.attachments(ofPage: b)
        XCTAssertTrue(kept.contains { $0.id == pdf.id }, "not deleted before the body landed")
        XCTAssertNotNil(try docs.manifest().pages["guide/b.md"]?.attachments.values.first { $0.id == pdf.id })

        let report = try await docs.publish()
        XCTAssertFalse(report.failed, report.summary)
        XCTAssertEqual(report.attachmentDeletions, 1)
        let left = try await docs.client.attachments(ofPage: b)
        XCTAssertFalse(left.contains { $0.id == pdf.id })
        XCTAssertNil(try docs.manifest().pages["guide/b.md"]?.attachments.values.first { $0.id == pdf.id })
        let third = try await docs.publish()
        XCTAssertEqual(third.writes, 0, third.summary)
    }

    func testAnAttachmentTheStoredBodyStillShowsIsKept() async throws {
        // Both tries of the second run's body write are answered but leave the old body (which
        // holds every word sent, and more): verification does not take it for a normalisation, and
        // the page still links the PDF, so its attachment is not deleted.
        let docs = try await fixture(faults: [SandboxFault(.noopWrite, on: .replace, times: 2, skip: 2)])
        defer { Task { await docs.close() } }
        _ = try await docs.publish()
        let b = try pageID(docs, "guide/b.md")
        let pdf = try XCTUnwrap(try docs.manifest().pages["guide/b.md"]?.attachments.values.first { $0.path == "files/spec.pdf" })
        try docs.write("guide/b.md", "# Beta\n\n![Shared](../img/shared.png) and ![Titled](../img/titled.png \"The title\")\n")
        let report = try await docs.publish()
        XCTAssertTrue(report.failed, "a write that left the old body (words not sent) is not accepted as a normalisation: \(report.summary)")
        XCTAssertEqual(report.attachmentDeletions, 0, report.summary)
        let kept = try await docs.client.attachments(ofPage: b)
        XCTAssertTrue(kept.contains { $0.id == pdf.id }, "the page still shows it")
    }

    func testAMissingImageHoldsThePageBackWithItsLine() async throws {
        let docs = try await fixture()
        defer { Task { await docs.close() } }
        try docs.write("c.md", "# Gamma\n\nIntro.\n\n![Typo](img/sahred.png)\n")
        let plan = try await docs.publisher().plan()
        XCTAssertEqual(plan.items.first { $0.key == "c.md" }?.actions, [.blocked])
        let finding = try XCTUnwrap(plan.findings.first { $0.path == "c.md" && $0.finding.ruleID == RuleCatalog.attachmentMissing.id })
        XCTAssertEqual(finding.finding.position.line, 5)
        XCTAssertTrue(finding.finding.message.contains("img/sahred.png"), finding.finding.message)
        let report = try await docs.publish()
        XCTAssertEqual(report.heldBack, 1)
        XCTAssertNil(try docs.manifest().pages["c.md"], "nothing sent for it")
    }

    func testAnUploadMadeButNotRecordedIsProvenAndNotUploadedAgain() async throws {
        let docs = try await fixture()
        defer { Task { await docs.close() } }
        try docs.write("a.md", "# Alpha\n")
        try docs.write("guide/b.md", "# Beta\n")
        _ = try await docs.publish()
        try docs.write("a.md", "# Alpha\n\n![Shared diagram](img/shared.png)\n")
        // An interrupted run's journal: the upload intent, then the upload itself, not its record.
        let a = try pageID(docs, "a.md")
        var manifest = try docs.manifest()
        let planned = try await docs.publisher().plan()
        let hash = try XCTUnwrap(planned.items.first { $0.key == "a.md" }?.uploads.first?.hash)
        manifest.pages["a.md"]?.uploadIntent = Manifest.UploadIntent(existing: [], files: [hash: "img/shared.png"])
        try manifest.write(to: docs.manifestPath)
        let made = try await docs.client.uploadAttachment(pageID: a, fileName: "shared.png", contentType: "image/png", bytes: shared, inline: true)

        let plan = try await docs.publisher().plan()
        XCTAssertEqual(plan.items.first { $0.key == "a.md" }?.uploads, [], "proven: nothing to upload")
        let report = try await docs.publish()
        XCTAssertEqual(report.uploads, 0, report.summary)
        let listed = try await docs.client.attachments(ofPage: a)
        XCTAssertEqual(listed.map(\.id), [made.id], "no duplicate attachment")
        XCTAssertEqual(try docs.manifest().pages["a.md"]?.attachments[hash]?.id, made.id)
        XCTAssertNil(try docs.manifest().pages["a.md"]?.uploadIntent)
        let stored = try await storedTargets(docs, a)
        XCTAssertEqual(stored.images.map(\.source), [made.url].compactMap { $0 })
    }

    func testPullFileWritesTheLocalPathsBackNeverTheURL() async throws {
        let docs = try await fixture()
        defer { Task { await docs.close() } }
        _ = try await docs.publish()
        let b = try pageID(docs, "guide/b.md")
        _ = try await docs.client.write(.appendMarkdown, "Added in Productive.", to: b)
        let report = try await Puller(client: docs.client, config: docs.config, organizationID: "1")
            .pullFiles(["guide/b.md"], root: docs.folder, manifestPath: docs.manifestPath)
        XCTAssertEqual(report.items.map(\.outcome), [.updated])
        let text = try String(contentsOf: docs.folder.appendingPathComponent("guide/b.md"), encoding: .utf8)
        XCTAssertTrue(text.contains("![Shared](../img/shared.png)"), text)
        XCTAssertTrue(text.contains("![Titled](../img/titled.png \"The title\")"), text)
        XCTAssertTrue(text.contains("[the spec](../files/spec.pdf)"), text)
        XCTAssertFalse(text.contains("http"), text)
        XCTAssertTrue(text.contains("Added in Productive."), text)
        let again = try await docs.publish()
        XCTAssertEqual(again.uploads, 0, again.summary)
    }
}
