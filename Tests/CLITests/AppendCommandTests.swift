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
        ["PRODUCTIVE_BASE_URL": sandbox.baseURL, "PRODUCTIVE_UPLOAD_URL": sandbox.uploadURL, "PRODUCTIVE_API_TOKEN": SandboxServer.defaultToken, "PRODUCTIVE_ORGANIZATION_ID": "1"]
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

    /// `--to` is the payload format as in every command; `--page-of` names the page by its file, and
    /// the older `append --to PATH` still works, with a warning.
    func testPageOfNamesTheFileAndToIsTheFormat() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("append-page-of-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let notes = folder.appendingPathComponent("notes.md")
        try "# Notes\n\nBelow.\n".write(to: notes, atomically: true, encoding: .utf8)
        let published = try CLI.run(["publish", folder.path, "--project", "1"], environment: environment)
        XCTAssertEqual(published.status, 0, published.stderr)

        let html = try CLI.run(["append", "--page-of", notes.path, "--to", "html"], stdin: "Shipped.\n", environment: environment)
        XCTAssertEqual(html.status, 0, html.stderr)
        XCTAssertTrue(html.stdout.contains("as html"), html.stdout)
        XCTAssertFalse(html.stderr.contains("warning"), html.stderr)

        let older = try CLI.run(["append", "--to", notes.path], stdin: "Deployed.\n", environment: environment)
        XCTAssertEqual(older.status, 0, older.stderr)
        XCTAssertTrue(older.stdout.contains("as markdown"), older.stdout)
        XCTAssertTrue(older.stderr.contains("`append --to PATH` is now `append --page-of PATH`"), older.stderr)

        let typo = try CLI.run(["append", "--page-of", notes.path, "--to", "htm"], stdin: "x\n", environment: environment)
        XCTAssertEqual(typo.status, 2)
        XCTAssertTrue(typo.stderr.contains("--to takes the payload format"), typo.stderr)
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
        XCTAssertTrue(text.contains("export PRODUCTIVE_UPLOAD_URL=http://127.0.0.1:"), text)
        XCTAssertTrue(text.contains("export PRODUCTIVE_API_TOKEN=sandbox-token"))
        XCTAssertTrue(text.contains("export PRODUCTIVE_ORGANIZATION_ID=1"))
    }

    // MARK: Failures (issue 12)

    /// Runs the binary like `CLI.run`, but kills it after `limit` so no test can hang.
    private static func runBounded(_ arguments: [String], stdin: String, environment: [String: String], limit: TimeInterval = 60) throws -> (CLI.Result, TimeInterval) {
        let start = Date()
        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env.merge(environment) { $1 }
        process.environment = env
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        let killer = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + limit, execute: killer)
        input.fileHandleForWriting.write(Data(stdin.utf8))
        try input.fileHandleForWriting.close()
        let stdoutData = out.fileHandleForReading.readDataToEndOfFile()
        let stderrData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        killer.cancel()
        let result = CLI.Result(status: process.terminationStatus, stdout: String(decoding: stdoutData, as: UTF8.self), stderr: String(decoding: stderrData, as: UTF8.self))
        return (result, Date().timeIntervalSince(start))
    }

    private func restartSandbox(_ configuration: SandboxConfiguration) async throws {
        await sandbox.stop()
        sandbox = try await SandboxServer.start(configuration)
    }

    func testA504AfterTheAppendLandedWritesTheNoteOnceAndSaysSo() async throws {
        try await restartSandbox(SandboxConfiguration(faults: [SandboxFault(.gatewayTimeoutAfterCommit, on: .append, times: 1)]))
        let page = try await createPage()
        let (result, _) = try Self.runBounded(["append", "--page", page, "--once", "deploy-1"], stdin: "Deployed.\n", environment: environment)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains("504 on PATCH /pages/\(page)/append_markdown"), result.stderr)
        let stored = try await body(page)
        XCTAssertEqual(stored.components(separatedBy: "note key: deploy-1").count - 1, 1)
    }

    func testAColleagueEditDuringALostAnswerExits1() async throws {
        let fault = SandboxFault(.resetAfterCommit(colleague: .replace("Rewritten by a colleague.")), on: .append, times: 1)
        try await restartSandbox(SandboxConfiguration(faults: [fault]))
        let page = try await createPage()
        let (result, _) = try Self.runBounded(["append", "--page", page, "--once", "deploy-2"], stdin: "Deployed.\n", environment: environment)
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertTrue(result.stderr.contains("someone else changed the page"), result.stderr)
        XCTAssertEqual(result.stdout, "")
    }

    /// Two `append --once` with the same key started together on one machine: one appends, the other finds the note.
    func testTwoAppendOnceStartedTogetherAppendOnce() async throws {
        try await restartSandbox(SandboxConfiguration(latency: .milliseconds(300)))
        let page = try await createPage()
        let environment = environment
        let results = try await withThrowingTaskGroup(of: CLI.Result.self) { group in
            for _ in 0..<2 {
                group.addTask {
                    // On a Dispatch thread: blocking the few threads of Swift's pool would starve the in-process sandbox.
                    try await withCheckedThrowingContinuation { continuation in
                        DispatchQueue.global().async {
                            continuation.resume(with: Result {
                                try Self.runBounded(["append", "--page", page, "--once", "same-key"], stdin: "Standup.\n", environment: environment).0
                            })
                        }
                    }
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        XCTAssertEqual(results.map(\.status), [0, 0], results.map(\.stderr).joined())
        XCTAssertEqual(results.filter { $0.stdout.contains("already holds the note") }.count, 1, results.map(\.stdout).joined())
        let stored = try await body(page)
        XCTAssertEqual(stored.components(separatedBy: "note key: same-key").count - 1, 1)
    }

    func testAServerThatNeverAnswersEndsWithAMessageNamingTheRequest() async throws {
        try await restartSandbox(SandboxConfiguration(faults: [SandboxFault(.hang, on: .any, times: nil)]))
        let (result, _) = try Self.runBounded(["append", "--page", "1001", "--timeout", "3"], stdin: "x\n", environment: environment, limit: 30)
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertTrue(result.stderr.contains("GET /pages/1001"), result.stderr)
        XCTAssertTrue(result.stderr.contains("--timeout"), result.stderr)
        // Ended by the run's own budget (the watchdog's 30 s would leave no such message).
        XCTAssertTrue(result.stderr.contains("the run's time budget of 3 s ran out"), result.stderr)
    }

    func testConnectionRefusedExits2AfterTwoQuickTries() throws {
        var unreachable = environment
        unreachable["PRODUCTIVE_BASE_URL"] = "http://127.0.0.1:9/api/v2"
        let (result, _) = try Self.runBounded(["append", "--page", "1"], stdin: "x\n", environment: unreachable, limit: 30)
        XCTAssertEqual(result.status, 2, result.stderr)
        XCTAssertTrue(result.stderr.contains("connection refused"), result.stderr)
        XCTAssertTrue(result.stderr.contains("after 2 attempts"), result.stderr)
    }

    func testATokenWithATrailingCRLFWorksAndVerboseNeverShowsIt() async throws {
        let page = try await createPage()
        var withCRLF = environment
        withCRLF["PRODUCTIVE_API_TOKEN"] = SandboxServer.defaultToken + "\r\n"
        let (result, _) = try Self.runBounded(["append", "--page", page, "--verbose"], stdin: "Hello.\n", environment: withCRLF)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains("PATCH /pages/\(page)/append_markdown → 200 in "), result.stderr)
        XCTAssertFalse(result.stderr.contains(SandboxServer.defaultToken))
        var inner = environment
        inner["PRODUCTIVE_API_TOKEN"] = "abc\r\nX-Injected: 1"
        let (refused, _) = try Self.runBounded(["append", "--page", page], stdin: "Hello.\n", environment: inner)
        XCTAssertEqual(refused.status, 2)
        XCTAssertTrue(refused.stderr.contains("PRODUCTIVE_API_TOKEN"))
        XCTAssertFalse(refused.stderr.contains("X-Injected"))
    }

    func testAnAppendAnsweredButNotDoneExits1AndSaysWhichBlock() async throws {
        try await restartSandbox(SandboxConfiguration(faults: [SandboxFault(.noopWrite, on: .append, times: 1)]))
        let page = try await createPage()
        let (result, _) = try Self.runBounded(["append", "--page", page, "--heading", "Standup", "--once", "standup-9"], stdin: "Done.\n", environment: environment)
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertEqual(result.stdout, "")
        XCTAssertTrue(result.stderr.contains("page \(page) answered the append (version 1), but the note did not land as sent: block 1 of the note is missing from the page: - \"## Standup\""), result.stderr)
        // The note is not there, so running it again appends it, and that append verifies clean.
        let (again, _) = try Self.runBounded(["append", "--page", page, "--heading", "Standup", "--once", "standup-9"], stdin: "Done.\n", environment: environment)
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertEqual(again.stdout, "appended to page \(page) as markdown, version 2\n")
        let stored = try await body(page)
        XCTAssertEqual(stored.components(separatedBy: "note key: standup-9").count - 1, 1)
    }
}
