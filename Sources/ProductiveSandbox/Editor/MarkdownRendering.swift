import CCmarkGFM
import CMarkGFMShared
import Foundation

/// A Markdown payload as Productive's editor reads it: rendered to HTML by cmark-gfm's own HTML
/// renderer (GFM tables, strikethrough, task lists, autolinks), which `EditorSchemaParser` then
/// reads into the page schema. The sandbox's own code: it never calls the tool's reader or mapper.
///
/// Choices where Productive's behaviour is undocumented:
/// - raw HTML in Markdown is not rendered (cmark's safe mode: the tags are left out, the text
///   between them stays), since Productive documents underline, banners and the rest as "HTML
///   only": its Markdown path does not take HTML;
/// - footnotes are not an extension Productive names: `[^1]` stays text.
enum MarkdownRendering {
    /// Why strict mode refuses a payload: what is outside the element set, and where.
    struct Outside: Error {
        var line: Int
        var column: Int
        var what: String
    }

    /// The HTML of `markdown`. With `strict`, raw HTML and headings deeper than 3 are refused.
    static func html(_ markdown: String, strict: Bool) throws(Outside) -> String {
        precondition(CMarkGFMProcess.extensionsRegistered)
        let options = CMARK_OPT_DEFAULT
        guard let parser = cmark_parser_new(options) else { return "" }
        defer { cmark_parser_free(parser) }
        for name in ["table", "strikethrough", "tasklist", "autolink"] {
            if let syntaxExtension = cmark_find_syntax_extension(name) {
                cmark_parser_attach_syntax_extension(parser, syntaxExtension)
            }
        }
        let bytes = Array(markdown.utf8)
        let root = CMarkGFMProcess.withParseLock { () -> OpaquePointer? in
            bytes.withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) { cmark_parser_feed(parser, $0.baseAddress, $0.count) }
            }
            return cmark_parser_finish(parser)
        }
        guard let root else { return "" }
        defer { cmark_node_free(root) }
        if strict, let outside = firstOutside(root) { throw outside }
        guard let rendered = cmark_render_html(root, options, cmark_parser_get_syntax_extensions(parser)) else { return "" }
        defer { free(rendered) }
        return String(cString: rendered)
    }

    /// The first node outside the element set: raw HTML, or a heading of level 4 to 6.
    private static func firstOutside(_ root: OpaquePointer) -> Outside? {
        guard let iterator = cmark_iter_new(root) else { return nil }
        defer { cmark_iter_free(iterator) }
        while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) else { continue }
            let place = (line: Int(cmark_node_get_start_line(node)), column: Int(cmark_node_get_start_column(node)))
            switch cmark_node_get_type(node) {
            case CMARK_NODE_HTML_BLOCK, CMARK_NODE_HTML_INLINE:
                let literal = cmark_node_get_literal(node).map { String(cString: $0) } ?? ""
                return Outside(line: place.line, column: place.column, what: "raw HTML \(literal.prefix(40).trimmingCharacters(in: .whitespacesAndNewlines))")
            case CMARK_NODE_HEADING where cmark_node_get_heading_level(node) > 3:
                return Outside(line: place.line, column: place.column, what: "level \(cmark_node_get_heading_level(node)) heading")
            default:
                continue
            }
        }
        return nil
    }
}
