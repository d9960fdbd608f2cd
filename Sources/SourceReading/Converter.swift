#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CMarkGFMShared
import ProductiveFormat
import ProductiveWire

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
    /// What the Markdown path would degrade in `document` (`Document.htmlOnlyFeatures`), found by
    /// the check; empty when HTML was asked for.
    public var htmlOnlyFeatures: Set<HTMLOnlyFeature> = []

    /// True when a finding at error level (or, with `strict`, warning level) stops publishing.
    public func fails(strict: Bool) -> Bool {
        findings.contains { $0.severity == .error || (strict && $0.severity == .warning) }
    }
}

/// The payload for one document.
public struct Conversion: Sendable {
    public var checked: CheckedDocument
    /// Exactly what would be sent: Markdown or Productive HTML, as the writer's bytes.
    public var payload: Payload
}

/// A document read and mapped once, before its links to other files are known: what `check`
/// finishes. Publishing maps each file once into this, then finishes it with the page ids it knows.
public struct MappedDocument: Sendable {
    public var frontMatter: FrontMatter
    /// The page title: front matter `title`, else the first `#` heading, else the file name.
    public var title: String
    /// Nil when the file is not text (a binary file) or was refused before parsing.
    public var document: Document?
    /// Links to other files of the folder, kept as written in `document`, in source order.
    public var linkSites: [LinkSite]
    /// Where each of `document`'s blocks came from, parallel to them (what `pull` merges by).
    public var sources: [BlockSource] = []
    /// Where a fallback lost something of the source (an image, raw HTML, a comment, a footnote, a
    /// level-4 heading...), whatever the finding policy and suppression comments show.
    public var losses: [SourcePosition] = []
    /// The lines of the heading removed from the body because it is the title (PD013).
    public var titleHeadingLines: ClosedRange<Int>?
    /// The anchors of the document's headings as GitHub makes them (`set-it-up`): what a link from
    /// another file (`guide.md#set-it-up`) may name. Made when asked for: `lint` and `convert` never ask.
    public var anchors: Set<String> { HeadingAnchors.anchors(headingTexts) }
    /// The plain text of each heading, in order.
    var headingTexts: [String] = []
    /// Local files the document shows or links to (attachments of its page), kept as written in
    /// `document`, in source order.
    public var attachmentSites: [AttachmentSite] = []
    /// The findings of reading and mapping, before suppression comments apply.
    var findings: FindingCollector
    var directives: SuppressionDirectives
    /// `format` of the options, before front matter and `auto` are applied.
    var format: OutputFormat
    var sourcePath: String?
}

/// The pipeline entry point: READ, then CHECK & MAP, then (for `convert`) WRITE.
/// `lint` and `convert` share `check`, so lint can never disagree with what is published.
public enum Converter {
    /// Reads and checks a file's bytes. `name` is the file name, for the fallback title.
    /// A checked document keeps no block sources, so none are recorded.
    public static func check(_ bytes: [UInt8], name: String, options: ConversionOptions = ConversionOptions()) -> CheckedDocument {
        check(map(bytes, name: name, options: options, recordsSources: false), links: options.linkResolver)
    }

    /// Checks text already decoded.
    public static func check(text: String, name: String, options: ConversionOptions = ConversionOptions()) -> CheckedDocument {
        let findings = FindingCollector(policy: options.effectiveFindingPolicy)
        return check(map(validated: Array(text.utf8)[...], name: name, options: options, findings: findings, recordsSources: false), links: options.linkResolver)
    }

    /// Reads and maps a file's bytes, links to other files kept as written (see `check(_:links:format:)`).
    /// With `recordsSources` false the document's `sources` and `titleHeadingLines` (what `pull`
    /// merges by, and nothing else reads) stay empty, which saves an array per container: about a
    /// fifth of what a mapped document of short pages holds.
    public static func map(_ bytes: [UInt8], name: String, options: ConversionOptions = ConversionOptions(), recordsSources: Bool = true) -> MappedDocument {
        var findings = FindingCollector(policy: options.effectiveFindingPolicy)
        guard let text = SourceDecoder.decode(bytes, into: &findings) else {
            return MappedDocument(
                frontMatter: FrontMatter(), title: fileTitle(name), document: nil, linkSites: [], findings: findings,
                directives: SuppressionDirectives(scanning: []), format: options.format, sourcePath: options.sourcePath
            )
        }
        return map(validated: text, name: name, options: options, findings: findings, recordsSources: recordsSources)
    }

    /// Maps text already decoded.
    public static func map(text: String, name: String, options: ConversionOptions = ConversionOptions()) -> MappedDocument {
        let findings = FindingCollector(policy: options.effectiveFindingPolicy)
        return map(validated: Array(text.utf8)[...], name: name, options: options, findings: findings, recordsSources: true)
    }

    /// Maps a document's bytes, valid UTF-8: the one copy of the text every later step reads.
    private static func map(
        validated text: ArraySlice<UInt8>, name: String, options: ConversionOptions, findings: FindingCollector, recordsSources: Bool
    ) -> MappedDocument {
        var findings = findings
        // A directive comment starts with `productive-docs-` in any case: without those bytes the scan finds none.
        let directives = Self.mayHoldDirective(text)
            ? SuppressionDirectives(scanning: Array(text)) : SuppressionDirectives(scanning: [])
        let (frontMatter, bodyStart, lineOffset) = FrontMatter.split(text, into: &findings)
        let body = text[bodyStart...]
        func mapped(
            _ document: Document?, title: String?, findings: FindingCollector, linkSites: [LinkSite] = [], headingTexts: [String] = [],
            context: MappingContext? = nil
        ) -> MappedDocument {
            MappedDocument(
                frontMatter: frontMatter, title: pageTitle(title ?? fileTitle(name)), document: document, linkSites: context?.linkSites ?? linkSites, headingTexts: headingTexts,
                attachmentSites: context?.attachmentSites ?? [], findings: findings, directives: directives, format: options.format, sourcePath: options.sourcePath
            )
        }
        // Disabling PD018 means: parse it anyway (never a silent refusal).
        if !options.disabledRules.contains(RuleCatalog.pathologicalInput.id),
           let refused = PathologicalInput.reason(in: body, lineOffset: lineOffset) {
            findings.report(
                RuleCatalog.pathologicalInput, at: SourcePosition(line: refused.line, column: 1),
                "file refused before parsing: \(refused.message) (cmark-gfm would take minutes on it)"
            )
            return mapped(nil, title: frontMatter.title, findings: findings)
        }
        for conflict in ConflictMarkers.conflicts(in: body, lineOffset: lineOffset) {
            let lines = conflict.last.map { "lines \(conflict.first)–\($0)" } ?? "from line \(conflict.first), no closing `>>>>>>>`"
            findings.report(
                RuleCatalog.conflictMarkers, at: SourcePosition(line: conflict.first, column: 1),
                "unresolved git conflict (\(lines)): keep the right side, remove the markers, then publish"
            )
        }
        let lines = LineStarts(body)
        let tree = MarkdownParser.parse(body, lines: lines, lineOffset: lineOffset)
        let context = MappingContext(options: options, findings: findings, imageMode: frontMatter.images)
        var mapper = MarkdownMapper(
            tree: tree, source: SourceIndex(body, lines: lines, lineOffset: lineOffset), context: context, recordsSources: recordsSources
        )
        var document = mapper.map()
        var sources = mapper.sources
        var titleHeadingLines: ClosedRange<Int>?

        var title = frontMatter.title
        if let heading = mapper.firstTitleHeading, case .heading(_, let inlines, _) = document.blocks[heading.blockIndex] {
            let headingText = Inline.plainText(inlines).trimmingWhitespace()
            if title == nil { title = String(headingText) }
            if options.titleHeading == .drop, headingText == title?[...] {
                context.report(RuleCatalog.titleHeading, at: heading.position, "heading equal to the page title removed from the body (Productive shows the title)")
                document.blocks.remove(at: heading.blockIndex)
                if recordsSources { titleHeadingLines = sources.remove(at: heading.blockIndex).lines }
            }
        }
        var result = mapped(document, title: title, findings: context.findings, headingTexts: context.headingTexts, context: context)
        (result.sources, result.losses, result.titleHeadingLines) = (sources, context.losses, titleHeadingLines)
        return result
    }

    /// A title as it is sent: every control character (tab, ESC, U+0085 NEXT LINE...) and line or
    /// paragraph separator as a space, which is how a title reads back, so it never shows as drift
    /// and never reaches a terminal raw.
    public static func pageTitle(_ title: String) -> String {
        guard title.unicodeScalars.contains(where: isTitleBreak) else { return title }
        var out = String.UnicodeScalarView()
        for scalar in title.unicodeScalars { out.append(isTitleBreak(scalar) ? " " : scalar) }
        return String(out)
    }

    private static func isTitleBreak(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.generalCategory == .control || scalar.value == 0x2028 || scalar.value == 0x2029
    }

    /// Finishes a mapped document: links to other files rewritten by `links` (left as written when
    /// nil), local images and linked files pointed at their attachments by `attachments` (left as
    /// written when nil), the payload format decided (`format` overrides the options' and the front
    /// matter's), the degradations of the Markdown path reported, and suppression comments applied.
    public static func check(
        _ mapped: MappedDocument, links: LinkResolver?, attachments: AttachmentResolver? = nil, format override: OutputFormat? = nil
    ) -> CheckedDocument {
        var findings = mapped.findings
        guard var document = mapped.document else {
            return CheckedDocument(frontMatter: mapped.frontMatter, title: mapped.title, document: nil, format: .markdown, findings: mapped.directives.apply(to: findings))
        }
        if let links, !mapped.linkSites.isEmpty {
            document = rewriteLinks(in: document, sites: mapped.linkSites, resolver: links, sourcePath: mapped.sourcePath, findings: &findings)
        }
        if let attachments, !mapped.attachmentSites.isEmpty {
            document = rewriteAttachments(in: document, sites: mapped.attachmentSites, resolver: attachments)
        }
        let requested = override ?? (mapped.format == .auto ? (mapped.frontMatter.format ?? .auto) : mapped.format)
        // One walk for what the Markdown path degrades, which both `auto` and that path need.
        let (features, headerlessRows) = requested == .html ? ([], []) : document.markdownPathDegradations
        let format = requested.resolved(htmlOnlyFeatures: features)
        if format == .markdown {
            if !features.isEmpty {
                findings.report(
                    RuleCatalog.htmlOnlyOnMarkdownPath, at: .start,
                    "sent as Markdown, so these HTML-only elements are degraded: \(features.sorted().map(\.rawValue).joined(separator: ", "))"
                )
            }
            for row in headerlessRows {
                findings.report(
                    RuleCatalog.htmlOnlyOnMarkdownPath, at: .start,
                    "a table without a header row is sent as Markdown: its first row (\(row)) becomes the header row"
                )
            }
        }
        return CheckedDocument(
            frontMatter: mapped.frontMatter, title: mapped.title, document: document, format: format,
            findings: mapped.directives.apply(to: findings), htmlOnlyFeatures: features
        )
    }

    /// Asks `resolver` once per distinct target, reports each site of an unpublished or weakened target, and
    /// rewrites the model (`Document.rewritingLinks`).
    private static func rewriteLinks(in document: Document, sites: [LinkSite], resolver: LinkResolver, sourcePath: String?, findings: inout FindingCollector) -> Document {
        var targets: [String: LinkTarget] = [:]
        for site in sites where targets[site.target] == nil {
            let url = site.target
            let isRootRelative = url.hasPrefix("/") && !url.hasPrefix("//")
            targets[url] = resolver.resolve(isRootRelative ? URLPolicy.relativeToSource(rootRelative: url, sourcePath: sourcePath) : url)
        }
        for site in sites {
            switch targets[site.target] {
            case .unpublished(let reason)?:
                findings.report(RuleCatalog.unpublishedLink, at: site.position, "link to `\(site.target)`: \(reason); sent as plain text")
            case .weakened(_, let rule, let message)?:
                findings.report(rule, at: site.position, "link to `\(site.target)`: \(message)")
            default:
                break
            }
        }
        return document.rewritingLinks { targets[$0]?.rewrite ?? .keep }
    }

    /// Points each attachment site at its attachment's URL; one not uploaded yet is sent as its
    /// alt text (an image) or its text (a link) until it is.
    private static func rewriteAttachments(in document: Document, sites: [AttachmentSite], resolver: AttachmentResolver) -> Document {
        var images: [String: ImageRewrite] = [:]
        var files: [String: LinkRewrite] = [:]
        for site in sites {
            let url = resolver.url(site)
            switch site.kind {
            case .image: images[site.target] = url.map(ImageRewrite.source) ?? .altText
            case .file: files[site.target] = url.map(LinkRewrite.url) ?? .unlink
            }
        }
        return document.rewritingLinks({ files[$0] ?? .keep }, images: { images[$0] ?? .keep })
    }

    /// True when `text` holds `productive-docs-` in any ASCII case, as every suppression directive does.
    static func mayHoldDirective(_ text: ArraySlice<UInt8>) -> Bool {
        text.withUnsafeBufferPointer { bytes in
            let prefix = Array(SuppressionDirectives.prefix.utf8)
            guard let base = bytes.baseAddress, bytes.count >= prefix.count else { return false }
            // Each `-` (found with memchr) that could be the one after `productive`: compare the rest.
            let dash = 10
            var index = dash
            let last = bytes.count - prefix.count + dash
            while index <= last, let found = memchr(base + index, Int32(UInt8(ascii: "-")), last + 1 - index) {
                let start = UnsafeRawPointer(found) - UnsafeRawPointer(base) - dash
                let matched = (0..<prefix.count).allSatisfy { offset in
                    let byte = bytes[start + offset]
                    return (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte) == prefix[offset]
                }
                if matched { return true }
                index = start + dash + 1
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
    public static func write(_ checked: CheckedDocument) -> Payload {
        guard let document = checked.document else { return Payload(bytes: []) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(4096)
        PayloadWriter.write(document, format: checked.format, into: &bytes)
        return Payload(bytes: bytes)
    }

    /// The file name without its folder, its numeric prefix (`02-setup.md` → `setup`) and its Markdown extension.
    public static func fileTitle(_ name: String) -> String {
        var base = NumericPrefix.stripped(Substring(name.split(separator: "/").last ?? Substring(name)))
        for suffix in [".md", ".markdown"] where base.lowercased().hasSuffix(suffix) {
            base = base.dropLast(suffix.count)
        }
        return String(base)
    }
}
