import Foundation
import ProductiveAPI
import ProductiveSandbox
import XCTest

/// Hostile files and streams as the command line meets them (issue 17, incidents 7 and 8): a named
/// pipe, names with control characters, twin names, a YAML alias bomb, a runaway standard input,
/// and standard output on a full device. Each run ends (a watchdog kills it after a generous
/// bound), with a message naming the file and an exit code; nothing is published twice.
final class HostileInputCommandTests: XCTestCase {
    private func folder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cli-hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
        try "# Guide\n\nTop.\n".write(to: folder.appendingPathComponent("README.md"), atomically: true, encoding: .utf8)
        return folder
    }

    private func sandbox() async throws -> [String: String] {
        let sandbox = try await SandboxServer.start(SandboxConfiguration(rateLimits: [.init(count: 100_000, window: .seconds(1))]))
        addTeardownBlock { await sandbox.stop() }
        return ["PRODUCTIVE_BASE_URL": sandbox.baseURL, "PRODUCTIVE_API_TOKEN": SandboxServer.defaultToken, "PRODUCTIVE_ORGANIZATION_ID": "1"]
    }

    /// Runs the binary through `sh` with a memory cap (`ulimit -v`, KiB) and the given stdin and
    /// stdout files; killed after `timeout` seconds.
    private func run(
        _ arguments: [String], memoryKiB: Int? = nil, stdin: String = "/dev/null", stdout: String? = nil,
        environment: [String: String] = [:], timeout: TimeInterval = 120
    ) throws -> CLI.Result {
        let cap = memoryKiB.map { "ulimit -v \($0); " } ?? ""
        let redirect = stdout.map { " >'\($0)'" } ?? ""
        let script = "\(cap)exec \"$0\" \"$@\" <'\(stdin)'\(redirect)"
        return try CLI.runShell(script, arguments: [CLI.binary.path] + arguments, environment: environment, timeout: timeout)
    }

    func testANamedPipeIsAFindingNotAHang() async throws {
        let folder = try folder()
        XCTAssertEqual(mkfifo(folder.appendingPathComponent("x.md").path, 0o644), 0)
        let lint = try run(["lint", folder.path])
        XCTAssertEqual(lint.status, 2, lint.stderr)
        XCTAssertTrue(lint.stderr.contains("x.md: a named pipe, not a regular file"), lint.stderr)
        let environment = try await sandbox()
        for command in ["plan", "publish"] {
            let result = try run([command, folder.path, "--project", "5"], environment: environment)
            XCTAssertEqual(result.status, 1, "\(command): \(result.stdout) \(result.stderr)")
            XCTAssertTrue(result.stderr.contains("x.md") && result.stderr.contains("[PD910]"), result.stderr)
        }
    }

    func testNamesAManifestCannotHoldAreFindingsAndLaterRunsStillWork() async throws {
        let folder = try folder()
        for name in ["tab\there.md", "new\nline.md", "esc\u{1B}[31m.md", "back\\slash.md"] {
            try "# Odd\n\nText.\n".write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        let environment = try await sandbox()
        let first = try run(["publish", folder.path, "--project", "5"], environment: environment)
        XCTAssertEqual(first.status, 1, first.stderr)
        XCTAssertTrue(first.stderr.contains("[PD911]"), first.stderr)
        XCTAssertTrue(first.stderr.contains("tab\\there.md") && first.stderr.contains("esc\\u{1B}[31m.md"), first.stderr)
        XCTAssertFalse(first.stderr.contains("\u{1B}"), "never written raw to the terminal")
        let manifest = try String(contentsOf: folder.appendingPathComponent(".productive-docs.json"), encoding: .utf8)
        XCTAssertFalse(manifest.contains("Odd") || manifest.contains("slash"), manifest)
        let second = try run(["publish", folder.path, "--project", "5"], environment: environment)
        XCTAssertEqual(second.status, 1, "the same findings, not a refused manifest: \(second.stderr)")
        XCTAssertFalse(second.stderr.contains(".productive-docs.json"), "the manifest is not refused: \(second.stderr)")
        XCTAssertTrue(second.stdout.contains("unchanged") || second.stdout.contains("0 writes") || !second.stdout.contains("created"), second.stdout)
    }

    func testTwinNamesAfterUnicodeNormalisationAreAnErrorNamingBoth() async throws {
        let folder = try folder()
        try "# Café one\n\nA.\n".write(to: folder.appendingPathComponent("caf\u{E9}.md"), atomically: true, encoding: .utf8)
        try "# Café two\n\nB.\n".write(to: folder.appendingPathComponent("cafe\u{301}.md"), atomically: true, encoding: .utf8)
        let lint = try run(["lint", folder.path])
        XCTAssertEqual(lint.status, 2, lint.stderr)
        XCTAssertTrue(lint.stderr.contains("same name after Unicode normalisation") && lint.stderr.contains("(NFC)") && lint.stderr.contains("(NFD)"), lint.stderr)
        XCTAssertTrue(lint.stderr.contains("3 files"), "every file checked, none silently dropped: \(lint.stderr)")
        let environment = try await sandbox()
        let publish = try run(["publish", folder.path, "--project", "5"], environment: environment)
        XCTAssertEqual(publish.status, 1, publish.stderr)
        XCTAssertTrue(publish.stderr.contains("[PD911]"), publish.stderr)
        XCTAssertFalse(publish.stdout.contains("Café"), "neither twin is published: \(publish.stdout)")
    }

    func testAYAMLAliasBombIsRefusedInBoundedMemory() throws {
        var yaml = "a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
        for level in 1...9 {
            let previous = "*a\(level - 1)"
            yaml += "a\(level): &a\(level) [\(Array(repeating: previous, count: 9).joined(separator: ","))]\n"
        }
        let file = try CLI.temporaryFile("---\n\(yaml)---\n# Bomb\n\nText.\n", name: "bomb.md")
        let lint = try run(["lint", file], memoryKiB: 3 << 20)
        XCTAssertEqual(lint.status, 1, lint.stderr)
        XCTAssertTrue(lint.stdout.contains("bomb.md:2:1: error: front matter expands to more than 10000 values"), lint.stdout + lint.stderr)
    }

    func testAHundredMegabytesOnStandardInputStopAtTheNoteLimit() throws {
        let big = FileManager.default.temporaryDirectory.appendingPathComponent("big-\(UUID().uuidString).md")
        addTeardownBlock { try? FileManager.default.removeItem(at: big) }
        XCTAssertTrue(FileManager.default.createFile(atPath: big.path, contents: nil))
        let handle = try FileHandle(forWritingTo: big)
        let line = Data(String(repeating: "A line of a runaway note. ", count: 40).appending("\n").utf8)
        var chunk = Data()
        while chunk.count < 1 << 20 { chunk.append(line) }
        for _ in 0..<100 { handle.write(chunk) }
        try handle.close()
        let environment = ["PRODUCTIVE_BASE_URL": "http://127.0.0.1:9/api/v2", "PRODUCTIVE_API_TOKEN": "t", "PRODUCTIVE_ORGANIZATION_ID": "1"]
        let fromStdin = try run(["append", "--page", "1001", "-"], memoryKiB: 3 << 20, stdin: big.path, environment: environment)
        XCTAssertEqual(fromStdin.status, 2, fromStdin.stderr)
        XCTAssertTrue(fromStdin.stderr.contains("<stdin>") && fromStdin.stderr.contains("larger than 4 MB"), fromStdin.stderr)
        let fromFile = try run(["append", "--page", "1001", big.path], memoryKiB: 3 << 20, environment: environment)
        XCTAssertEqual(fromFile.status, 2, fromFile.stderr)
        XCTAssertTrue(fromFile.stderr.contains(big.lastPathComponent) && fromFile.stderr.contains("larger than 4 MB"), fromFile.stderr)
    }

    func testAFullStandardOutputIsExitTwoNotACrash() async throws {
        let rules = try run(["rules", "--markdown"], stdout: "/dev/full")
        XCTAssertEqual(rules.status, 2, rules.stderr)
        XCTAssertTrue(rules.stderr.contains("cannot write to standard output (No space left on device)"), rules.stderr)

        let folder = try folder()
        try "# Install\n\nSteps.\n".write(to: folder.appendingPathComponent("install.md"), atomically: true, encoding: .utf8)
        let environment = try await sandbox()
        let publish = try run(["publish", folder.path, "--project", "5"], stdout: "/dev/full", environment: environment)
        XCTAssertEqual(publish.status, 2, "the report was lost: not success, and no crash (SIGILL is 132): \(publish.stderr)")
        XCTAssertTrue(publish.stderr.contains("cannot write to standard output"), publish.stderr)
        let again = try run(["publish", folder.path, "--project", "5"], environment: environment)
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertFalse(again.stdout.contains("created"), "the first run's pages were recorded: \(again.stdout)")
    }

    /// A full disk without root: a file-size limit (`ulimit -f`, in 512-byte blocks) cuts the journal
    /// (or the manifest) at five sizes, the run dies of it (SIGXFSZ) or fails; the next run, without
    /// the limit, leaves every page exactly once.
    func testAFileSizeLimitCuttingTheJournalNeverMakesAPageTwice() async throws {
        let sandbox = try await SandboxServer.start(SandboxConfiguration(rateLimits: [.init(count: 100_000, window: .seconds(1))]))
        addTeardownBlock { await sandbox.stop() }
        let environment = ["PRODUCTIVE_BASE_URL": sandbox.baseURL, "PRODUCTIVE_API_TOKEN": SandboxServer.defaultToken, "PRODUCTIVE_ORGANIZATION_ID": "1"]
        let client = ProductiveClient(configuration: ProductiveConfiguration(
            token: SandboxServer.defaultToken, organizationID: "1", baseURL: sandbox.baseURL, rateLimits: [RateLimit(count: 100_000, window: .seconds(1))]
        ))
        defer { Task { try? await client.shutdown() } }
        let long = String(repeating: "long title ", count: 40)
        for (level, blocks) in [1, 2, 3, 5, 8].enumerated() {
            let folder = try folder()
            for index in 0..<8 {
                try "# Page \(index) \(long)\n\nBody \(index).\n".write(to: folder.appendingPathComponent("page-\(index).md"), atomically: true, encoding: .utf8)
            }
            let project = "\(300 + level)"
            let cut = try CLI.runShell("ulimit -f \(blocks); exec \"$0\" \"$@\"", arguments: [CLI.binary.path, "publish", folder.path, "--project", project], environment: environment, timeout: 120)
            XCTAssertNotEqual(cut.status, 0, "\(blocks) blocks: the limit was met")
            let again = try CLI.run(["publish", folder.path, "--project", project], environment: environment, timeout: 120)
            XCTAssertEqual(again.status, 0, "\(blocks) blocks: \(again.stdout) \(again.stderr)")
            let titles = try await client.listPages(.init(projectID: project), fields: ["title"]).map(\.title)
            XCTAssertEqual(titles.count, 9, "\(blocks) blocks: every page once: \(titles.count)")
            XCTAssertEqual(Set(titles).count, titles.count)
        }
    }
}
