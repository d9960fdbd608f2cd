import ProductiveFormat

/// A checked document: the model, its metadata, and what the checker found.
public struct CheckedDocument: Sendable {
    public var frontMatter: FrontMatter
    /// The page title: front matter `title`, else the first `#` heading, else the file name.
    public var title: String
    /// Nil when the file is not text (a binary file).
    public var document: Document?
    /// The payload format, `auto` resolved.
    public var format: OutputFormat
    /// Findings in source order.
    public var findings: [Finding]

    /// True when a finding at error level (or, with `strict`, warning level) stops publishing.
    public func fails(strict: Bool) -> Bool {
        findings.contains { $0.severity == .error || (strict && $0.severity == .warning) }
    }
}

/// The payload for one document.
public struct Conversion: Sendable {
    public var checked: CheckedDocument
    /// Exactly what would be sent: Markdown or Productive HTML.
    public var payload: String
}

/// The pipeline entry point: READ, then CHECK & MAP, then (for `convert`) WRITE.
/// `lint` and `convert` share `check`, so lint can never disagree with what is published.
public enum Converter {
    /// Reads and checks a file's bytes. `name` is the file name, for the fallback title.
    public static func check(_ bytes: [UInt8], name: String, options: ConversionOptions = ConversionOptions()) -> CheckedDocument {
        var findings = FindingCollector(policy: options.effectiveFindingPolicy)
        guard let text = SourceDecoder.decode(bytes, into: &findings) else {
            return CheckedDocument(frontMatter: FrontMatter(), title: fileTitle(name), document: nil, format: .markdown, findings: findings.sorted)
        }
        return check(text: text, name: name, options: options, findings: findings)
    }

    /// Checks text already decoded.
    public static func check(text: String, name: String, options: ConversionOptions = ConversionOptions()) -> CheckedDocument {
        check(text: text, name: name, options: options, findings: FindingCollector(policy: options.effectiveFindingPolicy))
    }

    private static func check(text: String, name: String, options: ConversionOptions, findings: FindingCollector) -> CheckedDocument {
        var findings = findings
        // A directive comment starts with `productive-docs-` in any case: without those bytes the scan finds none.
        let directives = Self.mayHoldDirective(text)
            ? SuppressionDirectives(scanning: Array(text.utf8)) : SuppressionDirectives(scanning: [])
        let (frontMatter, body, lineOffset) = FrontMatter.split(text, into: &findings)
        // Disabling PD018 means: parse it anyway (never a silent refusal).
        if !options.disabledRules.contains(RuleCatalog.pathologicalInput.id),
           let refused = PathologicalInput.reason(in: String(body), lineOffset: lineOffset) {
            findings.report(
                RuleCatalog.pathologicalInput, at: SourcePosition(line: refused.line, column: 1),
                "file refused before parsing: \(refused.message) (cmark-gfm would take minutes on it)"
            )
            return CheckedDocument(frontMatter: frontMatter, title: frontMatter.title ?? fileTitle(name), document: nil, format: .markdown, findings: findings.sorted)
        }
        let tree = MarkdownParser.parse(body, lineOffset: lineOffset)
        let context = MappingContext(options: options, findings: findings)
        var mapper = MarkdownMapper(tree: tree, source: SourceIndex(body, lineOffset: lineOffset), context: context)
        var document = mapper.map()

        var title = frontMatter.title
        if let heading = mapper.firstTitleHeading, case .heading(_, let inlines, _) = document.blocks[heading.blockIndex] {
            let headingText = Inline.plainText(inlines).trimmingWhitespace()
            if title == nil { title = String(headingText) }
            if options.titleHeading == .drop, headingText == title?[...] {
                context.report(RuleCatalog.titleHeading, at: heading.position, "heading equal to the page title removed from the body (Productive shows the title)")
                document.blocks.remove(at: heading.blockIndex)
            }
        }
        let requested = options.format == .auto ? (frontMatter.format ?? .auto) : options.format
        // One walk for the HTML-only features, which both `auto` and the Markdown path need.
        let features = requested == .html ? [] : document.htmlOnlyFeatures
        let format: OutputFormat = requested == .auto ? (features.isEmpty ? .markdown : .html) : requested
        if format == .markdown {
            if !features.isEmpty {
                context.report(
                    RuleCatalog.htmlOnlyOnMarkdownPath, at: .start,
                    "sent as Markdown, so these HTML-only elements are degraded: \(features.sorted().map(\.rawValue).joined(separator: ", "))"
                )
            }
            for row in document.headerlessTableFirstRows {
                context.report(
                    RuleCatalog.htmlOnlyOnMarkdownPath, at: .start,
                    "a table without a header row is sent as Markdown: its first row (\(row)) becomes the header row"
                )
            }
        }
        return CheckedDocument(
            frontMatter: frontMatter, title: title ?? fileTitle(name), document: document, format: format,
            findings: directives.apply(to: context.findings)
        )
    }

    /// True when `text` holds `productive-docs-` in any ASCII case, as every suppression directive does.
    static func mayHoldDirective(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            let prefix = Array(SuppressionDirectives.prefix.utf8)
            guard bytes.count >= prefix.count else { return false }
            var index = 0
            let last = bytes.count - prefix.count
            while index <= last {
                // Compare from the `-` (rare in prose) after `productive`, then the rest.
                if bytes[index + 10] == UInt8(ascii: "-") {
                    var matched = true
                    for offset in 0..<prefix.count {
                        let byte = bytes[index + offset]
                        let lower = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
                        if lower != prefix[offset] {
                            matched = false
                            break
                        }
                    }
                    if matched { return true }
                }
                index += 1
            }
            return false
        }
    }

    /// Maps a Productive HTML payload (what `append_html` and `replace_body_with_html` receive) onto the model.
    public static func check(html: String, options: ConversionOptions = ConversionOptions()) -> (document: Document, findings: [Finding]) {
        let context = MappingContext(options: options, findings: FindingCollector(policy: options.effectiveFindingPolicy))
        let blocks = HTMLMapper(tree: HTMLFragmentParser.parse(html), origin: .start, context: context).blocks()
        return (Document(blocks: blocks), context.findings.sorted)
    }

    /// Checks, then writes the payload in the resolved format.
    public static func convert(_ bytes: [UInt8], name: String, options: ConversionOptions = ConversionOptions()) -> Conversion {
        let checked = check(bytes, name: name, options: options)
        return Conversion(checked: checked, payload: write(checked))
    }

    /// Checks decoded text, then writes the payload.
    public static func convert(text: String, name: String, options: ConversionOptions = ConversionOptions()) -> Conversion {
        let checked = check(text: text, name: name, options: options)
        return Conversion(checked: checked, payload: write(checked))
    }

    /// The payload of a checked document; empty when there is no document.
    public static func write(_ checked: CheckedDocument) -> String {
        guard let document = checked.document else { return "" }
        return checked.format == .html ? HTMLWriter().write(document) : MarkdownWriter().write(document)
    }

    /// The file name without its folder and Markdown extension.
    public static func fileTitle(_ name: String) -> String {
        var base = Substring(name.split(separator: "/").last ?? Substring(name))
        for suffix in [".md", ".markdown"] where base.lowercased().hasSuffix(suffix) {
            base = base.dropLast(suffix.count)
        }
        return String(base)
    }
}
