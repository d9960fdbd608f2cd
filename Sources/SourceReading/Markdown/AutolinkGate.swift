/// Whether a parse without cmark-gfm's `autolink` extension gives the tree a parse with it would.
///
/// The extension costs about half of cmark's parse on short reference pages: it makes `w` and `:`
/// special characters, so the inline parser stops and tries a match at every `w` of every text.
/// Yet it only ever changes the tree in three ways, each needing bytes the source may lack:
///
/// - `www_match` (at a `w`) and `url_match` (at a `:`) turn `www.` and `scheme://` into links.
///   They run only outside brackets (`cmark_inline_parser_in_bracket`), so never in link text or
///   alt text, and only where the inline parser reaches that character in the text it is scanning,
///   so never in code spans, raw HTML, `<...>` autolinks or link destinations. Before the first
///   match both parses are the same, and without the extension that `www.` or `://` is plain text:
///   a text node outside every link and image holds it. No such node, no match.
/// - Its postprocess links e-mail addresses in the text nodes outside links (images' text included):
///   an `@` in such a node is needed.
/// - The text nodes split at `w` and `:` are joined again by `cmark_parser_finish`'s
///   `cmark_consolidate_text_nodes`, which keeps the first node's start and the last one's end.
///
/// The two matches are independent: a parse that makes only `:` special (`scheme://` links) gives
/// the tree of the whole extension unless a text node outside links and images holds `www.`, as
/// above. It is the parse taken where the bytes hold no `www.` likely to be text: `w` is the
/// commonest of the two in prose, and each one ends a text run (a node allocated, then joined).
///
/// So the reader parses without the extension, and while it copies the tree checks its text nodes.
/// One outside links and images holding `www.` or `://` means parsing again with the extension's
/// inline matches (`://` alone: only the `:` one). One the e-mail pass reads (outside links, as the pass's own `in_link` flag says)
/// holding an `@` has its addresses linked before it is copied: the extension's postprocess run on
/// that node alone (`pd_autolink_postprocess`). The pass (what `cmark_parser_finish` would have run
/// last) treats each text node alone, and its walk never reads the nodes it puts after one; the copy
/// neither. A parse with the extension leaves its postprocess out too
/// (`pd_autolink_inline_extension_new`): the copy links the addresses the same way, without the
/// pass's second walk over the whole tree. The bytes are scanned first: a source without `www.`,
/// `://` or `@` needs no check at all. A source that may hold footnotes and web links takes the
/// extension at once (the `:` match alone when it holds no `www.`): footnote processing drops definitions, and with them
/// text the check never sees, where a web link could change which references count (by taking one
/// in, or the opener of a code span that would have hidden one).
struct AutolinkGate {
    /// What the text of the source may hold: `www.` links, `scheme://` links, e-mail addresses.
    private(set) var mayHoldWWWLink: Bool
    private(set) var mayHoldSchemeLink: Bool
    private(set) var mayHoldEmail: Bool

    /// True when the text may hold a web link of either kind.
    var mayHoldWebLink: Bool { mayHoldWWWLink || mayHoldSchemeLink }

    /// What a text node needs: nothing the extension would change, its addresses linked, or the
    /// extension's web link matches (a parse with them).
    enum Verdict: Equatable {
        case unchanged
        case needsEmailPass
        case needsExtension
    }

    /// Scans `bytes` for `www.` where it can be a link (`mayPrecedeWWWLink`), `://` and `@` (or a
    /// character reference that may be one).
    init(scanning bytes: UnsafeBufferPointer<UInt8>) {
        mayHoldWWWLink = ByteSearch.occurrences(of: "www.", in: bytes) { at in at == 0 || Self.mayPrecedeWWWLink(bytes[at - 1]) }
        mayHoldSchemeLink = ByteSearch.contains("://", in: bytes)
        // The e-mail pass reads the decoded text, where `&#64;`, `&#x40;` and `&commat;` are an `@`.
        mayHoldEmail = ByteSearch.contains("@", in: bytes) || ByteSearch.contains("&#", in: bytes) || ByteSearch.contains("&commat;", in: bytes)
    }

    /// A gate that checks nothing: the tree comes from a parse with the extension.
    static let off = AutolinkGate(mayHoldWWWLink: false, mayHoldSchemeLink: false, mayHoldEmail: false)

    private init(mayHoldWWWLink: Bool, mayHoldSchemeLink: Bool, mayHoldEmail: Bool) {
        self.mayHoldWWWLink = mayHoldWWWLink
        self.mayHoldSchemeLink = mayHoldSchemeLink
        self.mayHoldEmail = mayHoldEmail
    }

    /// True when no text can need the extension.
    var isOff: Bool { !mayHoldWebLink && !mayHoldEmail }

    /// What the extension would do to a text node holding `text`: `webLinks` when the node is outside
    /// links and images, `emails` when the e-mail pass reads it (outside links).
    func verdict(_ text: UnsafeBufferPointer<UInt8>, webLinks: Bool = true, emails: Bool = true) -> Verdict {
        if webLinks, (mayHoldWWWLink && ByteSearch.contains("www.", in: text)) || (mayHoldSchemeLink && ByteSearch.contains("://", in: text)) {
            return .needsExtension
        }
        if emails, mayHoldEmail, ByteSearch.contains("@", in: text) { return .needsEmailPass }
        return .unchanged
    }

    /// The gate for a tree parsed with `matching`: what its matches made is not looked for again
    /// (with both, only addresses are; with the `:` one, `www.` and addresses).
    func matched(by matching: MarkdownParser.AutolinkMatching) -> AutolinkGate {
        switch matching {
        case .none: self
        case .schemeLinks: AutolinkGate(mayHoldWWWLink: mayHoldWWWLink, mayHoldSchemeLink: false, mayHoldEmail: mayHoldEmail)
        case .webLinks: AutolinkGate(mayHoldWWWLink: false, mayHoldSchemeLink: false, mayHoldEmail: mayHoldEmail)
        case .wholeExtension: .off
        }
    }

    /// True when some `www.` or `http://`, `https://`, `ftp://` of `bytes` looks like plain text: not
    /// in a link's destination (`](`), a `<...>` autolink or a reference definition's line. A guess
    /// from the bytes (a code span counts as text), made before parsing: the tree's check decides,
    /// but a text the guess sends to the extension at once is not parsed twice.
    static func webLinkLikelyInText(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        schemeLinkLikelyInText(bytes) || wwwLinkLikelyInText(bytes)
    }

    /// The `http://`, `https://`, `ftp://` half of `webLinkLikelyInText`.
    static func schemeLinkLikelyInText(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        ByteSearch.occurrences(of: "://", in: bytes) { at in
            var start = at
            while start > 0, isLetter(bytes[start - 1]) { start -= 1 }
            let scheme = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<at]), as: UTF8.self).lowercased()
            return ["http", "https", "ftp"].contains(scheme) && !isLinkContext(bytes, before: start)
        }
    }

    /// The `www.` half of `webLinkLikelyInText`.
    static func wwwLinkLikelyInText(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        ByteSearch.occurrences(of: "www.", in: bytes) { at in
            at == 0 || (mayPrecedeWWWLink(bytes[at - 1]) && !isLinkContext(bytes, before: at))
        }
    }

    /// True when a `www.` after this byte of the source can be a link. `www_match` links one only at
    /// the start of the text it parses or after white space, `*`, `_`, `~` or `(` there; the text of
    /// a block starts after its markers, which may end in `>` (a quote), `|` (a table cell) or `:`
    /// (a footnote definition) with no space. After any other byte, no parse links it.
    static func mayPrecedeWWWLink(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, UInt8(ascii: "*"), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "("),
             UInt8(ascii: ">"), UInt8(ascii: "|"), UInt8(ascii: ":"):
            true
        default:
            false
        }
    }

    /// True when the bytes before `start` open a link destination (`](`, `](<`), a `<...>`
    /// autolink, or are a reference definition's label at the start of its line (`[label]: `).
    private static func isLinkContext(_ bytes: UnsafeBufferPointer<UInt8>, before start: Int) -> Bool {
        var index = start
        if index > 0, bytes[index - 1] == UInt8(ascii: "<") { index -= 1; if index == 0 || bytes[index - 1] != UInt8(ascii: "(") { return true } }
        if index >= 2, bytes[index - 1] == UInt8(ascii: "("), bytes[index - 2] == UInt8(ascii: "]") { return true }
        // A reference definition: the line up to here is `[label]:` and blanks, after up to 3 spaces.
        while index > 0, bytes[index - 1] == 0x20 || bytes[index - 1] == 0x09 { index -= 1 }
        guard index > 0, bytes[index - 1] == UInt8(ascii: ":"), index >= 2, bytes[index - 2] == UInt8(ascii: "]") else { return false }
        var lineStart = index - 2
        while lineStart > 0, bytes[lineStart - 1] != 0x0A { lineStart -= 1 }
        while lineStart < index, bytes[lineStart] == 0x20 { lineStart += 1 }
        return bytes[lineStart] == UInt8(ascii: "[")
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
    }

    /// The gate carried through a walk over the tree in document order: which text nodes it reads
    /// (links and images open, the e-mail pass's `in_link` flag).
    struct Walk {
        private let gate: AutolinkGate
        /// The open links and images: no web link is found in their text.
        private var linkDepth = 0
        /// The e-mail pass's own flag, kept as it keeps it: set on entering a link, cleared on
        /// leaving any (its images' text is read too).
        private var inLink = false

        init(_ gate: AutolinkGate) {
            self.gate = gate
        }

        /// True when no text needs reading.
        var isOff: Bool { gate.isOff }

        /// What a text node here needs: `.needsExtension` when it holds a web link (the walk stops),
        /// `.needsEmailPass` when it holds an `@` the e-mail pass reads (its addresses are linked
        /// there and then: the pass treats each text node alone, and one that follows links or none).
        func read(text: UnsafeBufferPointer<UInt8>) -> Verdict {
            gate.verdict(text, webLinks: linkDepth == 0, emails: !inLink)
        }

        /// A node whose children come next.
        mutating func enter(_ kind: SyntaxNode.Kind) {
            if kind == .link || kind == .image { linkDepth += 1 }
            if kind == .link { inLink = true }
        }

        /// A node without children, entered and left at once.
        mutating func enterAndLeave(_ kind: SyntaxNode.Kind) {
            if kind == .link { inLink = false }
        }

        /// The end of a node `enter` opened.
        mutating func leave(_ kind: SyntaxNode.Kind) {
            if kind == .link || kind == .image { linkDepth -= 1 }
            if kind == .link { inLink = false }
        }
    }
}
