@testable import DocsSync
import Foundation
import ProductiveAPI
import ProductiveSandbox
import XCTest

/// The manifest read and its pages listed while the folder is scanned (`RemotePrefetch`, issue 22):
/// a run takes that listing in place of its own when its manifest has the same bytes, and reads
/// both again when the manifest changed in between.
final class RemotePrefetchTests: XCTestCase {
    private func publishedFixture() async throws -> PublishFixture {
        let docs = try await PublishFixture()
        try docs.write("index.md", "# Handbook\n\nWelcome.\n")
        try docs.write("install.md", "# Install\n\nRun it.\n")
        try docs.write("guide/usage.md", "# Usage\n\nUse it.\n")
        _ = try await docs.publish()
        return docs
    }

    /// A prefetch of the folder's manifest, returned once its listing has been answered.
    private func finishedPrefetch(_ docs: PublishFixture) async throws -> RemotePrefetch {
        let before = docs.sandbox.requests.reads
        let prefetch = RemotePrefetch(manifestPath: docs.manifestPath, client: docs.client)
        for _ in 0..<500 where docs.sandbox.requests.reads == before { try await Task.sleep(for: .milliseconds(10)) }
        XCTAssertEqual(docs.sandbox.requests.reads, before + 1, "the four pages listed in one request")
        return prefetch
    }

    func testAPlanTakesTheListingMadeWhileTheFolderWasScanned() async throws {
        let docs = try await publishedFixture()
        addTeardownBlock { await docs.close() }
        var before = docs.sandbox.requests.reads
        let alone = try await docs.publisher().plan()
        let readsAlone = docs.sandbox.requests.reads - before

        let prefetch = try await finishedPrefetch(docs)
        before = docs.sandbox.requests.reads
        let plan = try await docs.publisher(prefetch: prefetch).plan()
        XCTAssertEqual(docs.sandbox.requests.reads - before, readsAlone - 1, "the listing is not made again")
        XCTAssertEqual(plan.items.map(\.actions), alone.items.map(\.actions))
        XCTAssertEqual(Set(plan.items.map(\.actions)), [[.unchanged]])

        // Taken once: a second run of the same publisher lists again.
        let publisher = try docs.publisher(prefetch: try await finishedPrefetch(docs))
        _ = try await publisher.plan()
        before = docs.sandbox.requests.reads
        _ = try await publisher.plan()
        XCTAssertEqual(docs.sandbox.requests.reads - before, readsAlone)
    }

    func testAManifestChangedSinceThePrefetchIsReadAndListedAgain() async throws {
        let docs = try await publishedFixture()
        addTeardownBlock { await docs.close() }
        let prefetch = try await finishedPrefetch(docs)
        // Another publish while this run waited for the folder's lock: a page written, the manifest changed.
        try docs.write("install.md", "# Install\n\nRun it twice.\n")
        _ = try await docs.publish()

        let before = docs.sandbox.requests.reads
        let plan = try await docs.publisher(prefetch: prefetch).plan()
        let readsWith = docs.sandbox.requests.reads - before
        XCTAssertEqual(Set(plan.items.map(\.actions)), [[.unchanged]], "the manifest and pages as they are now: \(plan.items.map { ($0.key, $0.actions) })")
        let again = docs.sandbox.requests.reads
        _ = try await docs.publisher().plan()
        XCTAssertEqual(readsWith, docs.sandbox.requests.reads - again, "listed again, as without the prefetch")
    }

    func testAListingThatFailedIsMadeAgainByTheRun() async throws {
        let docs = try await publishedFixture()
        addTeardownBlock { await docs.close() }
        // Nothing listens on port 1: the prefetch's listing fails (connection refused).
        let unreachable = ProductiveClient(configuration: ProductiveConfiguration(
            token: SandboxServer.defaultToken, organizationID: "1", baseURL: "http://127.0.0.1:1/api/v2"
        ), retryBaseDelay: .milliseconds(1))
        addTeardownBlock { try? await unreachable.shutdown() }
        let prefetch = RemotePrefetch(manifestPath: docs.manifestPath, client: unreachable)
        let plan = try await docs.publisher(prefetch: prefetch).plan()
        XCTAssertEqual(Set(plan.items.map(\.actions)), [[.unchanged]], "listed by the run itself: \(plan.items.map { ($0.key, $0.actions) })")
    }

    func testAFolderNeverPublishedListsNothingBeforeItsScan() async throws {
        let docs = try await PublishFixture()
        addTeardownBlock { await docs.close() }
        try docs.write("index.md", "# Handbook\n")
        let before = docs.sandbox.requests.reads
        let prefetch = RemotePrefetch(manifestPath: docs.manifestPath, client: docs.client)
        let report = try await docs.publisher(prefetch: prefetch).publish()
        XCTAssertEqual(report.results.map(\.outcome), [.created])
        XCTAssertGreaterThan(docs.sandbox.requests.reads, before)
    }
}
