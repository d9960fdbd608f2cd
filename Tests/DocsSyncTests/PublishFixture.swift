import DocsSync
import Foundation
import ProductiveAPI
import ProductiveSandbox
import XCTest

/// A docs folder in a temporary directory, a sandbox, and a publisher pointed at both.
final class PublishFixture: @unchecked Sendable {
    let folder: URL
    let sandbox: SandboxServer
    let client: ProductiveClient
    /// A colleague's client: another token of the same organization (person 502; the tool's is 501).
    let colleague: ProductiveClient
    var config = DocsConfig()
    /// Send files with lint errors. On for copies of samples/: they demonstrate the fallbacks,
    /// an error-level one included (legacy-notes.md's `<script>`).
    var allowErrors = false
    /// Create pages beside same-titled pages the manifest does not own (`--allow-duplicate-titles`).
    var allowDuplicateTitles = false
    /// Remove memberships added in Productive (`--prune-sharing`).
    var pruneSharing = false

    /// Sorts after the tool's token, so that the tool stays person 501.
    static let colleagueToken = "zz-colleague-token"

    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// - Parameter parent: where the folder is made (a small tmpfs, for a full disk); the temporary folder by default.
    /// - Parameter directory: the sandbox's people, teams and dynamic groups.
    init(copying source: URL? = nil, faults: [SandboxFault] = [], in parent: URL? = nil, timestampSkew: Duration = .zero, directory: SandboxDirectory = SandboxDirectory()) async throws {
        folder = (parent ?? FileManager.default.temporaryDirectory).appendingPathComponent("docs-\(UUID().uuidString)")
        if let source {
            try FileManager.default.copyItem(at: source, to: folder)
            allowErrors = true
        } else {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        }
        var configuration = SandboxConfiguration(
            credentials: [SandboxServer.defaultToken: "1", Self.colleagueToken: "1"], rateLimits: [.init(count: 100_000, window: .seconds(1))], faults: faults)
        configuration.timestampSkew = timestampSkew
        configuration.directory = directory
        sandbox = try await SandboxServer.start(configuration)
        client = ProductiveClient(configuration: ProductiveConfiguration(
            token: SandboxServer.defaultToken, organizationID: "1", baseURL: sandbox.baseURL,
            rateLimits: [RateLimit(count: 100_000, window: .seconds(1))], uploadURL: sandbox.uploadURL
        ), retryBaseDelay: .milliseconds(5))
        colleague = ProductiveClient(configuration: ProductiveConfiguration(token: Self.colleagueToken, organizationID: "1", baseURL: sandbox.baseURL))
        config.projectID = "42"
    }

    private var closed = false

    /// Stops the client and the sandbox, once.
    func close() async {
        guard !closed else { return }
        closed = true
        try? await client.shutdown()
        try? await colleague.shutdown()
        await sandbox.stop()
        try? FileManager.default.removeItem(at: folder)
    }

    var manifestPath: String { folder.appendingPathComponent(Manifest.defaultFileName).path }

    func write(_ path: String, _ content: String) throws {
        let url = folder.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try content.write(to: url, atomically: true, encoding: .utf8)
    }

    func remove(_ path: String) throws {
        try FileManager.default.removeItem(at: folder.appendingPathComponent(path))
    }

    func publisher(
        onConflict: ConflictPolicy = .skip, prune: Bool = false, allowErrors: Bool? = nil, retarget: Bool = false, lockTimeout: Duration = .seconds(60),
        prefetch: RemotePrefetch? = nil
    ) throws -> Publisher {
        let workspace = try Workspace.scan(folder, config: config, ignoring: [Manifest.defaultFileName])
        var settings = Publisher.Settings(
            config: config, manifestPath: manifestPath, organizationID: "1", onConflict: onConflict, prune: prune,
            allowErrors: allowErrors ?? self.allowErrors, retarget: retarget, lockTimeout: lockTimeout
        )
        settings.allowDuplicateTitles = allowDuplicateTitles
        settings.pruneSharing = pruneSharing
        return Publisher(settings: settings, workspace: workspace, client: client, prefetch: prefetch)
    }

    /// A client that reaches the sandbox through `proxy`, with a run budget so that a client that
    /// never stops fails the test instead of hanging it. Shut it down when done.
    func client(through proxy: HostileProxy, runTimeout: Duration = .seconds(120)) -> ProductiveClient {
        ProductiveClient(configuration: ProductiveConfiguration(
            token: SandboxServer.defaultToken, organizationID: "1", baseURL: proxy.baseURL,
            rateLimits: [RateLimit(count: 100_000, window: .seconds(1))], runTimeout: runTimeout
        ), retryBaseDelay: .milliseconds(5))
    }

    /// A publisher of this folder that talks to Productive with `client`.
    func publisher(client: ProductiveClient, prune: Bool = false) throws -> Publisher {
        let workspace = try Workspace.scan(folder, config: config, ignoring: [Manifest.defaultFileName])
        let settings = Publisher.Settings(config: config, manifestPath: manifestPath, organizationID: "1", prune: prune, allowErrors: allowErrors)
        return Publisher(settings: settings, workspace: workspace, client: client)
    }

    func publish(onConflict: ConflictPolicy = .skip, prune: Bool = false, allowErrors: Bool? = nil) async throws -> PublishReport {
        try await publisher(onConflict: onConflict, prune: prune, allowErrors: allowErrors).publish()
    }

    /// Writes raw text as the manifest.
    func writeManifest(_ text: String) throws {
        try text.write(toFile: manifestPath, atomically: true, encoding: .utf8)
    }

    /// A manifest file's text, or "" when there is none.
    func manifestText() -> String {
        (try? String(contentsOfFile: manifestPath, encoding: .utf8)) ?? ""
    }

    func manifest() throws -> Manifest {
        try Manifest.load(manifestPath)
    }

    /// Every page in the sandbox's project.
    func remotePages() async throws -> [Page] {
        try await client.listPages(.init(projectID: "42"), fields: ["title", "parent_page_id", "root_page_id", "version_number"])
    }
}
