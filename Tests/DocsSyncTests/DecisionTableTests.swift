@testable import DocsSync
import Foundation
import ProductiveAPI
import XCTest

/// The decision table, without a server: each row is a file, its manifest entry, the page as it was
/// fetched and the facts fetched with it, and what `Decision` makes of them (the actions, the
/// operations the executor runs, and what publish will report).
final class DecisionTableTests: XCTestCase {
    private var folder: URL!
    private var workspace: Workspace!
    private var renderer: PageRenderer!
    private let ids = [".": "10", "guide.md": "11"]

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("decision-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try "# Handbook\n\nStart here.\n".write(to: folder.appendingPathComponent("README.md"), atomically: true, encoding: .utf8)
        try "# Guide\n\nRead this.\n".write(to: folder.appendingPathComponent("guide.md"), atomically: true, encoding: .utf8)
        var config = DocsConfig()
        config.projectID = "5"
        workspace = try Workspace.scan(folder, config: config)
        renderer = PageRenderer(workspace: workspace, config: config, organizationID: "1")
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    /// One row: what differs from a page last written by this tool (entry and page agree with the file).
    private struct Row {
        var name: String
        var policy: ConflictPolicy = .skip
        var fileChanged = false
        /// The page's version when fetched (the entry records 3).
        var version = 3
        var entryTitle = "Guide"
        var remoteTitle = "Guide"
        var entryParent = "10"
        var remoteParent = "10"
        var notes: [String]?
        var updater: String?
        var tokenOwner: String?
        var actions: [PlanAction]
        var operations: [PlanOperation]
        var outcome: PageResult.Outcome
        var detail: String?
    }

    private func decide(_ row: Row) throws -> PlanItem {
        let page = try XCTUnwrap(workspace.page("guide.md"))
        let rendered = renderer.render(page, ids: ids)
        let entry = Manifest.Entry(
            pageID: "11", parentID: row.entryParent, title: row.entryTitle, hash: row.fileChanged ? "an older payload" : rendered.hash,
            format: rendered.format, versionNumber: 3
        )
        var current = Page(id: "11", title: row.remoteTitle, parentPageID: row.remoteParent, versionNumber: row.version)
        current.updaterID = row.updater
        var facts = RemoteFacts(pages: ["11": current])
        facts.notes = row.notes.map { ["11": $0] } ?? [:]
        facts.tokenOwnerID = row.tokenOwner
        let decision = Decision(onConflict: row.policy, prune: false, rootPageID: nil)
        var item = decision.decide(page, entry: entry, current: current, ids: ids, rendered: rendered, facts: facts)
        item.outcome = decision.outcome(of: item)
        item.operations = decision.operations(of: item, page: page, adopted: nil, links: LinkTargets(ids: ids))
        return item
    }

    func testTheDecisionTable() throws {
        let conflict = "conflict: edited in Productive: version 4, last written 3; use --on-conflict overwrite (or --force) to replace it"
        let rows = [
            Row(name: "nothing changed", actions: [.unchanged], operations: [], outcome: .unchanged),
            Row(name: "the file changed", fileChanged: true, actions: [.update], operations: [.replaceBody(expecting: 3)], outcome: .updated),
            Row(name: "the page was edited", version: 4, actions: [.drift], operations: [], outcome: .unchanged,
                detail: "edited in Productive: version 4, last written 3"),
            Row(name: "both changed, skip", fileChanged: true, version: 4, actions: [.conflict],
                operations: [.skip(reason: conflict, outcome: .skipped)], outcome: .skipped),
            Row(name: "both changed, fail", policy: .fail, fileChanged: true, version: 4, actions: [.conflict],
                operations: [.skip(reason: conflict, outcome: .failed)], outcome: .failed),
            Row(name: "both changed, overwrite", policy: .overwrite, fileChanged: true, version: 4, actions: [.conflict],
                operations: [.replaceBody(expecting: 4)], outcome: .updated),
            Row(name: "renamed in the file", entryTitle: "Old", remoteTitle: "Old", actions: [.rename], operations: [.rename(to: "Guide")], outcome: .updated),
            Row(name: "renamed in Productive", remoteTitle: "Theirs", actions: [.drift], operations: [], outcome: .unchanged,
                detail: "renamed in Productive to \"Theirs\": kept (--force puts it back)"),
            Row(name: "renamed in Productive, overwrite", policy: .overwrite, remoteTitle: "Theirs", actions: [.conflict, .rename],
                operations: [.replaceBody(expecting: 3), .rename(to: "Guide")], outcome: .updated, detail: "renamed in Productive to \"Theirs\""),
            Row(name: "renamed in both", entryTitle: "Old", remoteTitle: "Theirs", actions: [.conflict, .rename],
                operations: [.skip(reason: "conflict: renamed in Productive to \"Theirs\" and in the file to \"Guide\"; use --on-conflict overwrite (or --force) to replace it", outcome: .skipped)],
                outcome: .skipped),
            Row(name: "moved in the file", entryParent: "9", remoteParent: "9", actions: [.move], operations: [.move(under: ".")], outcome: .updated),
            Row(name: "moved in Productive", remoteParent: "12", actions: [.drift], operations: [], outcome: .unchanged,
                detail: "moved in Productive under page 12: kept (--force puts it back)"),
            Row(name: "edited, with appended notes", policy: .overwrite, fileChanged: true, version: 4, notes: ["standup"], actions: [.conflict],
                operations: [.replaceBody(expecting: 4)], outcome: .updated,
                detail: "edited in Productive: version 4, last written 3; it holds notes added by append (standup) that publishing would erase: --force replaces the page, notes included"),
            Row(name: "edited by a colleague", version: 4, updater: "7", tokenOwner: "8", actions: [.drift], operations: [], outcome: .unchanged,
                detail: "edited in Productive by person 7: version 4, last written 3"),
            Row(name: "edited with this tool's token", version: 4, updater: "8", tokenOwner: "8", actions: [.drift], operations: [], outcome: .unchanged,
                detail: "edited in Productive by this tool's token (person 8: an earlier publish whose manifest was not kept, another clone, a note `append` added, or the token's owner editing in Productive): version 4, last written 3"),
        ]
        for row in rows {
            let item = try decide(row)
            XCTAssertEqual(item.actions, row.actions, row.name)
            XCTAssertEqual(item.operations, row.operations, row.name)
            XCTAssertEqual(item.outcome, row.outcome, row.name)
            if let detail = row.detail { XCTAssertEqual(item.detail, detail, row.name) }
        }
    }

    func testOrphansArePrunedOnlyWhenAskedAndNeverAtTheTop() {
        let orphan = PlanItem(key: "old.md", title: "Old", pageID: "20", actions: [.orphan])
        let top = PlanItem(key: ".", title: "Handbook", pageID: "10", actions: [.orphan])
        let links = LinkTargets(ids: ids)
        let keep = Decision(onConflict: .skip, prune: false, rootPageID: nil)
        let prune = Decision(onConflict: .skip, prune: true, rootPageID: nil)
        XCTAssertEqual(keep.operations(of: orphan, page: nil, adopted: nil, links: links),
                       [.skip(reason: "orphan: the file is gone; --prune deletes the page", outcome: .skipped)])
        XCTAssertEqual(prune.operations(of: orphan, page: nil, adopted: nil, links: links), [.delete(pageID: "20")])
        XCTAssertEqual(prune.operations(of: top, page: nil, adopted: nil, links: links), [.skip(reason: "the tree's top page is never pruned", outcome: .skipped)])
        XCTAssertEqual(prune.outcome(of: orphan), .deleted)
        XCTAssertEqual(keep.outcome(of: orphan), .skipped)
    }

    func testAnAdoptedPageIsRenamedAndMovedToWhereItsFileIs() throws {
        let page = try XCTUnwrap(workspace.page("guide.md"))
        var item = PlanItem(key: "guide.md", title: "Guide", pageID: "30", actions: [.adopt], expectedVersion: 2)
        item.uploads = [PlannedUpload(path: "img/a.png", size: 3, hash: "abc")]
        let adopted = Page(id: "30", title: "Someone's guide", parentPageID: "99", versionNumber: 2)
        let operations = Decision(onConflict: .skip, prune: false, rootPageID: nil).operations(of: item, page: page, adopted: adopted, links: LinkTargets(ids: ids))
        XCTAssertEqual(operations, [
            .adopt(pageID: "30"), .upload(PlannedUpload(path: "img/a.png", size: 3, hash: "abc")), .replaceBody(expecting: 2),
            .rename(to: "Guide"), .move(under: "."),
        ])
        let inPlace = Page(id: "30", title: "Guide", parentPageID: "10", versionNumber: 2)
        XCTAssertEqual(Decision(onConflict: .skip, prune: false, rootPageID: nil).operations(of: item, page: page, adopted: inPlace, links: LinkTargets(ids: ids)),
                       [.adopt(pageID: "30"), .upload(PlannedUpload(path: "img/a.png", size: 3, hash: "abc")), .replaceBody(expecting: 2)])
    }

    func testANewPageIsCreatedUnderItsParentThenGetsItsFinalBody() throws {
        let page = try XCTUnwrap(workspace.page("guide.md"))
        let item = PlanItem(key: "guide.md", title: "Guide", pageID: nil, actions: [.create])
        let decision = Decision(onConflict: .skip, prune: false, rootPageID: nil)
        XCTAssertEqual(decision.operations(of: item, page: page, adopted: nil, links: LinkTargets(ids: ids)), [.create(under: "."), .replaceBody(expecting: nil)])
        XCTAssertEqual(decision.outcome(of: item), .created)
    }

    // MARK: The order of siblings

    /// Five children wanted A...E; `remote` and `recorded` give where each is now (nil: unknown).
    private func siblings(remote: [String]?, recorded: [String]?, wanted: [String] = ["a", "b", "c", "d", "e"], created: Set<String> = [], movedIn: Set<String> = []) -> SiblingFacts {
        var placed: [String: SiblingFacts.Placed] = [:]
        for key in wanted where !created.contains(key) && !movedIn.contains(key) {
            placed[key] = .init(remote: remote.flatMap { $0.firstIndex(of: key).map { $0 + 1 } }, recorded: recorded.flatMap { $0.firstIndex(of: key).map { $0 + 1 } })
        }
        return SiblingFacts(wanted: wanted, placed: placed, created: created, movedIn: movedIn)
    }

    func testTheOrderDecisionTable() {
        let skip = Decision(onConflict: .skip, prune: false, rootPageID: nil)
        let force = Decision(onConflict: .overwrite, prune: false, rootPageID: nil)
        let files = ["a", "b", "c", "d", "e"]
        // In order everywhere.
        XCTAssertEqual(skip.order(siblings(remote: files, recorded: files)), .inOrder)
        // The files' order changed (B last): B alone moves, the others are a run in order.
        XCTAssertEqual(skip.order(siblings(remote: files, recorded: files, wanted: ["a", "c", "d", "e", "b"])),
                       .reorder(moves: ["b"], detail: "children not in the order of their files (1 move, 4 kept in place)"))
        // E between A and B: a move-to-end keeps A and E and moves what follows them in the files.
        XCTAssertEqual(skip.order(siblings(remote: files, recorded: files, wanted: ["a", "e", "b", "c", "d"])),
                       .reorder(moves: ["b", "c", "d"], detail: "children not in the order of their files (3 moves, 2 kept in place)"))
        // Reordered in Productive only: drift, kept; --force puts the files' order back.
        let dragged = ["b", "c", "d", "e", "a"]
        XCTAssertEqual(skip.order(siblings(remote: dragged, recorded: files)),
                       .drift("children reordered in Productive (now b, c, d, e, a): kept (--force puts the files' order back)"))
        XCTAssertEqual(force.order(siblings(remote: dragged, recorded: files)),
                       .reorder(moves: ["b", "c", "d", "e"], detail: "children reordered in Productive (now b, c, d, e, a): put back (4 moves, 1 kept in place)"))
        // Reordered in both: the files' order wins (there is no body to lose).
        if case .reorder(let moves, let detail) = skip.order(siblings(remote: dragged, recorded: files, wanted: ["e", "a", "b", "c", "d"])) {
            XCTAssertEqual(moves, ["b", "c", "d"], "E and A are already in the files' order")
            XCTAssertTrue(detail.contains("and the files' order changed: the files' order wins"), detail)
        } else {
            XCTFail("a reorder in both places puts the files' order in place")
        }
        // No positions from Productive: the recorded order stands for it; nothing recorded yet, the
        // files' order is assumed.
        XCTAssertEqual(skip.order(siblings(remote: nil, recorded: files)), .inOrder)
        XCTAssertEqual(skip.order(siblings(remote: nil, recorded: files, wanted: ["b", "a", "c", "d", "e"])),
                       .reorder(moves: ["a", "c", "d", "e"], detail: "children not in the order of their files (4 moves, 1 kept in place)"))
        XCTAssertEqual(skip.order(siblings(remote: nil, recorded: nil)), .inOrder)
        // Never recorded (a manifest from before positions) and out of order: reordered, not drift.
        XCTAssertEqual(skip.order(siblings(remote: dragged, recorded: nil)),
                       .reorder(moves: ["b", "c", "d", "e"], detail: "children not in the order of their files (4 moves, 1 kept in place)"))
    }

    func testPagesCreatedOrMovedInAreMovedOnlyWhenTheyCannotLandInPlace() {
        let decision = Decision(onConflict: .skip, prune: false, rootPageID: nil)
        let files = ["a", "b", "c", "d", "e"]
        // Created at its position among pages in order: no move.
        XCTAssertEqual(decision.order(siblings(remote: ["a", "b", "d", "e"], recorded: ["a", "b", "d", "e"], created: ["c"])), .inOrder)
        // One page moved in, last in the files' order: it lands last, no move.
        XCTAssertEqual(decision.order(siblings(remote: ["a", "b", "c", "d"], recorded: ["a", "b", "c", "d"], movedIn: ["e"])), .inOrder)
        // Moved in, wanted in the middle: it and what follows it move.
        XCTAssertEqual(decision.order(siblings(remote: ["a", "c", "d", "e"], recorded: ["a", "c", "d", "e"], movedIn: ["b"])),
                       .reorder(moves: ["b", "c", "d", "e"], detail: "children not in the order of their files (4 moves, 1 kept in place)"))
        // Out of order with a page created: the created page is moved too, so no guess about where it lands.
        XCTAssertEqual(MoveToEnd.moves(current: ["b", "a", "d", "e"], wanted: files, created: ["c"], movedIn: []), ["b", "c", "d", "e"])
        XCTAssertEqual(MoveToEnd.moves(current: files, wanted: files, created: [], movedIn: []), [])
        XCTAssertEqual(MoveToEnd.moves(current: ["e", "d", "c", "b", "a"], wanted: files, created: [], movedIn: []), ["b", "c", "d", "e"])
    }
}
