import Foundation
import ProductiveAPI
import ProductiveSandbox
import XCTest

/// Every row of the exit-code table in docs/cli.md, driven through the built binary: the code says
/// what happened. `testTheTableNamesOnlyTestsThatExist` keeps the table and this file together.
final class ExitCodeTests: XCTestCase {
    private var sandbox: SandboxServer?

    override func tearDown() async throws {
        await sandbox?.stop()
        sandbox = nil
    }

    private func start(_ configuration: SandboxConfiguration = SandboxConfiguration()) async throws -> [String: String] {
        let server = try await SandboxServer.start(configuration)
        sandbox = server
        return ["PRODUCTIVE_BASE_URL": server.baseURL, "PRODUCTIVE_API_TOKEN": SandboxServer.defaultToken, "PRODUCTIVE_ORGANIZATION_ID": "1"]
    }

    /// A docs folder of two clean files, published to project 5 by its productive-docs.yml.
    private func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("cli-exit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        try "project: 5\n".write(to: url.appendingPathComponent("productive-docs.yml"), atomically: true, encoding: .utf8)
        try "# Guide\n\nFirst words.\n".write(to: url.appendingPathComponent("guide.md"), atomically: true, encoding: .utf8)
        try "# Setup\n\nInstall it.\n".write(to: url.appendingPathComponent("setup.md"), atomically: true, encoding: .utf8)
        return url
    }

    private func pageID(_ docs: URL, _ key: String) throws -> String {
        let data = try Data(contentsOf: docs.appendingPathComponent(".productive-docs.json"))
        let manifest = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        let pages = manifest?["pages"] as? [String: [String: Any]]
        return try XCTUnwrap(pages?[key]?["page_id"] as? String ?? (pages?[key]?["id"] as? String), "\(manifest ?? [:])")
    }

    // MARK: 0

    func testEverythingPublishedExitsZero() async throws {
        let environment = try await start()
        let docs = try folder()
        XCTAssertEqual(try CLI.run(["publish", docs.path], environment: environment).status, 0)
        let again = try CLI.run(["publish", docs.path], environment: environment)
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertTrue(again.stdout.contains("3 unchanged; 0 writes"), "the folder's page and two files: \(again.stdout)")
    }

    // MARK: 1

    func testASkippedConflictExitsOneNamingTheFile() async throws {
        let environment = try await start()
        let docs = try folder()
        XCTAssertEqual(try CLI.run(["publish", docs.path], environment: environment).status, 0)
        let id = try pageID(docs, "guide.md")
        let client = ProductiveClient(configuration: ProductiveConfiguration(token: SandboxServer.defaultToken, organizationID: "1", baseURL: environment["PRODUCTIVE_BASE_URL"] ?? ""))
        _ = try await client.write(.appendMarkdown, "A colleague's words.", to: id)
        try? await client.shutdown()
        try "# Guide\n\nRewritten in git.\n".write(to: docs.appendingPathComponent("guide.md"), atomically: true, encoding: .utf8)

        let skipped = try CLI.run(["publish", docs.path], environment: environment)
        XCTAssertEqual(skipped.status, 1, "the change never reached Productive: \(skipped.stdout)\(skipped.stderr)")
        XCTAssertTrue(skipped.stdout.contains("1 skipped"), skipped.stdout)
        XCTAssertTrue(skipped.stderr.contains("1 file not published as it is now: guide.md (skipped: conflict"), skipped.stderr)
    }

    func testAFileHeldBackByLintErrorsExitsOneNamingIt() async throws {
        let environment = try await start()
        let docs = try folder()
        try "# Broken\n\n<script>alert(1)</script>\n".write(to: docs.appendingPathComponent("broken.md"), atomically: true, encoding: .utf8)
        let held = try CLI.run(["publish", docs.path], environment: environment)
        XCTAssertEqual(held.status, 1, held.stdout + held.stderr)
        XCTAssertTrue(held.stdout.contains("3 created, 1 skipped"), held.stdout)
        XCTAssertTrue(held.stderr.contains("1 file not published as it is now: broken.md (skipped"), held.stderr)
    }

    func testAPageThatDidNotLandExitsOne() async throws {
        var configuration = SandboxConfiguration()
        configuration.faults = [SandboxFault(.noopWrite, on: .replace, times: 1)]
        let environment = try await start(configuration)
        let docs = try folder()
        let created = try CLI.run(["publish", docs.path], environment: environment)
        XCTAssertEqual(created.status, 0, created.stderr)
        try "# Guide\n\nNew words.\n".write(to: docs.appendingPathComponent("guide.md"), atomically: true, encoding: .utf8)
        let failed = try CLI.run(["publish", docs.path], environment: environment)
        XCTAssertEqual(failed.status, 1, failed.stdout + failed.stderr)
        XCTAssertTrue(failed.stderr.contains("1 file not published as it is now: guide.md (failed: did not land as sent"), failed.stderr)
    }

    func testLintErrorsExitOneAndWarningsOnlyWithStrict() throws {
        let error = try CLI.temporaryFile("# Doc\n\n<script>alert(1)</script>\n")
        XCTAssertEqual(try CLI.run(["lint", error]).status, 1)
        let warning = try CLI.temporaryFile("# Doc\n\nPress <kbd>K</kbd>.\n")
        XCTAssertEqual(try CLI.run(["lint", warning]).status, 0)
        XCTAssertEqual(try CLI.run(["lint", warning, "--strict"]).status, 1)
    }

    // MARK: 2

    func testUsageAndConfigurationErrorsExitTwo() throws {
        XCTAssertEqual(try CLI.run(["publish", "--no-such-flag"]).status, 2)
        let docs = try folder()
        try "colour: blue\n".write(to: docs.appendingPathComponent("productive-docs.yml"), atomically: true, encoding: .utf8)
        let environment = ["PRODUCTIVE_API_TOKEN": "t", "PRODUCTIVE_ORGANIZATION_ID": "1", "PRODUCTIVE_BASE_URL": "http://127.0.0.1:9/api/v2"]
        XCTAssertEqual(try CLI.run(["publish", docs.path], environment: environment).status, 2)
    }

    /// Connection refused, for every command that talks to Productive: exit 2, as an environment
    /// problem, whether the first request fails (nothing published yet) or a later one.
    func testARefusedConnectionExitsTwoForEveryCommand() async throws {
        let environment = try await start()
        let docs = try folder()
        XCTAssertEqual(try CLI.run(["publish", docs.path], environment: environment).status, 0)
        let fresh = try folder()
        let guide = try pageID(docs, "guide.md")
        await sandbox?.stop()
        sandbox = nil
        try "# Guide\n\nChanged.\n".write(to: docs.appendingPathComponent("guide.md"), atomically: true, encoding: .utf8)
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("cli-exit-pull-\(UUID().uuidString)")

        let commands: [(String, [String], String?)] = [
            ("lint-free publish of a new folder", ["publish", fresh.path], nil),
            ("publish", ["publish", docs.path], nil),
            ("plan", ["plan", docs.path], nil),
            ("pull", ["pull", empty.path, "--root-page", guide], nil),
            ("pull of a published folder", ["pull", docs.path], nil),
            ("diff", ["diff", docs.path], nil),
            ("append", ["append", "--page", guide], "A note.\n"),
            ("doctor", ["doctor", docs.path], nil),
        ]
        for (name, arguments, stdin) in commands {
            let result = try CLI.run(arguments, stdin: stdin, environment: environment)
            XCTAssertEqual(result.status, 2, "\(name): \(result.stdout)\(result.stderr)")
            XCTAssertTrue(result.stderr.contains("connection refused") || result.stdout.contains("connection refused"), "\(name): \(result.stdout)\(result.stderr)")
        }
    }

    func testTheTableNamesOnlyTestsThatExist() throws {
        let table = try String(contentsOf: CLI.packageRoot.appendingPathComponent("docs/cli.md"), encoding: .utf8)
        let source = try String(contentsOf: URL(fileURLWithPath: #filePath), encoding: .utf8)
        let named = table.components(separatedBy: "`ExitCodeTests.").dropFirst().compactMap { $0.split(separator: "`").first.map(String.init) }
        XCTAssertGreaterThanOrEqual(named.count, 6)
        for test in named {
            XCTAssertTrue(source.contains("func \(test)("), "docs/cli.md names \(test), which this file does not hold")
        }
    }
}
