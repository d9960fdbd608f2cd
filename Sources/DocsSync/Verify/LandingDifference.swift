import ProductiveFormat

/// Where a body write did not land as sent: the first differing block of both canonical forms, and
/// whether anything was lost.
public struct LandingDifference: Sendable, Equatable, CustomStringConvertible {
    /// The first differing top-level block (0-based; of the note, for an append).
    public var blockIndex: Int
    /// True when `blockIndex` counts the blocks of an appended note, not of the page.
    public var ofNote: Bool
    /// The block sent, in canonical form (nil: nothing was sent there, the page holds more).
    public var sent: Block?
    /// The block the page holds there, in canonical form (nil: the page holds nothing there).
    public var landed: Block?
    /// Words sent that the page does not hold, in order (`Document.words()`).
    public var lostWords: [String]
    /// Words the page holds that were not sent, in order: what a write that did not happen (the
    /// old body still there) or a colleague's concurrent edit leaves. Never a normalisation.
    public var addedWords: [String] = []
    /// True when the page holds fewer top-level blocks than were sent.
    public var blockGone: Bool
    /// SHA-256 of the canonical form of what the page holds: what the manifest records as landed.
    /// Block ids and other representation do not change it, so the same normalisation gives the
    /// same hash on every write.
    public var landedHash: String

    /// A real difference: a word or a block is gone, or the page holds words that were not sent
    /// (a write that did not take, leaving the old body). Never accepted as a normalisation.
    public var isLoss: Bool { !lostWords.isEmpty || blockGone || !addedWords.isEmpty }

    /// Where it is and how it differs, word by word.
    public var description: String { "did not land as sent: \(summary)" }

    /// The place and the word diff, without a verdict: `block 2 differs: - "sent words" + "page words"`.
    public var summary: String {
        let place = "block \(blockIndex + 1)\(ofNote ? " of the note" : "")"
        var text: String
        switch (sent, landed) {
        case (let sent?, let landed?):
            let hunks = Self.wordDiff(Self.tokens(sent), Self.tokens(landed))
            text = hunks.isEmpty ? "\(place) differs in form only (its Markdown reads the same)" : "\(place) differs: " + hunks
        case (let sent?, nil):
            text = "\(place) is missing from the page: - \(Self.quoted(Self.tokens(sent)))"
        case (nil, let landed?):
            text = "\(place) was not sent: + \(Self.quoted(Self.tokens(landed)))"
        case (nil, nil):
            text = "\(place) differs"
        }
        if !lostWords.isEmpty {
            let shown = lostWords.prefix(Self.lostWordsShown).map { Printable.escaped($0) }.joined(separator: ", ")
            text += "; \(lostWords.count) word\(lostWords.count == 1 ? "" : "s") missing from the page: \(shown)\(lostWords.count > Self.lostWordsShown ? ", …" : "")"
        }
        if !addedWords.isEmpty {
            let shown = addedWords.prefix(Self.lostWordsShown).map { Printable.escaped($0) }.joined(separator: ", ")
            text += "; \(addedWords.count) word\(addedWords.count == 1 ? "" : "s") on the page that were not sent: \(shown)\(addedWords.count > Self.lostWordsShown ? ", …" : "")"
        }
        return text
    }

    /// How many changed stretches a message shows, how long each side may be, how many lost words.
    static let hunksShown = 3
    static let sideLength = 60
    static let lostWordsShown = 8
    /// Longer differing stretches than this (in tokens, both sides) are not diffed word by word.
    static let diffedTokens = 2_000

    /// One block as the words of its source-style Markdown (HTML-only elements kept, as `pull`
    /// writes them): marks and link targets are words too, so a lost mark shows.
    static func tokens(_ block: Block) -> [String] {
        MarkdownWriter(style: .source).write(Document(blocks: [block])).split(whereSeparator: \.isWhitespace).map(String.init)
    }

    /// The changed stretches of two token lists, `- "sent" + "page"` each, `; ` between them.
    static func wordDiff(_ sent: [String], _ landed: [String]) -> String {
        var hunks: [String] = []
        var removed: [String] = []
        var added: [String] = []
        func flush() {
            guard !removed.isEmpty || !added.isEmpty else { return }
            hunks.append([removed.isEmpty ? nil : "- " + quoted(removed), added.isEmpty ? nil : "+ " + quoted(added)].compactMap { $0 }.joined(separator: " "))
            removed = []
            added = []
        }
        // A block rewritten at length is shown as one stretch.
        for edit in LineDiff.edits(sent, landed, longestSearch: diffedTokens) {
            switch edit {
            case .same: flush()
            case .removed(let token): removed.append(token)
            case .added(let token): added.append(token)
            }
        }
        flush()
        let shown = hunks.prefix(hunksShown).joined(separator: "; ")
        return hunks.count > hunksShown ? shown + "; … (\(hunks.count - hunksShown) more)" : shown
    }

    /// Tokens as one quoted, escaped, shortened line.
    static func quoted(_ tokens: [String]) -> String {
        let line = Printable.escaped(tokens.joined(separator: " "))
        return "\"" + (line.count > sideLength ? String(line.prefix(sideLength - 1)) + "…" : line) + "\""
    }

    /// The words of `sent` that `landed` does not hold, in order: each word counts as often as it
    /// occurs (a multiset difference, linear whatever the size of the page).
    static func lostWords(sent: Document, landed: Document) -> [String] {
        var held: [String: Int] = [:]
        for word in landed.words() { held[word, default: 0] += 1 }
        return sent.words().filter { word in
            guard let count = held[word], count > 0 else { return true }
            held[word] = count - 1
            return false
        }
    }

    /// The hash of a canonical document: of its HTML, which writes every attribute the model holds.
    static func hash(of canonical: Document) -> String {
        ContentHash.hex(HTMLWriter().write(canonical))
    }
}
