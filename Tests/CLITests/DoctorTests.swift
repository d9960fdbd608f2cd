import Foundation
import ProductiveAPI
import ProductiveSandbox
import XCTest

/// `productive-docs doctor` through the built binary, against a real sandbox over loopback: the
/// good case and each failure, one line per check, exit 0 or 2.
final class DoctorTests: XCTestCase {
    private var sandbox: SandboxServer!
    private var folder: URL!

    override func setUp() async throws {
        sandbox = try await SandboxServer.start()
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("pd-doctor-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try "Hello.\n".write(to: folder.appendingPathComponent("guide.md"), atomically: true, encoding: .utf8)
    }

    override func tearDown() async throws {
        await sandbox.stop()
        try? FileManager.default.removeItem(at: folder)
    }

    /// One parsed output line: status, check name, the rest.
    private struct Line {
        let status: String
        let name: String
        let detail: String
    }

    private struct Outcome {
        let status: Int32
        let lines: [Line]
        let stdout: String
        let stderr: String

        func line(_ name: String, file: StaticString = #filePath, lineNumber: UInt = #line) -> Line {
            guard let line = lines.first(where: { $0.name == name }) else {
                XCTFail("no `\(name)` line in:\n\(stdout)", file: file, line: lineNumber)
                return Line(status: "", name: name, detail: "")
            }
            return line
        }
    }

    /// The sandbox's API and file store (`uploadURL` nil: `PRODUCTIVE_UPLOAD_URL` left unset).
    private func environment(token: String = SandboxServer.defaultToken, organization: String = "1", baseURL: String? = nil, uploadURL: String?? = .some(nil)) -> [String: String] {
        var variables = [
            "PRODUCTIVE_BASE_URL": baseURL ?? sandbox.baseURL, "PRODUCTIVE_API_TOKEN": token,
            "PRODUCTIVE_ORGANIZATION_ID": organization, "PRODUCTIVE_PROJECT_ID": "", "PRODUCTIVE_ROOT_PAGE_ID": "",
            "NO_COLOR": "1",
        ]
        // Never the real file store: the suite talks to loopback only.
        switch uploadURL {
        case .some(.some(let url)): variables["PRODUCTIVE_UPLOAD_URL"] = url
        case .some(.none): variables["PRODUCTIVE_UPLOAD_URL"] = sandbox.uploadURL
        case .none: variables["PRODUCTIVE_UPLOAD_URL"] = ""
        }
        return variables
    }

    private func doctor(_ arguments: [String] = ["--project", "1"], environment: [String: String]) throws -> Outcome {
        let result = try CLI.run(["doctor", folder.path, "--timeout", "5"] + arguments, environment: environment)
        let lines = result.stdout.split(separator: "\n").map { raw in
            let text = String(raw)
            let status = String(text.prefix(6)).trimmingCharacters(in: .whitespaces)
            let name = String(text.dropFirst(6).prefix(14)).trimmingCharacters(in: .whitespaces)
            return Line(status: status, name: name, detail: String(text.dropFirst(20)))
        }
        return Outcome(status: result.status, lines: lines, stdout: result.stdout, stderr: result.stderr)
    }

    private static let order = ["environment", "base URL", "token", "organization", "target", "rate headroom", "upload URL", "manifest", "config", "files"]

    func testAllGoodExitsZeroWithOneLinePerCheckInOrder() throws {
        let outcome = try doctor(environment: environment())
        XCTAssertEqual(outcome.status, 0, outcome.stdout + outcome.stderr)
        XCTAssertEqual(outcome.lines.map(\.name), Self.order)
        XCTAssertEqual(outcome.lines.filter { $0.status == "FAIL" }.count, 0)
        XCTAssertEqual(outcome.line("target").status, "ok")
        XCTAssertTrue(outcome.line("target").detail.contains("project 1 \"Sandbox project 1\" exists"), outcome.stdout)
        XCTAssertTrue(outcome.line("base URL").detail.contains("plain HTTP, loopback only"))
        XCTAssertEqual(outcome.line("rate headroom").status, "info", "the sandbox sends no rate headers with a 200")
        XCTAssertTrue(outcome.line("manifest").detail.contains("not there yet"))
        XCTAssertEqual(outcome.line("files").detail, "1 file: 0 errors, 0 warnings, 0 infos")
        XCTAssertEqual(outcome.stderr, "doctor: all good\n")
        XCTAssertFalse(outcome.stdout.contains(SandboxServer.defaultToken), "the token never appears")
        XCTAssertEqual(sandbox.requests.writes, 0, "doctor never writes")
        XCTAssertEqual(sandbox.requests.reads, 2)
    }

    /// `--probe-sharing`: the one check that writes, on a scratch doc it deletes.
    func testProbeSharingTellsWhetherSubpagesInheritAndLeavesNoPage() throws {
        let outcome = try doctor(["--project", "1", "--probe-sharing"], environment: environment())
        XCTAssertEqual(outcome.status, 0, outcome.stdout + outcome.stderr)
        XCTAssertEqual(outcome.lines.last?.name, "sharing")
        XCTAssertEqual(outcome.line("sharing").status, "ok")
        XCTAssertTrue(outcome.line("sharing").detail.contains("subpages inherit"), outcome.stdout)
        XCTAssertGreaterThan(sandbox.requests.writes, 0)
    }

    /// Issue 23: `--probe-order` asks, on a scratch page it deletes after, whether a move under a
    /// page's own parent puts it last (the sandbox does, as `MoveToEnd` assumes).
    func testProbeOrderAsksOnAScratchPageAndLeavesNothingBehind() async throws {
        let outcome = try doctor(["--project", "1", "--probe-order"], environment: environment())
        XCTAssertEqual(outcome.status, 0, outcome.stdout + outcome.stderr)
        XCTAssertEqual(outcome.lines.map(\.name), Array(Self.order.prefix(7)) + ["order probe"] + Self.order.suffix(3))
        let probe = outcome.line("order probe")
        XCTAssertEqual(probe.status, "ok", outcome.stdout)
        XCTAssertEqual(probe.detail, "a move under the page's own parent puts it last: reorders work")
        XCTAssertEqual(sandbox.requests.writes, 6, "four creates, one move, one delete")
        let client = ProductiveClient(configuration: ProductiveConfiguration(token: SandboxServer.defaultToken, organizationID: "1", baseURL: sandbox.baseURL))
        let left = try await client.listPages(.init(projectID: "1"), fields: ["title"])
        try await client.shutdown()
        XCTAssertEqual(left.map(\.title), [], "the scratch page and its children are deleted")
        let plain = try doctor(environment: environment())
        XCTAssertFalse(plain.lines.contains { $0.name == "order probe" }, "without the flag doctor never writes")
    }

    /// With the target only in the manifest (no flag, variable or config), both probes use the
    /// target the `target` check read, as publish does, instead of skipping.
    func testProbesUseTheManifestsTargetWhenNoFlagNamesOne() throws {
        let published = try CLI.run(["publish", folder.path, "--project", "1"], environment: environment())
        XCTAssertEqual(published.status, 0, published.stdout + published.stderr)
        let writes = sandbox.requests.writes
        let outcome = try doctor(["--probe-order", "--probe-sharing"], environment: environment())
        XCTAssertEqual(outcome.status, 0, outcome.stdout + outcome.stderr)
        XCTAssertTrue(outcome.line("target").detail.hasPrefix("project 1 "), outcome.stdout)
        XCTAssertEqual(outcome.line("order probe").status, "ok", outcome.stdout)
        XCTAssertEqual(outcome.line("sharing").status, "ok", outcome.stdout)
        XCTAssertFalse(outcome.stdout.contains("needs a project or root page"), outcome.stdout)
        XCTAssertGreaterThan(sandbox.requests.writes, writes, "the probes ran")
    }

    /// Issue 19: the file store attachments go to is shown, whether it is the default or set.
    func testTheUploadURLInUseIsShown() async throws {
        // Unset means Productive's bucket: with the API unreachable, doctor never asks it.
        let closed = try await SandboxServer.start()
        let refused = closed.baseURL
        await closed.stop()
        let unset = try doctor(environment: environment(baseURL: refused, uploadURL: .none))
        XCTAssertTrue(unset.line("environment").detail.contains("PRODUCTIVE_UPLOAD_URL unset, so \(ProductiveConfiguration.defaultUploadURL)"), unset.stdout)
        XCTAssertEqual(unset.line("upload URL").status, "skip", unset.stdout)
        let shown = try doctor(environment: environment())
        XCTAssertTrue(shown.line("environment").detail.contains("PRODUCTIVE_UPLOAD_URL \(sandbox.uploadURL)"), shown.stdout)
    }

    /// Issue 20: the file store answers a HEAD, here with a 4xx as an S3 bucket does to an
    /// anonymous one: reachable, and without the token.
    func testTheUploadURLIsReachedAndA4xxCountsAsReachable() throws {
        let before = sandbox.requests.reads
        let outcome = try doctor(environment: environment())
        XCTAssertEqual(outcome.status, 0, outcome.stdout + outcome.stderr)
        let line = outcome.line("upload URL")
        XCTAssertEqual(line.status, "ok", outcome.stdout)
        XCTAssertTrue(line.detail.hasPrefix("\(sandbox.uploadURL) answered HTTP 4"), line.detail)
        XCTAssertTrue(line.detail.contains("refuses an anonymous HEAD: reachable"), line.detail)
        XCTAssertEqual(sandbox.requests.reads - before, 2, "the HEAD goes to the file store, not the API")
    }

    /// Issue 20: a file store nobody answers at fails doctor with exit 2, naming the URL and why.
    func testAnUnreachableUploadURLFailsWithExitTwo() async throws {
        let closed = try await SandboxServer.start()
        let refused = closed.uploadURL
        await closed.stop()
        let outcome = try doctor(environment: environment(uploadURL: refused))
        XCTAssertEqual(outcome.status, 2, outcome.stdout + outcome.stderr)
        let line = outcome.line("upload URL")
        XCTAssertEqual(line.status, "FAIL", outcome.stdout)
        XCTAssertTrue(line.detail.contains("\(refused) unreachable: connection refused"), line.detail)
        XCTAssertTrue(line.detail.contains("hint: check PRODUCTIVE_UPLOAD_URL"), line.detail)
        XCTAssertEqual(outcome.line("base URL").status, "ok")
        XCTAssertEqual(outcome.stderr, "doctor: 1 of 10 checks failed\n")
    }

    func testMissingEnvironmentVariables() throws {
        let outcome = try doctor(environment: environment(token: "", organization: ""))
        XCTAssertEqual(outcome.status, 2)
        XCTAssertEqual(outcome.lines.map(\.name), Self.order)
        let line = outcome.line("environment")
        XCTAssertEqual(line.status, "FAIL")
        XCTAssertTrue(line.detail.contains("PRODUCTIVE_API_TOKEN and PRODUCTIVE_ORGANIZATION_ID not set"), line.detail)
        XCTAssertTrue(line.detail.contains("hint: "))
        XCTAssertEqual(outcome.line("token").status, "skip")
        XCTAssertEqual(sandbox.requests.reads, 0)
    }

    func testBadToken() throws {
        let outcome = try doctor(environment: environment(token: "wrong-token-123"))
        XCTAssertEqual(outcome.status, 2)
        XCTAssertEqual(outcome.line("base URL").status, "ok")
        XCTAssertEqual(outcome.line("token").status, "FAIL")
        XCTAssertTrue(outcome.line("token").detail.contains("HTTP 401"))
        XCTAssertTrue(outcome.line("token").detail.contains("Settings → API integrations"))
        XCTAssertEqual(outcome.line("target").status, "skip")
        XCTAssertFalse(outcome.stdout.contains("wrong-token-123") || outcome.stderr.contains("wrong-token-123"))
        XCTAssertEqual(outcome.stderr, "doctor: 1 of 10 checks failed\n")
    }

    func testWrongOrganization() throws {
        let outcome = try doctor(environment: environment(organization: "2"))
        XCTAssertEqual(outcome.status, 2)
        XCTAssertEqual(outcome.line("token").status, "ok")
        XCTAssertEqual(outcome.line("organization").status, "FAIL")
        XCTAssertTrue(outcome.line("organization").detail.contains("HTTP 403"))
        XCTAssertEqual(outcome.line("target").status, "skip")
    }

    func testOrganizationThatIsNotANumber() throws {
        let outcome = try doctor(environment: environment(organization: "acme"))
        XCTAssertEqual(outcome.status, 2)
        XCTAssertEqual(outcome.line("environment").status, "FAIL")
        XCTAssertTrue(outcome.line("environment").detail.contains("not a number"))
    }

    func testUnreachableBaseURL() async throws {
        let closed = try await SandboxServer.start()
        let url = closed.baseURL
        await closed.stop()
        let outcome = try doctor(environment: environment(baseURL: url))
        XCTAssertEqual(outcome.status, 2)
        XCTAssertEqual(outcome.line("base URL").status, "FAIL")
        XCTAssertTrue(outcome.line("base URL").detail.contains("unreachable"), outcome.stdout)
        for name in ["token", "organization", "target", "rate headroom", "upload URL"] {
            XCTAssertEqual(outcome.line(name).status, "skip", name)
        }
        XCTAssertEqual(outcome.line("config").status, "ok", "the local checks still run")
    }

    func testPlainHTTPIsRefusedOffLoopback() throws {
        let outcome = try doctor(environment: environment(baseURL: "http://productive.example/api/v2"))
        XCTAssertEqual(outcome.status, 2)
        XCTAssertEqual(outcome.line("base URL").status, "FAIL")
        XCTAssertTrue(outcome.line("base URL").detail.contains("refusing plain HTTP"), outcome.stdout)
    }

    func testBaseURLThatIsNotThePagesAPI() throws {
        let wrong = sandbox.baseURL.replacingOccurrences(of: "/api/v2", with: "/api/v9")
        let outcome = try doctor(environment: environment(baseURL: wrong))
        XCTAssertEqual(outcome.status, 2)
        XCTAssertEqual(outcome.line("base URL").status, "FAIL")
        XCTAssertTrue(outcome.line("base URL").detail.contains("HTTP 404"))
        XCTAssertTrue(outcome.line("base URL").detail.contains("ending in /api/v2"))
    }

    func testMissingProject() throws {
        let outcome = try doctor(["--project", "999"], environment: environment())
        XCTAssertEqual(outcome.status, 2)
        XCTAssertEqual(outcome.line("organization").status, "ok")
        XCTAssertEqual(outcome.line("target").status, "FAIL")
        XCTAssertTrue(outcome.line("target").detail.contains("project 999 not found in organization 1"), outcome.stdout)
    }

    func testProjectThatHoldsPagesAndAnExistingRootPage() async throws {
        let client = ProductiveClient(configuration: ProductiveConfiguration(token: SandboxServer.defaultToken, organizationID: "1", baseURL: sandbox.baseURL))
        let page = try await client.createPage(title: "Handbook", markdown: "Hello.", in: .project("7"))
        try await client.shutdown()
        let project = try doctor(["--project", "7"], environment: environment())
        XCTAssertEqual(project.status, 0, project.stdout)
        let root = try doctor(["--root-page", page.id], environment: environment())
        XCTAssertEqual(root.status, 0, root.stdout)
        XCTAssertTrue(root.line("target").detail.contains("root page \(page.id) \"Handbook\" exists"), root.stdout)
    }

    func testMissingRootPage() throws {
        let outcome = try doctor(["--root-page", "4242"], environment: environment())
        XCTAssertEqual(outcome.status, 2)
        XCTAssertEqual(outcome.line("target").status, "FAIL")
        XCTAssertTrue(outcome.line("target").detail.contains("root page 4242 not found"), outcome.stdout)
    }

    func testNoTargetFailsWithExitTwo() throws {
        let outcome = try doctor([], environment: environment())
        XCTAssertEqual(outcome.status, 2, outcome.stdout)
        XCTAssertEqual(outcome.line("target").status, "FAIL")
        XCTAssertTrue(outcome.line("target").detail.contains("no project or root page set (hint: publish needs one"), outcome.stdout)
    }

    func testAFolderWithoutMarkdownFails() throws {
        try FileManager.default.removeItem(at: folder.appendingPathComponent("guide.md"))
        let outcome = try doctor(environment: environment())
        XCTAssertEqual(outcome.status, 2, outcome.stdout)
        XCTAssertEqual(outcome.line("files").status, "FAIL")
    }

    func testTheManifestsTargetIsATarget() throws {
        try #"{"pages": {}, "pending": {}, "project_id": "1", "version": 1}"#.write(to: folder.appendingPathComponent(".productive-docs.json"), atomically: true, encoding: .utf8)
        let outcome = try doctor([], environment: environment())
        XCTAssertEqual(outcome.line("target").status, "ok", outcome.stdout)
    }

    func testTheFilesAreLintedWithCountsAndTheFirstErrors() throws {
        try "# Bad\n\n<script>x()</script>\n\nPress <kbd>K</kbd>.\n".write(to: folder.appendingPathComponent("bad.md"), atomically: true, encoding: .utf8)
        let outcome = try doctor(environment: environment())
        XCTAssertEqual(outcome.status, 0, "lint errors are the documents', not the setup's: \(outcome.stdout)")
        let files = outcome.line("files")
        XCTAssertEqual(files.status, "info")
        XCTAssertTrue(files.detail.hasPrefix("2 files: 1 error, 1 warning, "), files.detail)
        XCTAssertTrue(files.detail.contains("publish holds files with errors back, first: bad.md:3:1: "), files.detail)
        XCTAssertTrue(files.detail.contains("[PD006]"), files.detail)
    }

    func testBrokenManifest() throws {
        try "{ this is not json".write(to: folder.appendingPathComponent(".productive-docs.json"), atomically: true, encoding: .utf8)
        let outcome = try doctor(environment: environment())
        XCTAssertEqual(outcome.status, 2)
        XCTAssertEqual(outcome.line("target").status, "ok")
        XCTAssertEqual(outcome.line("manifest").status, "FAIL")
        XCTAssertTrue(outcome.line("manifest").detail.contains("not valid JSON"), outcome.stdout)
        XCTAssertTrue(outcome.line("manifest").detail.contains("restore it from git"))
        XCTAssertTrue(outcome.line("manifest").detail.contains("git checkout --"))
    }

    func testBrokenConfig() throws {
        try "project: 1\nfromat: html\n".write(to: folder.appendingPathComponent("productive-docs.yml"), atomically: true, encoding: .utf8)
        let outcome = try doctor([], environment: environment())
        XCTAssertEqual(outcome.status, 2)
        XCTAssertEqual(outcome.line("config").status, "FAIL")
        XCTAssertTrue(outcome.line("config").detail.contains("unknown setting `fromat`"), outcome.stdout)
        XCTAssertEqual(outcome.line("target").status, "skip", "the target comes from the config")
    }

    func testRateLimitedNow() async throws {
        let limited = try await SandboxServer.start(SandboxConfiguration(rateLimits: [RateLimit(count: 1, window: .seconds(60))]))
        let outcome = try doctor(environment: environment(baseURL: limited.baseURL))
        XCTAssertEqual(outcome.status, 2)
        XCTAssertEqual(outcome.line("organization").status, "ok", "the first request is admitted")
        XCTAssertEqual(outcome.line("target").status, "skip")
        let rate = outcome.line("rate headroom")
        XCTAssertEqual(rate.status, "FAIL")
        XCTAssertTrue(rate.detail.contains("rate limited now, the window resets in"), rate.detail)
        await limited.stop()
    }
}
