import Foundation
import ProductiveAPI
import ProductiveSandbox
import XCTest

/// `append` and `sandbox` through the built binary, against an in-process sandbox.
final class AppendCommandTests: XCTestCase {
    private var sandbox: SandboxServer!

    override func setUp() async throws {
        sandbox = try await SandboxServer.start()
    }

    override func tearDown() async throws {
        await sandbox.stop()
    }

    private var environment: [String: String] {
        ["PRODUCTIVE_BASE_URL": sandbox.baseURL, "PRODUCTIVE_API_TOKEN": SandboxServer.defaultToken, "PRODUCTIVE_ORGANIZATION_ID": "1"]
    }

    private func client() -> ProductiveClient {
        ProductiveClient(configuration: ProductiveConfiguration(token: SandboxServer.defaultToken, organizationID: "1", baseURL: sandbox.baseURL))
    }

    private func createPage() async throws -> String {
        let client = client()
        let page = try await client.createPage(title: "Standups", markdown: "Notes below.", in: .project("1"))
        try await client.shutdown()
        return page.id
    }

    /// The stored body (ProseMirror JSON) of a page.
    private func body(_ id: String) async throws -> String {
        let client = client()
        let page = try await client.page(id)
        try await client.shutdown()
        return page.body ?? ""
    }

    func testAppendOnceFromStdinWithAHeadingIsSafeToRetry() async throws {
        let page = try await createPage()
        let note = "- Shipped the release\n- [ ] Write the retro\n"
        let first = try CLI.run(["append", "--page", page, "--heading", "Standup {date}", "--once", "standup-1"], stdin: note, environment: environment)
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertEqual(first.stdout, "appended to page \(page) as markdown, version 1\n")
        let again = try CLI.run(["append", "--page", page, "--heading", "Standup {date}", "--once", "standup-1"], stdin: note, environment: environment)
        XCTAssertEqual(again.status, 0)
        XCTAssertTrue(again.stdout.contains("already holds the note with key standup-1"))
        let stored = try await body(page)
        XCTAssertEqual(stored.components(separatedBy: "Shipped the release").count - 1, 1, "the note is there once")
        XCTAssertTrue(stored.contains(#""level":2"#))
        XCTAssertTrue(stored.contains("note key: standup-1"))
    }

    func testAppendGoesAsHTMLWhenTheNoteNeedsIt() async throws {
        let page = try await createPage()
        let result = try CLI.run(["append", "--page", page], stdin: "> [!WARNING]\n> Deploy freeze.\n", environment: environment)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("as html"))
        let stored = try await body(page)
        XCTAssertTrue(stored.contains(#""type":"banner""#))
    }

    func testErrorFindingsStopTheAppend() async throws {
        let page = try await createPage()
        let result = try CLI.run(["append", "--page", page], stdin: "Hi <script>alert(1)</script>\n", environment: environment)
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("[PD006]"))
        XCTAssertTrue(result.stderr.contains("not appended"))
        let stored = try await body(page)
        XCTAssertFalse(stored.contains("Hi"))
    }

    func testRefusalsAndConfigurationErrors() async throws {
        let missing = try CLI.run(["append", "--page", "999999"], stdin: "x\n", environment: environment)
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(missing.stderr.contains("HTTP 404"))
        let noToken = try CLI.run(["append", "--page", "1"], stdin: "x\n", environment: ["PRODUCTIVE_API_TOKEN": "", "PRODUCTIVE_ORGANIZATION_ID": "1"])
        XCTAssertEqual(noToken.status, 2)
        XCTAssertTrue(noToken.stderr.contains("PRODUCTIVE_API_TOKEN"))
        let badKey = try CLI.run(["append", "--page", "1", "--once", "no spaces"], stdin: "x\n", environment: environment)
        XCTAssertEqual(badKey.status, 2)
        var wrongToken = environment
        wrongToken["PRODUCTIVE_API_TOKEN"] = "secret-wrong-token"
        let refused = try CLI.run(["append", "--page", "1"], stdin: "x\n", environment: wrongToken)
        XCTAssertEqual(refused.status, 1)
        XCTAssertTrue(refused.stderr.contains("check PRODUCTIVE_API_TOKEN"))
        XCTAssertFalse(refused.stderr.contains("secret-wrong-token"), "the token never appears")
    }

    func testSandboxCommandPrintsTheEnvironment() throws {
        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = ["sandbox", "--port", "0"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { process.terminate() }
        var text = ""
        let handle = output.fileHandleForReading
        while !text.contains("PRODUCTIVE_ORGANIZATION_ID") {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        XCTAssertTrue(text.contains("export PRODUCTIVE_BASE_URL=http://127.0.0.1:"))
        XCTAssertTrue(text.contains("export PRODUCTIVE_API_TOKEN=sandbox-token"))
        XCTAssertTrue(text.contains("export PRODUCTIVE_ORGANIZATION_ID=1"))
    }
}
