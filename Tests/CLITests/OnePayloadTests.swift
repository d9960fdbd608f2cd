import Foundation
import ProductiveAPI
import ProductiveSandbox
import XCTest

/// One payload path: `convert FILE` prints byte for byte what `publish` sent, and `lint` applies
/// the folder's configuration (issue 7, item 5).
final class OnePayloadTests: XCTestCase {
    private func folder(copyingSamples: Bool = true) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("one-payload-\(UUID().uuidString)")
        if copyingSamples {
            try FileManager.default.copyItem(at: CLI.packageRoot.appendingPathComponent("samples"), to: folder)
        } else {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        }
        addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
        return folder
    }

    func testConvertPrintsExactlyWhatPublishSent() async throws {
        let sandbox = try await SandboxServer.start(SandboxConfiguration(rateLimits: [.init(count: 100_000, window: .seconds(1))]))
        let folder = try folder()
        try """
            heading_fallback: bold
            page_url_template: https://app.example.com/{organization_id}-acme/docs/page/{page_id}
            asset_base_url: https://raw.example.com/handbook/
            exclude:
              - "handbook/legacy-notes.md"
            """.write(to: folder.appendingPathComponent("productive-docs.yml"), atomically: true, encoding: .utf8)
        try "# Links\n\nSee [onboarding](handbook/onboarding.md#first-day), [deploys](handbook/runbooks/deploy.md) and [a draft](drafts/x.md).\n\n#### Deep heading\n\n![logo](img/logo.png)\n"
            .write(to: folder.appendingPathComponent("links.md"), atomically: true, encoding: .utf8)
        let environment = ["PRODUCTIVE_BASE_URL": sandbox.baseURL, "PRODUCTIVE_UPLOAD_URL": sandbox.uploadURL, "PRODUCTIVE_API_TOKEN": SandboxServer.defaultToken, "PRODUCTIVE_ORGANIZATION_ID": "1"]
        let published = try CLI.run(["publish", folder.path, "--project", "77"], environment: environment)
        XCTAssertEqual(published.status, 0, published.stdout + published.stderr)

        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent(".productive-docs.json"))) as? [String: Any]
        let pages = try XCTUnwrap(manifest?["pages"] as? [String: [String: Any]])
        var compared = 0
        for (key, entry) in pages {
            let file: String
            if key == "." || key.hasSuffix("/") {
                let prefix = key == "." ? "" : key
                guard let index = ["README.md", "index.md"].map({ prefix + $0 }).first(where: { FileManager.default.fileExists(atPath: folder.appendingPathComponent($0).path) }) else { continue }
                file = index
            } else {
                file = key
            }
            let id = try XCTUnwrap(entry["page_id"] as? String)
            let sent = try XCTUnwrap(sandbox.requests.payloads.last(for: id), key)
            let converted = try CLI.run(["convert", folder.appendingPathComponent(file).path], environment: ["PRODUCTIVE_ORGANIZATION_ID": "1"])
            XCTAssertEqual(converted.stdout, sent, "convert \(file) differs from what publish sent")
            compared += 1
        }
        XCTAssertGreaterThanOrEqual(compared, 5)
        XCTAssertNil(pages["handbook/legacy-notes.md"], "exclude is honoured")
        let links = try CLI.run(["convert", folder.appendingPathComponent("links.md").path], environment: ["PRODUCTIVE_ORGANIZATION_ID": "1"])
        XCTAssertTrue(links.stdout.contains("https://app.example.com/1-acme/docs/page/"), links.stdout)
        XCTAssertTrue(links.stdout.contains("**Deep heading**"), "heading_fallback from the config: \(links.stdout)")
        XCTAssertTrue(links.stdout.contains("https://raw.example.com/handbook/img/logo.png"), links.stdout)
        await sandbox.stop()
    }

    func testLintFindsTheFolderConfigAndReportsUnpublishedLinksOffline() throws {
        let folder = try folder(copyingSamples: false)
        try "exclude:\n  - \"drafts/**\"\nheading_fallback: bold\n".write(to: folder.appendingPathComponent("productive-docs.yml"), atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("drafts"), withIntermediateDirectories: true)
        try "# Draft\n\n<script>x</script>\n".write(to: folder.appendingPathComponent("drafts/plan.md"), atomically: true, encoding: .utf8)
        try "# Guide\n\nSee [the plan](drafts/plan.md) and [setup](setup.md).\n".write(to: folder.appendingPathComponent("guide.md"), atomically: true, encoding: .utf8)
        try "# Setup\n\n#### Deep\n".write(to: folder.appendingPathComponent("setup.md"), atomically: true, encoding: .utf8)
        let result = try CLI.run(["lint", folder.path])
        XCTAssertTrue(result.stdout.contains("guide.md:3:"), result.stdout)
        XCTAssertTrue(result.stdout.contains("[PD017]"), result.stdout)
        XCTAssertFalse(result.stdout.contains("drafts/plan.md:"), "excluded files are not linted: \(result.stdout)")
        XCTAssertFalse(result.stdout.contains("setup.md:3:1") && result.stdout.contains("sent as level 3"), result.stdout)
        XCTAssertTrue(result.stderr.contains("in 2 files"), result.stderr)

        let convert = try CLI.run(["convert", folder.appendingPathComponent("setup.md").path])
        XCTAssertTrue(convert.stdout.contains("**Deep**"), convert.stdout)
        let other = try CLI.temporaryFile("heading_fallback: h3\n", name: "other.yml")
        let explicit = try CLI.run(["convert", folder.appendingPathComponent("setup.md").path, "--config", other])
        XCTAssertTrue(explicit.stdout.contains("### Deep"), explicit.stdout)
        let flag = try CLI.run(["convert", folder.appendingPathComponent("setup.md").path, "--heading-fallback", "h3"])
        XCTAssertTrue(flag.stdout.contains("### Deep"), "flags override the config: \(flag.stdout)")
    }
}
