import Foundation
import ProductiveAPI
import ProductiveSandbox
import XCTest

/// `convert DIR --out OUT` (issue 22, item 3): each file's payload is byte for byte what
/// `convert FILE` prints for it, whether the folder is published or not.
final class ConvertFolderTests: XCTestCase {
    private func samples() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("convert-folder-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: CLI.packageRoot.appendingPathComponent("samples"), to: folder.appendingPathComponent("docs"))
        addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
        return folder
    }

    /// The Markdown files under `docs`, relative to it.
    private func markdownFiles(in docs: URL) throws -> [String] {
        let all = try XCTUnwrap(FileManager.default.subpaths(atPath: docs.path))
        return all.filter { $0.hasSuffix(".md") && !$0.split(separator: "/").contains { $0.hasPrefix(".") } }.sorted()
    }

    /// Every file of `docs` has a payload in `out` equal to `convert FILE`'s standard output; returns how many.
    private func assertEachPayloadIsConvertsOutput(docs: URL, out: URL, environment: [String: String] = [:], skipping: Set<String> = []) throws -> Int {
        var compared = 0
        for relative in try markdownFiles(in: docs) where !skipping.contains(relative) {
            let alone = try CLI.run(["convert", docs.appendingPathComponent(relative).path], environment: environment)
            let markdown = out.appendingPathComponent(relative)
            let html = markdown.deletingPathExtension().appendingPathExtension("html")
            let written = try Data(contentsOf: FileManager.default.fileExists(atPath: markdown.path) ? markdown : html)
            XCTAssertEqual(String(decoding: written, as: UTF8.self), alone.stdout, "convert DIR --out differs from convert \(relative)")
            compared += 1
        }
        return compared
    }

    func testEachPayloadIsWhatConvertOfTheFilePrints() throws {
        let folder = try samples()
        let docs = folder.appendingPathComponent("docs"), out = folder.appendingPathComponent("out")
        try "exclude:\n  - \"handbook/legacy-notes.md\"\nheading_fallback: bold\n".write(to: docs.appendingPathComponent("productive-docs.yml"), atomically: true, encoding: .utf8)
        try "---\nformat: html\n---\n# As HTML\n\nA <u>line</u>.\n".write(to: docs.appendingPathComponent("as-html.md"), atomically: true, encoding: .utf8)
        let result = try CLI.run(["convert", docs.path, "--out", out.path])
        XCTAssertNotEqual(result.status, 2, result.stderr)
        let compared = try assertEachPayloadIsConvertsOutput(docs: docs, out: out, skipping: ["handbook/legacy-notes.md"])
        XCTAssertEqual(compared, 5)
        XCTAssertTrue(FileManager.default.fileExists(atPath: out.appendingPathComponent("as-html.html").path), "an HTML payload is written as .html")
        XCTAssertFalse(FileManager.default.fileExists(atPath: out.appendingPathComponent("handbook/legacy-notes.md").path), "excluded files are not converted")
    }

    func testAPublishedFolderIsConvertedAsPublishSendsIt() async throws {
        let sandbox = try await SandboxServer.start(SandboxConfiguration(rateLimits: [.init(count: 100_000, window: .seconds(1))]))
        let folder = try samples()
        let docs = folder.appendingPathComponent("docs"), out = folder.appendingPathComponent("out")
        try "page_url_template: https://app.example.com/{organization_id}/docs/page/{page_id}\nexclude:\n  - \"handbook/legacy-notes.md\"\n".write(to: docs.appendingPathComponent("productive-docs.yml"), atomically: true, encoding: .utf8)
        let environment = ["PRODUCTIVE_BASE_URL": sandbox.baseURL, "PRODUCTIVE_UPLOAD_URL": sandbox.uploadURL, "PRODUCTIVE_API_TOKEN": SandboxServer.defaultToken, "PRODUCTIVE_ORGANIZATION_ID": "1"]
        let published = try CLI.run(["publish", docs.path, "--project", "77"], environment: environment)
        XCTAssertEqual(published.status, 0, published.stdout + published.stderr)
        let result = try CLI.run(["convert", docs.path, "--out", out.path], environment: ["PRODUCTIVE_ORGANIZATION_ID": "1"])
        XCTAssertNotEqual(result.status, 2, result.stderr)
        let compared = try assertEachPayloadIsConvertsOutput(docs: docs, out: out, environment: ["PRODUCTIVE_ORGANIZATION_ID": "1"], skipping: ["handbook/legacy-notes.md"])
        XCTAssertEqual(compared, 4)
        let written = try String(contentsOf: out.appendingPathComponent("handbook/README.md"), encoding: .utf8)
        XCTAssertTrue(written.contains("https://app.example.com/1/docs/page/"), "links resolved through the manifest: \(written)")
        await sandbox.stop()
    }

    func testAFolderNeedsAnOutputFolderOutsideIt() throws {
        let folder = try samples()
        let docs = folder.appendingPathComponent("docs")
        let bare = try CLI.run(["convert", docs.path])
        XCTAssertEqual(bare.status, 2)
        XCTAssertTrue(bare.stderr.contains("\(docs.path): a folder: name --out FOLDER"), bare.stderr)
        let before = try markdownFiles(in: docs)
        for inside in [docs.path, docs.appendingPathComponent("out").path, folder.path] {
            let refused = try CLI.run(["convert", docs.path, "--out", inside])
            XCTAssertEqual(refused.status, 2, inside)
            XCTAssertTrue(refused.stderr.contains("must be outside"), refused.stderr)
        }
        XCTAssertEqual(try markdownFiles(in: docs), before, "nothing written into the sources")
        XCTAssertFalse(FileManager.default.fileExists(atPath: docs.appendingPathComponent("out").path))
    }
}
