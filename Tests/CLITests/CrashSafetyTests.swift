import Foundation
import ProductiveAPI
import ProductiveSandbox
import TestSupport
import XCTest

/// `publish` killed with SIGKILL at random moments, then run again: no duplicate page, no lost
/// mapping, and the folder lock of each killed run taken over by the next.
final class CrashSafetyTests: XCTestCase {
    /// The kill points are seeded (printed; `PRODUCTIVE_DOCS_TEST_SEED` replays them) and counted in
    /// the sandbox's answers since each run began, not in time, so that a slower machine meets the
    /// same points of the run.
    func testKillNineAtTenRandomPointsThenRunAgain() async throws {
        let sandbox = try await SandboxServer.start(SandboxConfiguration(rateLimits: [.init(count: 100_000, window: .seconds(1))], latency: .milliseconds(15)))
        let client = ProductiveClient(configuration: ProductiveConfiguration(token: SandboxServer.defaultToken, organizationID: "1", baseURL: sandbox.baseURL,
                                                                            rateLimits: [RateLimit(count: 100_000, window: .seconds(1))]))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("crash-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: CLI.packageRoot.appendingPathComponent("samples"), to: folder)
        for section in 0..<4 {
            for page in 0..<10 {
                let url = folder.appendingPathComponent("section-\(section)/page-\(page).md")
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try "# Page \(section).\(page)\n\nSee [the next one](page-\((page + 1) % 10).md).\n".write(to: url, atomically: true, encoding: .utf8)
            }
        }
        let environment = ["PRODUCTIVE_BASE_URL": sandbox.baseURL, "PRODUCTIVE_UPLOAD_URL": sandbox.uploadURL,
                           "PRODUCTIVE_API_TOKEN": SandboxServer.defaultToken, "PRODUCTIVE_ORGANIZATION_ID": "1"]
        var random = ReplaySeed(for: "testKillNineAtTenRandomPointsThenRunAgain")
        var points: [Int] = []
        for _ in 0..<10 {
            let process = Process()
            process.executableURL = CLI.binary
            process.arguments = ["publish", folder.path, "--project", "77", "--allow-errors"]
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            // Killed after this many answers (a publish of the folder takes about 110 requests).
            let point = Int.random(in: 1...120, using: &random)
            points.append(point)
            let before = sandbox.requests.reads + sandbox.requests.writes
            try process.run()
            // A run that ends before its point has nothing left to kill; the poll stops after 60 s in any case.
            for _ in 0..<12_000 where process.isRunning && sandbox.requests.reads + sandbox.requests.writes - before < point {
                try await Task.sleep(for: .milliseconds(5))
            }
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        let replay = "kill points \(points), \(random.replay)"
        let final = try CLI.run(["publish", folder.path, "--project", "77", "--allow-errors"], environment: environment)
        XCTAssertEqual(final.status, 0, replay + "\n" + final.stdout + final.stderr)

        let pages = try await client.listPages(.init(projectID: "77"), fields: ["title", "parent_page_id"])
        XCTAssertEqual(pages.count, 7 + 4 + 40, "every page once: the samples, 4 folders, 40 files; \(replay)")
        let pairs = pages.map { "\($0.parentPageID ?? "-")/\($0.title)" }
        XCTAssertEqual(Set(pairs).count, pairs.count, "no duplicate page under any parent; \(replay)")

        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent(".productive-docs.json"))) as? [String: Any]
        let entries = manifest?["pages"] as? [String: [String: Any]] ?? [:]
        XCTAssertEqual(entries.count, pages.count, "every page is in the manifest; \(replay)")
        XCTAssertEqual(Set(entries.values.compactMap { $0["page_id"] as? String }), Set(pages.map(\.id)), replay)
        XCTAssertTrue((manifest?["pending"] as? [String: Any] ?? [:]).isEmpty, replay)

        let again = try CLI.run(["publish", folder.path, "--project", "77", "--allow-errors"], environment: environment)
        XCTAssertTrue(again.stdout.contains("; 0 writes"), again.stdout)
        try await client.shutdown()
        await sandbox.stop()
        try? FileManager.default.removeItem(at: folder)
    }

    /// Killed after a page's files were uploaded, while its body write hangs: the next run writes
    /// the body with the attachments already made, and uploads nothing again.
    func testKillBetweenUploadAndBodyWriteLeavesNoDuplicateAttachment() async throws {
        let sandbox = try await SandboxServer.start(SandboxConfiguration(
            rateLimits: [.init(count: 100_000, window: .seconds(1))], faults: [SandboxFault(.hang, on: .replace, times: 1)]
        ))
        let client = ProductiveClient(configuration: ProductiveConfiguration(token: SandboxServer.defaultToken, organizationID: "1", baseURL: sandbox.baseURL,
                                                                            rateLimits: [RateLimit(count: 100_000, window: .seconds(1))], uploadURL: sandbox.uploadURL))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("crash-upload-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("img"), withIntermediateDirectories: true)
        try "# Diagrams\n\n![One](img/one.png) and ![Two](img/two.png)\n".write(to: folder.appendingPathComponent("diagrams.md"), atomically: true, encoding: .utf8)
        try Data("first image".utf8).write(to: folder.appendingPathComponent("img/one.png"))
        try Data("second image".utf8).write(to: folder.appendingPathComponent("img/two.png"))
        let environment = ["PRODUCTIVE_BASE_URL": sandbox.baseURL, "PRODUCTIVE_UPLOAD_URL": sandbox.uploadURL,
                           "PRODUCTIVE_API_TOKEN": SandboxServer.defaultToken, "PRODUCTIVE_ORGANIZATION_ID": "1"]
        let journal = folder.appendingPathComponent(".productive-docs.json.journal")

        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = ["publish", folder.path, "--project", "78"]
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Both uploads recorded: the run now waits on the body write, which never answers.
        var recorded = false
        for _ in 0..<600 where !recorded {
            try await Task.sleep(for: .milliseconds(50))
            let text = (try? String(contentsOf: journal, encoding: .utf8)) ?? ""
            // The body's write intent is journaled after both uploads were recorded.
            recorded = text.split(separator: "\n").contains { $0.contains("write_intent") && $0.contains("\"attachments\"") }
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        XCTAssertTrue(recorded, "the uploads were recorded before the kill")

        let final = try CLI.run(["publish", folder.path, "--project", "78"], environment: environment)
        XCTAssertEqual(final.status, 0, final.stdout + final.stderr)
        XCTAssertFalse(final.stdout.contains("upload"), "nothing uploaded again: \(final.stdout)")
        let pages = try await client.listPages(.init(projectID: "78"), fields: ["title"])
        let page = try XCTUnwrap(pages.first { $0.title == "Diagrams" })
        let attachments = try await client.attachments(ofPage: page.id)
        XCTAssertEqual(attachments.map(\.name).sorted(), ["one.png", "two.png"], "one attachment per file")
        let again = try CLI.run(["publish", folder.path, "--project", "78"], environment: environment)
        XCTAssertTrue(again.stdout.contains("; 0 writes"), again.stdout)
        try await client.shutdown()
        await sandbox.stop()
        try? FileManager.default.removeItem(at: folder)
    }
}
