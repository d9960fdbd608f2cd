import DocsSync
import Foundation
import ProductiveAPI
import ProductiveFormat
import ProductiveSandbox
import XCTest

/// `pull` against the sandbox over HTTP: a published tree pulled into an empty folder publishes
/// with zero writes, and remote edits come into published files without losing local ones.
final class PullTests: XCTestCase {
    private func publishedSamples() async throws -> PublishFixture {
        let docs = try await PublishFixture(copying: PublishFixture.packageRoot.appendingPathComponent("samples"))
        addTeardownBlock { await docs.close() }
        let report = try await docs.publish()
        XCTAssertFalse(report.failed, "\(report.results)")
        return docs
    }

    private func emptyFolder() -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pulled-\(UUID().uuidString)")
        addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
        return folder
    }

    /// A publisher of `folder` with no target flags: the pulled manifest says where the tree is.
    private func publisher(of folder: URL, docs: PublishFixture) throws -> Publisher {
        let config = DocsConfig()
        let workspace = try Workspace.scan(folder, config: config, ignoring: [Manifest.defaultFileName])
        let settings = Publisher.Settings(config: config, manifestPath: folder.appendingPathComponent(Manifest.defaultFileName).path, organizationID: "1", allowErrors: true)
        return Publisher(settings: settings, workspace: workspace, client: docs.client)
    }

    private func read(_ folder: URL, _ path: String) throws -> String {
        try String(contentsOf: folder.appendingPathComponent(path), encoding: .utf8)
    }

    func testPulledSamplesPublishWithZeroWrites() async throws {
        let docs = try await publishedSamples()
        let folder = emptyFolder()
        let puller = Puller(client: docs.client, config: DocsConfig(), organizationID: "1")
        let report = try await puller.pullTree(.project("42"), into: folder, manifestPath: folder.appendingPathComponent(Manifest.defaultFileName).path)
        XCTAssertEqual(report.items.count, 7, report.summary)
        XCTAssertEqual(Set(report.items.map(\.outcome)), [.written])
        XCTAssertEqual(report.notes.filter { $0.contains("does not read back") }, [], "every pulled file reads back as its page")

        // The layout the workspace reads back: folders with index.md, files with the title in front matter.
        let files = Set(report.items.map(\.path))
        XCTAssertEqual(files, ["index.md", "team-handbook/index.md", "team-handbook/onboarding.md", "team-handbook/announcements.md",
                               "team-handbook/legacy-notes.md", "team-handbook/runbooks/index.md", "team-handbook/runbooks/deploy-runbook.md"])
        let announcements = try read(folder, "team-handbook/announcements.md")
        XCTAssertTrue(announcements.hasPrefix("---\ntitle: Announcements\n"), announcements)
        XCTAssertTrue(announcements.contains("> [!"), "banners as GitHub alerts:\n\(announcements)")
        XCTAssertTrue(announcements.contains("<"), "HTML-only content as raw HTML:\n\(announcements)")

        // Publishing the pulled folder right away writes nothing; the plan says unchanged everywhere.
        let writesBefore = docs.sandbox.requests.writes
        let plan = try await publisher(of: folder, docs: docs).plan()
        XCTAssertTrue(plan.isUnchanged, plan.render(.text))
        let published = try await publisher(of: folder, docs: docs).publish()
        XCTAssertEqual(published.writes, 0)
        XCTAssertEqual(published.count(.unchanged), 7)
        XCTAssertEqual(docs.sandbox.requests.writes, writesBefore, "publishing a pulled folder writes nothing")

    }

    func testPulledSubtreeHangsUnderItsParentAndPublishesWithZeroWrites() async throws {
        let docs = try await publishedSamples()
        let manifest = try docs.manifest()
        let handbook = try XCTUnwrap(manifest.pages["handbook/"]?.pageID)
        let top = try XCTUnwrap(manifest.pages["."]?.pageID)
        let folder = emptyFolder()
        let manifestPath = folder.appendingPathComponent(Manifest.defaultFileName).path
        let report = try await Puller(client: docs.client, config: DocsConfig(), organizationID: "1").pullTree(.page(handbook), into: folder, manifestPath: manifestPath)
        XCTAssertEqual(Set(report.items.map(\.path)), ["index.md", "onboarding.md", "announcements.md", "legacy-notes.md", "runbooks/index.md", "runbooks/deploy-runbook.md"])
        let pulled = try Manifest.load(manifestPath)
        XCTAssertEqual(pulled.rootPageID, top, "the tree hangs under the pulled page's parent")
        XCTAssertNil(pulled.projectID)

        let writesBefore = docs.sandbox.requests.writes
        let plan = try await publisher(of: folder, docs: docs).plan()
        XCTAssertTrue(plan.isUnchanged, plan.render(.text))
        let published = try await publisher(of: folder, docs: docs).publish()
        XCTAssertEqual(published.writes, 0)
        XCTAssertEqual(docs.sandbox.requests.writes, writesBefore)
    }

    func testPulledRustBookPublishesWithZeroWritesAndReadsBack() async throws {
        let corpus = PublishFixture.packageRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus/rust-book")
        try XCTSkipUnless(FileManager.default.fileExists(atPath: corpus.path), "../shared is absent")
        let docs = try await PublishFixture(copying: corpus)
        addTeardownBlock { await docs.close() }
        let first = try await docs.publish()
        XCTAssertFalse(first.failed)
        let folder = emptyFolder()
        let report = try await Puller(client: docs.client, config: DocsConfig(), organizationID: "1")
            .pullTree(.project("42"), into: folder, manifestPath: folder.appendingPathComponent(Manifest.defaultFileName).path)
        XCTAssertEqual(report.items.count, 113)
        // Every page reads back as stored: pull reports any that would not, and there must be none.
        let unfaithful = report.notes.filter { $0.contains("does not read back") }
        XCTAssertEqual(unfaithful, [], unfaithful.joined(separator: "\n"))
        let writesBefore = docs.sandbox.requests.writes
        let published = try await publisher(of: folder, docs: docs).publish()
        XCTAssertEqual(published.writes, 0)
        XCTAssertEqual(published.count(.unchanged), 113)
        XCTAssertEqual(docs.sandbox.requests.writes, writesBefore)
    }

    func testPullRefusesAFolderThatIsNotEmptyOrAnotherTree() async throws {
        let docs = try await publishedSamples()
        let puller = Puller(client: docs.client, config: DocsConfig(), organizationID: "1")
        let folder = emptyFolder()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try "# Mine\n".write(to: folder.appendingPathComponent("mine.md"), atomically: true, encoding: .utf8)
        do {
            _ = try await puller.pullTree(.project("42"), into: folder, manifestPath: folder.appendingPathComponent(Manifest.defaultFileName).path)
            XCTFail("pulled into a folder that is not empty")
        } catch let error as ConfigError {
            XCTAssertTrue(error.description.contains("is not empty"), error.description)
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), ["mine.md"], "nothing written")

        // The published folder itself is another tree than one of its subpages.
        let manifest = try docs.manifest()
        let onboarding = try XCTUnwrap(manifest.pages["handbook/onboarding.md"]?.pageID)
        do {
            _ = try await puller.pullTree(.page(onboarding), into: docs.folder, manifestPath: docs.manifestPath)
            XCTFail("pulled another tree over a published folder")
        } catch let error as ConfigError {
            XCTAssertTrue(error.description.contains("not of page \(onboarding)"), error.description)
        }
    }

    func testPullFileUpdatesAnUnchangedFileAndWritesRemoteBesideAChangedOne() async throws {
        let docs = try await publishedSamples()
        let manifest = try docs.manifest()
        let onboarding = try XCTUnwrap(manifest.pages["handbook/onboarding.md"]?.pageID)
        let deploy = try XCTUnwrap(manifest.pages["handbook/runbooks/deploy.md"]?.pageID)
        _ = try await docs.client.write(.appendMarkdown, "Added in Productive by a colleague.", to: onboarding)
        _ = try await docs.client.write(.appendMarkdown, "Also added remotely.", to: deploy)
        let deployBefore = try read(docs.folder, "handbook/runbooks/deploy.md")
        try docs.write("handbook/runbooks/deploy.md", deployBefore + "\nA local edit, not published yet.\n")

        let puller = Puller(client: docs.client, config: docs.config, organizationID: "1")
        let report = try await puller.pullFiles(["handbook/onboarding.md", "handbook/runbooks/deploy.md", "handbook/README.md"], root: docs.folder, manifestPath: docs.manifestPath)
        let outcomes = Dictionary(uniqueKeysWithValues: report.items.map { ($0.path, $0.outcome) })
        XCTAssertEqual(outcomes, ["handbook/onboarding.md": .updated, "handbook/runbooks/deploy.md": .conflict, "handbook/README.md": .unchanged])
        XCTAssertTrue(report.needsAttention)

        let onboardingText = try read(docs.folder, "handbook/onboarding.md")
        XCTAssertTrue(onboardingText.contains("Added in Productive by a colleague."), onboardingText)
        XCTAssertTrue(try read(docs.folder, "handbook/runbooks/deploy.md").contains("A local edit, not published yet."), "the changed file is left alone")
        let remote = try read(docs.folder, "handbook/runbooks/deploy.remote.md")
        XCTAssertTrue(remote.contains("Also added remotely."), remote)
        XCTAssertTrue(remote.contains("publish: false"), "the .remote.md file is never published")

        // The updated file now matches its page: no write for it; the conflict stays a conflict.
        let plan = try await docs.publisher().plan()
        let actions = Dictionary(uniqueKeysWithValues: plan.items.map { ($0.key, $0.actions) })
        XCTAssertEqual(actions["handbook/onboarding.md"], [.unchanged], plan.render(.text))
        XCTAssertEqual(actions["handbook/runbooks/deploy.md"], [.conflict], plan.render(.text))
        XCTAssertNil(actions["handbook/runbooks/deploy.remote.md"], "publish: false")
    }

    // MARK: Merging remote edits into a file

    /// A file that holds much the page cannot: front matter, the title heading, an image it cannot
    /// show, comments, directives, `<details>`, footnotes, hand-wrapped paragraphs, `#anchor`
    /// links, a level-4 heading.
    static let richFile = """
        ---
        title: Field guide
        owner: docs-team
        ---

        # Field guide

        This introduction is wrapped
        by hand over three lines and links to
        [the setup steps](#setup-steps).

        ![Architecture diagram](images/diagram.png)

        <!-- A note for maintainers: keep this section short. -->

        ## Setup steps

        Install the tool first. Then run it
        against the folder.

        <!-- productive-docs-disable-next-line PD001 -->
        #### Fine print

        Some text with a footnote[^1] and <kbd>Ctrl</kbd> keys.

        <details>
        <summary>More</summary>

        Hidden text.

        </details>

        - item one
        - item two

        Last paragraph, wrapped
        by hand.

        [^1]: The footnote text.

        """

    /// Publishes `text` as `guide.md` and returns the fixture and the page id.
    private func publishedRichFile(_ text: String = PullTests.richFile) async throws -> (PublishFixture, String) {
        let docs = try await PublishFixture()
        addTeardownBlock { await docs.close() }
        docs.allowErrors = true
        try docs.write("guide.md", text)
        let report = try await docs.publish()
        XCTAssertFalse(report.failed, "\(report.results)")
        return (docs, try XCTUnwrap(try docs.manifest().pages["guide.md"]?.pageID))
    }

    /// A colleague's edit in Productive: the page's body with `old` replaced by `new`, saved back.
    private func reword(_ old: String, _ new: String, page id: String, docs: PublishFixture) async throws {
        let page = try await docs.client.page(id)
        let html = HTMLWriter().write(try StoredBodyReader.read(page.body).document)
        XCTAssertTrue(html.contains(old), html)
        _ = try await docs.client.write(.replaceWithHTML, html.replacingOccurrences(of: old, with: new), to: id)
    }

    private func pullGuide(_ docs: PublishFixture) async throws -> PullReport {
        try await Puller(client: docs.client, config: docs.config, organizationID: "1").pullFiles(["guide.md"], root: docs.folder, manifestPath: docs.manifestPath)
    }

    func testPullMergesARewordedSentenceAndAnAppendedParagraphKeepingEveryOtherLine() async throws {
        let (docs, id) = try await publishedRichFile()
        try await reword("Install the tool first.", "Install the tool before anything else.", page: id, docs: docs)
        _ = try await docs.client.write(.appendMarkdown, "A paragraph a colleague appended.", to: id)

        let report = try await pullGuide(docs)
        XCTAssertEqual(report.items.map(\.outcome), [.updated], "\(report.items)")
        XCTAssertFalse(report.needsAttention)
        let expected = Self.richFile
            .replacingOccurrences(of: "Install the tool first. Then run it\nagainst the folder.\n", with: "Install the tool before anything else. Then run it against the folder.\n")
            + "\nA paragraph a colleague appended.\n"
        XCTAssertEqual(try read(docs.folder, "guide.md"), expected)

        // Nothing left to bring in or to send.
        let diff = try await Differ(client: docs.client, config: docs.config, organizationID: "1").diff(["guide.md"], root: docs.folder, manifestPath: docs.manifestPath)
        XCTAssertFalse(diff.hasDifferences, diff.diffs.map(\.unified).joined())
        let writesBefore = docs.sandbox.requests.writes
        let published = try await docs.publish()
        XCTAssertEqual(published.writes, 0, "\(published.results)")
        XCTAssertEqual(docs.sandbox.requests.writes, writesBefore)
    }

    func testARemoteChangeToABlockTheFileHoldsMoreOfGetsConflictMarkersAndExitsOne() async throws {
        let (docs, id) = try await publishedRichFile()
        try await reword("Some text with", "Some other text with", page: id, docs: docs)
        try await reword("Last paragraph, wrapped by hand.", "Last paragraph, reworded.", page: id, docs: docs)

        let report = try await pullGuide(docs)
        XCTAssertEqual(report.items.map(\.outcome), [.conflict], "\(report.items)")
        XCTAssertTrue(report.needsAttention)
        let detail = report.items.first?.detail ?? ""
        XCTAssertTrue(detail.contains("guide.md:24:"), detail)
        let text = try read(docs.folder, "guide.md")
        XCTAssertTrue(text.contains("""
            <<<<<<< guide.md (the file)
            Some text with a footnote[^1] and <kbd>Ctrl</kbd> keys.
            =======
            Some other text with a footnote\\[1\\] and Ctrl keys.
            >>>>>>> page \(id) (edited in Productive)
            """), text)
        XCTAssertTrue(text.contains("Last paragraph, reworded.\n"), "the change that could be applied is: \(text)")
        XCTAssertTrue(text.contains("![Architecture diagram](images/diagram.png)"))
        // The conflict stays one until it is resolved: nothing recorded as pulled.
        let plan = try await docs.publisher().plan()
        XCTAssertEqual(plan.items.first { $0.key == "guide.md" }?.actions, [.conflict], plan.render(.text))
    }

    func testALocalEditThatDoesNotChangeThePayloadIsKept() async throws {
        let (docs, id) = try await publishedRichFile()
        let edited = Self.richFile.replacingOccurrences(of: "keep this section short", with: "keep this section very short")
            .replacingOccurrences(of: "#### Fine print", with: "#### Fine print <!-- productive-docs-disable-line PD001 -->")
        try docs.write("guide.md", edited)
        _ = try await docs.client.write(.appendMarkdown, "Appended remotely.", to: id)

        let report = try await pullGuide(docs)
        XCTAssertEqual(report.items.map(\.outcome), [.updated], "\(report.items)")
        XCTAssertEqual(try read(docs.folder, "guide.md"), edited + "\nAppended remotely.\n")
    }

    func testAConflictCopyNeverReplacesAnExistingFile() async throws {
        let docs = try await PublishFixture()
        addTeardownBlock { await docs.close() }
        try docs.write("guide.md", "# Guide\n\nText.\n")
        try docs.write("guide.remote.md", "# Guide, the remote one\n\nA page of its own.\n")
        let first = try await docs.publish()
        XCTAssertFalse(first.failed)
        let id = try XCTUnwrap(try docs.manifest().pages["guide.md"]?.pageID)
        _ = try await docs.client.write(.appendMarkdown, "Remote line.", to: id)
        try docs.write("guide.md", "# Guide\n\nText, edited here.\n")

        let report = try await pullGuide(docs)
        XCTAssertEqual(report.items.map(\.outcome), [.conflict])
        XCTAssertTrue(report.items.first?.detail?.contains("guide.remote-2.md") == true, "\(report.items)")
        XCTAssertEqual(try read(docs.folder, "guide.remote.md"), "# Guide, the remote one\n\nA page of its own.\n", "the published file is untouched")
        let copy = try read(docs.folder, "guide.remote-2.md")
        XCTAssertTrue(copy.contains("Remote line.") && copy.contains("publish: false"), copy)

        // A second pull picks the next free name; the first copy stays.
        _ = try await pullGuide(docs)
        XCTAssertEqual(try read(docs.folder, "guide.remote-2.md"), copy)
        XCTAssertTrue(FileManager.default.fileExists(atPath: docs.folder.appendingPathComponent("guide.remote-3.md").path))
        let plan = try await docs.publisher(prune: true).plan()
        XCTAssertEqual(plan.items.first { $0.key == "guide.remote.md" }?.actions, [.unchanged], plan.render(.text))
    }
}
