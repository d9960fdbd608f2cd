import CCmarkGFM
import CMarkGFMInternals
import CMarkGFMShared
import Foundation
import ProductiveFormat

/// Parses Markdown with cmark-gfm (tables, strikethrough, task lists,
/// autolinks, footnotes) into a Swift-owned `SyntaxTree`.
///
/// This and its tree copy (`MarkdownParser+TreeCopy.swift`) are the only places that touch cmark's
/// C pointers: parse, copy, free.
///
/// Parses may run on several threads at once. Each allocates from its own thread's arena
/// (`parse_arena.h`), so the trees never share memory. cmark-gfm 0.29 still keeps one global
/// table of the characters its inline extensions (`~`, autolinks) react to, and every parse adds
/// them when its inline parsing starts and removes them when it ends: two parses interleaved there
/// would miss each other's strikethroughs and autolinks. So cmark's inline parsing (finish, or a
/// block's inlines) runs under the process-wide lock (`CMarkGFMProcess`); the feed (blocks and the
/// reference definitions, which read no such table), the copy of the tree, the mapping and
/// everything after run in parallel.
enum MarkdownParser {
    static var extensionsRegistered: Bool { CMarkGFMProcess.extensionsRegistered }

    /// Parses `text`; node lines are shifted by `lineOffset` (the lines of front matter before the body).
    static func parse(_ text: String, lineOffset: Int = 0) -> SyntaxTree {
        let bytes = Array(text.utf8)[...]
        return parse(bytes, lines: LineStarts(bytes), lineOffset: lineOffset)
    }

    /// Parses `body`, valid UTF-8 whose lines start at `lines`; node lines are shifted by
    /// `lineOffset` (the lines of front matter before the body). The tree keeps `body` (no copy).
    static func parse(_ body: ArraySlice<UInt8>, lines: LineStarts, lineOffset: Int) -> SyntaxTree {
        parse(body, lines: lines, lineOffset: lineOffset, autolinkExtension: .whenNeeded)
    }

    /// When the parse attaches cmark's `autolink` extension: only when its tree would differ
    /// (`AutolinkGate`), at once when the bytes say a web link is likely in the text; the same
    /// without that guess; or always. The tests compare all three.
    enum AutolinkExtension {
        case whenNeeded, whenTheTreeNeedsIt, always
    }

    /// How the text is fed to cmark and its tree copied: a long text block by block, a short one
    /// whole (`bySize`); always whole; or block by block in windows of this many bytes (where the
    /// text allows windows), whatever its length. The tests compare them.
    enum Feeding {
        case bySize, whole, blockByBlock(window: Int)
    }

    /// Parses `body` as above; `autolinkExtension` says when cmark's autolink extension is attached,
    /// `feeding` how the text goes to cmark.
    static func parse(_ body: ArraySlice<UInt8>, lines: LineStarts, lineOffset: Int, autolinkExtension: AutolinkExtension, feeding: Feeding = .bySize) -> SyntaxTree {
        precondition(extensionsRegistered)
        defer { pd_parse_arena_release() }
        return body.withUnsafeBufferPointer { source in
            let places = SourcePlaces(bytes: source, lines: lines)
            let footnotes = mayHoldFootnote(source)
            var gate = autolinkExtension == .always ? .off : AutolinkGate(scanning: source)
            // Footnote processing drops definitions, and with them text the gate never sees, where a
            // web link could have changed which references count (taken one in, or the opener of a
            // code span that hid one): such a text takes the extension at once, and so does one whose
            // bytes say a web link is likely in its text (not parsed twice).
            var matching = AutolinkMatching.none
            if autolinkExtension == .always {
                matching = .wholeExtension
            } else {
                let guessing = autolinkExtension == .whenNeeded
                if gate.mayHoldWWWLink, footnotes || (guessing && AutolinkGate.wwwLinkLikelyInText(source)) {
                    matching = .webLinks
                } else if gate.mayHoldSchemeLink, footnotes || (guessing && AutolinkGate.schemeLinkLikelyInText(source)) {
                    matching = .schemeLinks
                }
                gate = gate.matched(by: matching)
            }
            // A long text is copied block by block: each top-level block's inlines parsed, copied and
            // freed in turn, so that the C tree of all its inlines is never held at once; without
            // reference definitions (`]:`), no block's inlines depend on a later block, and the text
            // is fed in windows, so its blocks are not held at once either. Footnotes are processed
            // over the whole tree, and so is a text that has them.
            let window: Int?
            switch feeding {
            case .bySize where source.count > blockByBlockBytes: window = windowBytes
            case .blockByBlock(let bytes): window = bytes
            case .bySize, .whole: window = nil
            }
            let feed = footnotes ? nil : window.map { ByteSearch.contains("]:", in: source) ? source.count : $0 }
            while true {
                var copy = TreeCopy(source: body, places: places, lineOffset: lineOffset, gate: gate)
                guard let parser = newParser(autolinks: matching, footnotes: footnotes) else { return SyntaxTree() }
                // A parser with a postprocess (the whole autolink extension's e-mail pass) walks the
                // whole tree at the end: it parses whole.
                let copied = if let window = feed, pd_parser_has_postprocess(parser) == 0 {
                    parseBlockByBlock(source, with: parser, window: window, into: &copy)
                } else {
                    parseWhole(source, with: parser, into: &copy)
                }
                guard let copied else { return SyntaxTree() }
                if copied { return copy.tree }
                // A text holds a web link: parsed again with the extension's matches (the `:` one
                // alone while the source holds no `www.`), in memory of its own.
                matching = matching == .none && !gate.mayHoldWWWLink ? .schemeLinks : .webLinks
                gate = gate.matched(by: matching)
                pd_parse_arena_release()
            }
        }
    }

    /// The bytes a window of a parse in windows feeds at least (then up to the end of a line).
    static let windowBytes = 64 << 10
    /// Texts up to this long are parsed whole (their tree is small; freeing it block by block
    /// would cost more than the arena's release).
    static let blockByBlockBytes = 4 * windowBytes

    /// What a parse takes of cmark's autolink extension.
    enum AutolinkMatching {
        /// Nothing: `www.` and `://` are plain text, no address is linked.
        case none
        /// Its inline matches (`pd_autolink_inline_extension_new`): web links, not addresses, which
        /// the copy links in the text nodes holding an `@` (the extension's own walk over the whole
        /// tree, done per node).
        case webLinks
        /// Only its `scheme://` match, at `:` (`w` is not made special): where no `www.` can be a link.
        case schemeLinks
        /// The registered extension, matches and postprocess: what the others are compared with.
        case wholeExtension
    }

    /// The autolink extension without its postprocess, made once: both matches, and `:`'s alone.
    nonisolated(unsafe) private static let autolinkInlineExtension = extensionsRegistered ? pd_autolink_inline_extension_new(1) : nil
    nonisolated(unsafe) private static let autolinkSchemeExtension = extensionsRegistered ? pd_autolink_inline_extension_new(0) : nil

    /// True when the bytes contain `[^`, without which cmark finds no footnote reference or definition.
    static func mayHoldFootnote(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        ByteSearch.contains("[^", in: bytes)
    }

    /// A parser that allocates from this thread's arena (no malloc and free per node): its trees
    /// live in the arena until `pd_parse_arena_release`, and so does the parser (no
    /// cmark_parser_free). `autolinks` says what of cmark's autolink extension is attached (see
    /// `AutolinkGate`). Footnote processing walks the whole tree twice, so it is on only when
    /// `footnotes` says the text can hold a footnote (`mayHoldFootnote`).
    private static func newParser(autolinks: AutolinkMatching, footnotes: Bool) -> OpaquePointer? {
        // The bytes are valid UTF-8 already (`SourceDecoder`), so cmark need not validate them.
        var options = CMARK_OPT_UNSAFE
        if footnotes { options |= CMARK_OPT_FOOTNOTES }
        guard let parser = cmark_parser_new_with_mem(options, pd_parse_arena_allocator()) else { return nil }
        for name in autolinks == .wholeExtension ? ["table", "strikethrough", "tasklist", "autolink"] : ["table", "strikethrough", "tasklist"] {
            if let extensionPointer = cmark_find_syntax_extension(name) {
                cmark_parser_attach_syntax_extension(parser, extensionPointer)
            }
        }
        if let inlineOnly = autolinks == .webLinks ? autolinkInlineExtension : autolinks == .schemeLinks ? autolinkSchemeExtension : nil {
            cmark_parser_attach_syntax_extension(parser, inlineOnly)
        }
        return parser
    }

    /// Feeds `bytes` to `parser`.
    private static func feed(_ parser: OpaquePointer, _ bytes: UnsafeBufferPointer<UInt8>) {
        bytes.withMemoryRebound(to: CChar.self) { chars in
            cmark_parser_feed(parser, chars.baseAddress, chars.count)
        }
    }

    /// Parses all of `body` (fed, then finished under the process lock), then copies the tree: false
    /// when the copy found a text that needs the extension's matches, nil when cmark gave no tree.
    private static func parseWhole(_ body: UnsafeBufferPointer<UInt8>, with parser: OpaquePointer, into copy: inout TreeCopy) -> Bool? {
        feed(parser, body)
        let root = CMarkGFMProcess.withParseLock { cmark_parser_finish(parser) }
        guard let root else { return nil }
        return copy.append(root, of: parser)
    }

    /// Parses `body` block by block: fed in windows of `window` bytes (up to a line's end), after
    /// each feed the closed top-level blocks get their inlines (`pd_parse_closed_block_inlines`,
    /// under the process lock), are copied (outside it) and freed, their memory taken again by the
    /// next; finish parses the last blocks. The tree is the one `parseWhole` makes: cmark parses
    /// each block's inlines on their own, with the reference map of the definitions closed before
    /// them. Fed in windows, a text must hold no definitions (no block's inlines may depend on a
    /// later one); fed whole, a text whose last paragraph may begin with a definition (still open,
    /// so not yet read) has its inlines parsed by finish, all at once.
    private static func parseBlockByBlock(_ body: UnsafeBufferPointer<UInt8>, with parser: OpaquePointer, window: Int, into copy: inout TreeCopy) -> Bool? {
        guard let document = pd_parser_document(parser), let base = body.baseAddress else { return nil }
        copy.open(document: document)
        var start = 0
        while start < body.count {
            var end = min(body.count, start + window)
            if end < body.count, let newline = memchr(base + end, Int32(UInt8(ascii: "\n")), body.count - end) {
                end = UnsafeRawPointer(newline).assumingMemoryBound(to: UInt8.self) - base + 1
            } else {
                end = body.count
            }
            let bytes = UnsafeBufferPointer(rebasing: body[start..<end])
            feed(parser, bytes)
            let closed = window >= body.count && pd_parser_may_define_more(parser) != 0
                ? 0 : CMarkGFMProcess.withParseLock { pd_parse_closed_block_inlines(parser, document) }
            for _ in 0..<closed {
                guard let block = cmark_node_first_child(document) else { break }
                guard copy.append(block, of: parser) else { return false }
                cmark_node_free(block)
            }
            start = end
        }
        guard let root = CMarkGFMProcess.withParseLock({ cmark_parser_finish(parser) }) else { return nil }
        var next = cmark_node_first_child(root)
        while let block = next {
            guard copy.append(block, of: parser) else { return false }
            next = cmark_node_next(block)
        }
        copy.close(document: root)
        return true
    }
}
