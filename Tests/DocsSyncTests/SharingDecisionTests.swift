import DocsSync
import ProductiveAPI
import ProductiveWire
import XCTest

/// The sharing decision as a table, without a server: wanted grants, the page's memberships and
/// what the manifest says the tool made, in; adds, removals and memberships kept, out.
final class SharingDecisionTests: XCTestCase {
    private let ana = MembershipSubject(.person, "503")
    private let owner = MembershipSubject(.person, "501")
    private let support = MembershipSubject(.team, "7")
    private let everyone = MembershipSubject(.dynamicGroup, "3")

    private func want(_ subject: MembershipSubject, _ access: AccessType) -> SharingDecision.Wanted {
        SharingDecision.Wanted(subject: subject, member: subject.key, access: access)
    }

    private func has(_ id: String, _ subject: MembershipSubject, _ access: AccessType) -> Membership {
        Membership(id: id, pageID: "1001", subject: subject, access: access)
    }

    private func decide(
        _ wanted: [SharingDecision.Wanted], remote: [Membership]?, recorded: [String: MembershipSubject] = [:], owner: String? = "501", prune: Bool = false
    ) -> [String] {
        SharingDecision(tokenOwner: owner, pruneSharing: prune)
            .decide(key: ".", pageID: remote == nil ? nil : "1001", wanted: wanted, remote: remote, recorded: recorded)
            .changes.map { "\($0.action.rawValue) \($0.subject.key) \($0.access.name)\($0.membershipID.map { " #\($0)" } ?? "")" }
    }

    func testAPageTheRunCreatesGetsEveryGrant() {
        XCTAssertEqual(decide([want(ana, .edit), want(support, .view)], remote: nil), ["add person:503 edit", "add team:7 view"])
    }

    func testAGrantAlreadyThereIsNoChange() {
        XCTAssertEqual(decide([want(ana, .edit)], remote: [has("9", ana, .edit)]), [])
    }

    func testAnAccessChangeRemovesThenAdds() {
        XCTAssertEqual(decide([want(ana, .view)], remote: [has("9", ana, .edit)], recorded: ["9": ana]), ["remove person:503 edit #9", "add person:503 view"])
    }

    func testAGrantTheToolMadeAndNoLongerWantedIsRemoved() {
        XCTAssertEqual(decide([], remote: [has("9", support, .view)], recorded: ["9": support]), ["remove team:7 view #9"])
    }

    func testAGrantAddedInProductiveIsDriftKeptUnlessPruned() {
        XCTAssertEqual(decide([], remote: [has("9", everyone, .comment)]), ["keep dynamic_group:3 comment #9"])
        XCTAssertEqual(decide([], remote: [has("9", everyone, .comment)], prune: true), ["remove dynamic_group:3 comment #9"])
    }

    func testARecordedIDNowHoldingSomeoneElseIsNotTakenForTheTools() {
        XCTAssertEqual(decide([], remote: [has("9", everyone, .comment)], recorded: ["9": support]), ["keep dynamic_group:3 comment #9"])
    }

    func testTheOwnersAccessIsNeverRemovedNorLowered() {
        XCTAssertEqual(decide([], remote: [has("5", owner, .full)], recorded: ["5": owner], prune: true), ["keep person:501 full #5"])
        XCTAssertEqual(decide([want(owner, .view)], remote: [has("5", owner, .full)]), ["keep person:501 full #5"])
        // Adding the owner where it has nothing lowers nothing.
        XCTAssertEqual(decide([want(owner, .view)], remote: []), ["add person:501 view"])
    }

    func testWithoutAKnownOwnerNoPersonIsRemoved() {
        XCTAssertEqual(decide([], remote: [has("9", ana, .edit)], recorded: ["9": ana], owner: nil), ["keep person:503 edit #9"])
        XCTAssertEqual(decide([], remote: [has("8", support, .view)], recorded: ["8": support], owner: nil), ["remove team:7 view #8"])
    }

    func testInheritedGrantsStayOnTheirScopePerPageGrantsRepeatDown() {
        let grants: [String: [SharingConfig.Grant]] = [
            ".": [.init(.team(name: "Support"), .view)], "ops/": [.init(.team(name: "Support"), .edit), .init(.team(name: "SRE"), .full)],
        ]
        let parents: [String: String?] = [".": nil, "guide.md": ".", "ops/": ".", "ops/runbook.md": "ops/"]
        XCTAssertEqual(SharingInheritance.inherited.grants(grants, parents: parents), grants)
        let perPage = SharingInheritance.perPage.grants(grants, parents: parents)
        XCTAssertEqual(perPage["guide.md"], [.init(.team(name: "Support"), .view)])
        XCTAssertEqual(perPage["ops/runbook.md"], [.init(.team(name: "SRE"), .full), .init(.team(name: "Support"), .edit)])
    }
}
