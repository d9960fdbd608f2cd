import Foundation
import ProductiveAPI

/// Everything the decision reads from Productive, fetched before it (`Decision` makes no request):
/// the pages, the notes `append` left on pages edited since the last write, the token's person,
/// and what became of interrupted creates.
struct RemoteFacts: Sendable, Equatable {
    /// The pages that exist, by id (without bodies).
    var pages: [String: Page]
    /// The keys of notes `append --once` left, by page id: only for pages edited since the last
    /// write whose body could be read.
    var notes: [String: [String]] = [:]
    /// The person the API token belongs to, when a changed page named its editor and it could be read.
    var tokenOwnerID: String?
    /// Per manifest key with an interrupted create: the page proven to be the one it made, or nil
    /// (created again).
    var interrupted: [String: String?] = [:]

    /// The attributes a listing of the pages asks for (`fields[pages]`): no bodies.
    static let listedFields = ["title", "parent_page_id", "root_page_id", "project_id", "version_number", "updated_at", "updater", "position"]

    init(pages: [String: Page], interrupted: [String: String?] = [:]) {
        self.pages = pages
        self.interrupted = interrupted
    }

    /// ` by person 7`, or, when person 7 owns this token, ` by this tool's token (person 7: ...)`
    /// with what such an edit can be: an earlier publish whose manifest was not kept, another
    /// clone, a note `append` added, or the token's owner editing in Productive.
    func editor(_ updaterID: String?) -> String {
        guard let updaterID else { return "" }
        if tokenOwnerID == updaterID {
            return " by this tool's token (person \(updaterID): an earlier publish whose manifest was not kept, another clone, a note `append` added, or the token's owner editing in Productive)"
        }
        return " by person \(updaterID)"
    }

    /// The keys of notes `append --once` left in a page's text (`note key: KEY` lines).
    static func noteKeys(in bodyText: String) -> [String] {
        var keys: [String] = []
        for line in bodyText.split(whereSeparator: \.isNewline) {
            guard let range = line.range(of: "note key: ") else { continue }
            let key = line[range.upperBound...].prefix { !$0.isWhitespace }
            if !key.isEmpty { keys.append(String(key)) }
        }
        return keys
    }
}

extension Publisher {
    /// Fetches what `decide` will need for these pages (each with its entry and its remote page):
    /// the appended notes of the pages edited since the last write (one read each) and, when a
    /// changed page names its editor, the token's person (asked at most once per run).
    func addDecisionFacts(_ facts: inout RemoteFacts, for existing: [(SourcePage, Manifest.Entry, Page)], ids: [String: String]) async {
        var askOwner = false
        for (page, entry, current) in existing {
            let wanted = decision.wantedFacts(page, entry: entry, current: current, ids: ids)
            askOwner = askOwner || wanted.editor
            if wanted.notes, facts.notes[entry.pageID] == nil, let stored = try? await client.page(entry.pageID) {
                facts.notes[entry.pageID] = RemoteFacts.noteKeys(in: stored.bodyText)
            }
        }
        if askOwner, facts.tokenOwnerID == nil { facts.tokenOwnerID = await tokenOwner.id(client) }
    }
}
