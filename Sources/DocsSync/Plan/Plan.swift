import Foundation
import ProductiveAPI

/// The plan of a publish: per page, what will happen.
public struct Plan: Sendable, Equatable {
    public var items: [PlanItem]
    /// Findings of the files (lint's, PD017 included) and files that cannot be pages.
    public var findings: [PlanFinding] = []

    /// Files that can never be pages and are errors (a symlink leaving the folder, a binary file).
    public var unpublishable: Int
    /// What links were resolved with: the page ids (pages this tree can prove are its own), the
    /// pages the run gives an id, the pages it holds back.
    var links = LinkTargets(ids: [:])
    /// The remote facts the plan was decided on: what `replanChanged` compares with.
    var remote = RemoteFacts(pages: [:])
    /// The membership changes of the pages `sharing:` names (empty without it), applied after the pages.
    public var sharing: [SharingPlanItem] = []
    /// Per page whose body is written, the users this run notifies by mentioning them (`mentions: true`):
    /// the ones its last body did not mention.
    public var notifications: [String: [String]] = [:]
    /// Per page whose body is written, the users its body mentions (address → person id): what the
    /// manifest records once it has landed.
    var mentioned: [String: [String: String]] = [:]

    public init(items: [PlanItem], findings: [PlanFinding] = [], unpublishable: Int = 0) {
        self.items = items
        self.findings = findings
        self.unpublishable = unpublishable
    }

    /// Files held back (lint errors, pages not in this tree, files that cannot be pages).
    public var heldBack: Int {
        items.filter { $0.actions.contains(.blocked) || $0.actions.contains(.foreign) }.count + unpublishable
    }

    /// True when some file is held back: `plan` and `publish` exit 1.
    public var hasBlocked: Bool { heldBack > 0 }

    /// How many pages need each action.
    public var counts: [PlanAction: Int] {
        var counts: [PlanAction: Int] = [:]
        for item in items { for action in item.actions { counts[action, default: 0] += 1 } }
        return counts
    }

    /// True when publishing would write nothing.
    public var isUnchanged: Bool {
        items.allSatisfy(\.isUnchanged) && sharingWrites == 0
    }

    /// Local files uploaded as attachments, over all pages.
    public var uploadCount: Int { items.reduce(0) { $0 + $1.uploads.count } }
    /// Attachments deleted after their page's body has landed, over all pages.
    public var deletionCount: Int { items.reduce(0) { $0 + $1.deletions.count } }

    /// `N create, N update, ...` for the actions present.
    public var summary: String {
        let counts = counts
        var parts = PlanAction.allCases.compactMap { action in counts[action].map { "\($0) \(action.rawValue)" } }
        if uploadCount > 0 { parts.append("\(uploadCount) upload\(uploadCount == 1 ? "" : "s")") }
        if deletionCount > 0 { parts.append("\(deletionCount) attachment deletion\(deletionCount == 1 ? "" : "s")") }
        if sharingWrites > 0 { parts.append("\(sharingWrites) membership change\(sharingWrites == 1 ? "" : "s")") }
        if sharingDrift > 0 { parts.append("\(sharingDrift) membership\(sharingDrift == 1 ? "" : "s") added in Productive kept") }
        return parts.isEmpty ? "nothing to publish" : parts.joined(separator: ", ")
    }
}

/// How a plan is shown.
public enum PlanFormat: String, Sendable, CaseIterable {
    case text, json, markdown
}

extension Plan {
    public func render(_ format: PlanFormat) -> String {
        switch format {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            struct Body: Encodable {
                let items: [PlanItem]
                let summary: [String: Int]
                let sharing: [SharingPlanItem]?
                let notify: [String: [String]]?
            }
            var summary = Dictionary(uniqueKeysWithValues: counts.map { ($0.key.rawValue, $0.value) })
            if uploadCount > 0 { summary["uploads"] = uploadCount }
            if deletionCount > 0 { summary["attachment_deletions"] = deletionCount }
            if sharingWrites > 0 { summary["membership_changes"] = sharingWrites }
            let body = Body(items: items, summary: summary, sharing: sharing.isEmpty ? nil : sharing, notify: notifications.isEmpty ? nil : notifications)
            return String(decoding: (try? encoder.encode(body)) ?? Data(), as: UTF8.self) + "\n"
        case .markdown:
            // Without the pages' current bodies: `Publisher.preview` reads them.
            return PlanPreview(plan: self).markdown()
        case .text:
            let width = max(4, items.map(\.key.count).max() ?? 4)
            var out = "ACTION            " + Printable.padded("PATH", to: width) + "  PAGE        TITLE\n"
            for item in items {
                let action = Printable.padded(item.actions.map(\.rawValue).joined(separator: ","), to: 16)
                let page = Printable.padded(item.pageID ?? "-", to: 10)
                out += "\(action)  \(Printable.padded(Printable.escaped(item.key), to: width))  \(page)  \(Printable.escaped(item.title))"
                if let detail = item.detail { out += "  (\(Printable.escaped(detail)))" }
                if let attachments = item.attachmentDetail { out += "  [\(Printable.escaped(attachments))]" }
                if !item.shownOperations.isEmpty { out += "  → " + Printable.escaped(item.shownOperations.map(\.summary).joined(separator: ", ")) }
                out += "\n"
            }
            let notify = notifications.sorted { $0.key < $1.key }.map { "notify            \(Printable.escaped($0.key))  \(Printable.escaped($0.value.joined(separator: ", ")))\n" }.joined()
            return out + notify + sharingText + summary + "\n"
        }
    }
}
