import Foundation
import ProductiveSandbox
import XCTest

/// The safety of `plan` and `publish` as a user meets it: findings in lint's format, exit codes,
/// validated flags and environment, the folder lock, clean output.
final class PublishSafetyCommandTests: XCTestCase {
    private var sandbox: SandboxServer?

    private func start() async throws -> (URL, [String: String]) {
        let sandbox = try await SandboxServer.start(SandboxConfiguration(rateLimits: [.init(count: 100_000, window: .seconds(1))]))
        self.sandbox = sandbox
        addTeardownBlock { await sandbox.stop() }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cli-safety-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
        try "# Guide\n\nTop.\n".write(to: folder.appendingPathComponent("README.md"), atomically: true, encoding: .utf8)
        return (folder, ["PRODUCTIVE_BASE_URL": sandbox.baseURL, "PRODUCTIVE_UPLOAD_URL": sandbox.uploadURL, "PRODUCTIVE_API_TOKEN": SandboxServer.defaultToken, "PRODUCTIVE_ORGANIZATION_ID": "1"])
    }

    func testLintErrorsHoldAFileBackAndExitOne() async throws {
        let (folder, environment) = try await start()
        try "---\ntitle: [unclosed\npublish: false\n---\nSecret draft.\n".write(to: folder.appendingPathComponent("draft.md"), atomically: true, encoding: .utf8)
        try "# Setup\n\nSteps.\n".write(to: folder.appendingPathComponent("setup.md"), atomically: true, encoding: .utf8)

        let plan = try CLI.run(["plan", folder.path, "--project", "5"], environment: environment)
        XCTAssertEqual(plan.status, 1, plan.stdout + plan.stderr)
        XCTAssertTrue(plan.stdout.contains("blocked"), plan.stdout)
        XCTAssertTrue(plan.stderr.contains("\(folder.path)/draft.md:3:"), plan.stderr)
        XCTAssertTrue(plan.stderr.contains("error:") && plan.stderr.contains("[PD012]"), plan.stderr)

        let github = try CLI.run(["plan", folder.path, "--project", "5", "--findings", "github"], environment: environment)
        XCTAssertTrue(github.stderr.contains("::error file="), github.stderr)

        let publish = try CLI.run(["publish", folder.path, "--project", "5"], environment: environment)
        XCTAssertEqual(publish.status, 1, publish.stdout + publish.stderr)
        XCTAssertTrue(publish.stdout.contains("created   setup.md"), publish.stdout)
        XCTAssertTrue(publish.stdout.contains("skipped   draft.md"), publish.stdout)
        XCTAssertTrue(publish.stderr.contains("[PD012]"), publish.stderr)

        try "---\ntitle: [unclosed\n---\n# Notes\n".write(to: folder.appendingPathComponent("draft.md"), atomically: true, encoding: .utf8)
        let allowed = try CLI.run(["publish", folder.path, "--project", "5", "--allow-errors"], environment: environment)
        XCTAssertEqual(allowed.status, 0, allowed.stdout + allowed.stderr)
        XCTAssertTrue(allowed.stdout.contains("created   draft.md"), allowed.stdout)
    }

    func testIdsFromFlagsEnvironmentAndConfigAreValidatedAlike() async throws {
        let (folder, environment) = try await start()
        let flag = try CLI.run(["plan", folder.path, "--project", "12/../admin"], environment: environment)
        XCTAssertEqual(flag.status, 2)
        XCTAssertTrue(flag.stderr.contains("--project"), flag.stderr)
        XCTAssertTrue(flag.stderr.contains("not a page id"), flag.stderr)
        var env = environment
        env["PRODUCTIVE_PROJECT_ID"] = "abc"
        let variable = try CLI.run(["plan", folder.path], environment: env)
        XCTAssertEqual(variable.status, 2)
        XCTAssertTrue(variable.stderr.contains("PRODUCTIVE_PROJECT_ID"), variable.stderr)
        try "project: 5\nconcurrency: 0\n".write(to: folder.appendingPathComponent("productive-docs.yml"), atomically: true, encoding: .utf8)
        let config = try CLI.run(["plan", folder.path], environment: environment)
        XCTAssertEqual(config.status, 2)
        XCTAssertTrue(config.stderr.contains("concurrency"), config.stderr)
        try "project: 5\npage_url_template: https://example.com/page\n".write(to: folder.appendingPathComponent("productive-docs.yml"), atomically: true, encoding: .utf8)
        let template = try CLI.run(["plan", folder.path], environment: environment)
        XCTAssertEqual(template.status, 2)
        XCTAssertTrue(template.stderr.contains("{page_id}"), template.stderr)
    }

    func testTheConfigWrittenByInitLoads() async throws {
        let (folder, environment) = try await start()
        XCTAssertEqual(try CLI.run(["init", folder.path]).status, 0)
        let plan = try CLI.run(["plan", folder.path, "--project", "5"], environment: environment)
        XCTAssertEqual(plan.status, 0, plan.stderr)
        XCTAssertTrue(plan.stdout.contains("1 create"), plan.stdout)
    }

    func testRetargetAndRootPageChecks() async throws {
        let (folder, environment) = try await start()
        XCTAssertEqual(try CLI.run(["publish", folder.path, "--project", "5"], environment: environment).status, 0)
        let other = try CLI.run(["publish", folder.path, "--project", "6"], environment: environment)
        XCTAssertEqual(other.status, 2)
        XCTAssertTrue(other.stderr.contains("--retarget"), other.stderr)
        let missingRoot = try CLI.run(["plan", folder.path, "--root-page", "987654", "--retarget"], environment: environment)
        XCTAssertEqual(missingRoot.status, 2)
        XCTAssertTrue(missingRoot.stderr.contains("987654"), missingRoot.stderr)
        let retargeted = try CLI.run(["publish", folder.path, "--project", "6", "--retarget"], environment: environment)
        XCTAssertEqual(retargeted.status, 0, retargeted.stderr)
    }

    func testASecondPublishOfTheFolderSaysWhoHoldsTheLock() async throws {
        let (folder, environment) = try await start()
        let lockPath = folder.appendingPathComponent(".productive-docs.json.lock").path
        let descriptor = open(lockPath, O_RDWR | O_CREAT, 0o644)
        XCTAssertGreaterThanOrEqual(descriptor, 0)
        XCTAssertEqual(flock(descriptor, LOCK_EX | LOCK_NB), 0)
        _ = "pid 4242 on ci-runner since 2026-11-24T01:00:00Z\n".withCString { write(descriptor, $0, strlen($0)) }
        var env = environment
        env["PRODUCTIVE_DOCS_LOCK_TIMEOUT"] = "0.5"
        let blocked = try CLI.run(["publish", folder.path, "--project", "5"], environment: env)
        XCTAssertEqual(blocked.status, 2)
        XCTAssertTrue(blocked.stderr.contains("another publish of this folder is running (pid 4242 on ci-runner"), blocked.stderr)
        XCTAssertTrue(blocked.stderr.contains("waiting up to 0.5 s for it"), "said while it waits: \(blocked.stderr)")
        XCTAssertEqual(sandbox?.requests.writes, 0)
        for bad in ["abc", "-1"] {
            env["PRODUCTIVE_DOCS_LOCK_TIMEOUT"] = bad
            let refused = try CLI.run(["publish", folder.path, "--project", "5"], environment: env)
            XCTAssertEqual(refused.status, 2, refused.stderr)
            XCTAssertTrue(refused.stderr.contains("PRODUCTIVE_DOCS_LOCK_TIMEOUT=\(bad): not a number of seconds"), refused.stderr)
        }
        env["PRODUCTIVE_DOCS_LOCK_TIMEOUT"] = "0.5"
        close(descriptor)
        let free = try CLI.run(["publish", folder.path, "--project", "5"], environment: env)
        XCTAssertEqual(free.status, 0, free.stderr)
    }

    /// The manifest is read and its pages listed while the folder is scanned: a scan that fails
    /// stops the run with its message, and the client the prefetch holds is shut down, never freed
    /// unshut (AsyncHTTPClient traps on that, as a first cut of the prefetch did).
    func testAScanThatFailsAfterThePrefetchStartedExitsTwoCleanly() async throws {
        let (folder, environment) = try await start()
        try FileManager.default.removeItem(at: folder.appendingPathComponent("README.md"))
        for command in ["plan", "publish"] {
            let failed = try CLI.run([command, folder.path, "--project", "5"], environment: environment)
            XCTAssertEqual(failed.status, 2, failed.stderr)
            XCTAssertTrue(failed.stderr.contains("no Markdown file to publish"), failed.stderr)
            XCTAssertFalse(failed.stderr.contains("Fatal error"), failed.stderr)
        }
    }

    func testControlCharactersInTitlesAreEscaped() async throws {
        let (folder, environment) = try await start()
        try "---\ntitle: \"Evil\\e[2J title\"\n---\nBody.\n".write(to: folder.appendingPathComponent("evil.md"), atomically: true, encoding: .utf8)
        let plan = try CLI.run(["plan", folder.path, "--project", "5"], environment: environment)
        XCTAssertFalse(plan.stdout.contains("\u{1B}"), plan.stdout)
        XCTAssertTrue(plan.stdout.contains("Evil [2J title"), "a control character in a title is sent as a space: \(plan.stdout)")
    }
}
