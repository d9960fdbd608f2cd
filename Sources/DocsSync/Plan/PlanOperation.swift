import Foundation

/// One step the executor takes for a page, carrying what it needs to take it. The plan lists a
/// page's operations in the order they run; the executor runs them and decides nothing (what it
/// learns while running, such as a page edited meanwhile, goes back through `Decision`).
public enum PlanOperation: Sendable, Equatable {
    /// Create the page under the page of the file `under` (nil: at the tree's place, the root page
    /// or the project), with the Markdown form of its payload, at `position` among its siblings
    /// (1 first; nil: not sent, the page comes last).
    case create(under: String?, position: Int? = nil)
    /// Take over the existing page `pageID` that front matter names.
    case adopt(pageID: String)
    /// Upload a local file as an attachment of the page, before its body is written.
    case upload(PlannedUpload)
    /// Send the page's payload as its body, expecting the page at `version` (nil: the version the
    /// page was created or recorded at). The payload the manifest records as landed is not sent again.
    case replaceBody(expecting: Int?)
    /// Set the page's title.
    case rename(to: String)
    /// Put the page under the page of the file `under` (nil: the root page).
    case move(under: String?)
    /// Delete an attachment no body refers to any more, once the body has landed.
    case deleteAttachment(PlannedDeletion)
    /// Delete the page (`--prune`: its file is gone).
    case delete(pageID: String)
    /// Put the children of this page in the order of their files: move each page of `moves` (by
    /// manifest key), in that order, to the end of this page's children (`MoveToEnd`), once every
    /// other operation of the run is done. One request per move.
    case reorder(moves: [String])
    /// Write nothing; the page's result says `reason`, with `outcome` (skipped, or failed for
    /// `--on-conflict fail`).
    case skip(reason: String, outcome: PageResult.Outcome)

    /// `replace-body`, as the plan shows it.
    public var name: String {
        switch self {
        case .create: return "create"
        case .adopt: return "adopt"
        case .upload: return "upload"
        case .replaceBody: return "replace-body"
        case .rename: return "rename"
        case .move: return "move"
        case .deleteAttachment: return "delete-attachment"
        case .delete: return "delete"
        case .reorder: return "reorder"
        case .skip: return "skip"
        }
    }

    /// `replace-body (expecting version 3)`, for the text plan.
    var summary: String {
        switch self {
        case .create(let under, let position): return "create" + (under.map { " under \($0)" } ?? "") + (position.map { " at position \($0)" } ?? "")
        case .adopt(let id): return "adopt \(id)"
        case .upload(let file): return "upload \(file.path)"
        case .replaceBody(let version): return "replace-body" + (version.map { " (expecting version \($0))" } ?? "")
        case .rename(let title): return "rename to \"\(title)\""
        case .move(let under): return "move under \(under ?? "the root page")"
        case .deleteAttachment(let deletion): return "delete-attachment \(deletion.attachmentID)"
        case .delete(let id): return "delete \(id)"
        case .reorder(let moves):
            return "reorder: move \(moves.joined(separator: ", ")) to the end, in that order (\(moves.count) request\(moves.count == 1 ? "" : "s"))"
        case .skip: return "skip"
        }
    }
}

extension PlanOperation: Encodable {
    private enum CodingKeys: String, CodingKey {
        case op, under, pageID = "page_id", upload, expectedVersion = "expected_version", title, deletion, reason, outcome, position, moves, requests
    }

    /// `{"op": "replace-body", "expected_version": 3}`: the name and what the operation carries.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .op)
        switch self {
        case .create(let under, let position):
            try container.encodeIfPresent(under, forKey: .under)
            try container.encodeIfPresent(position, forKey: .position)
        case .move(let under): try container.encodeIfPresent(under, forKey: .under)
        case .reorder(let moves):
            try container.encode(moves, forKey: .moves)
            try container.encode(moves.count, forKey: .requests)
        case .adopt(let id), .delete(let id): try container.encode(id, forKey: .pageID)
        case .upload(let file): try container.encode(file, forKey: .upload)
        case .replaceBody(let version): try container.encodeIfPresent(version, forKey: .expectedVersion)
        case .rename(let title): try container.encode(title, forKey: .title)
        case .deleteAttachment(let deletion): try container.encode(deletion, forKey: .deletion)
        case .skip(let reason, let outcome):
            try container.encode(reason, forKey: .reason)
            try container.encode(outcome, forKey: .outcome)
        }
    }
}
