import ProductiveFormat

/// State shared by the Markdown and HTML mappers while one document is mapped.
final class MappingContext {
    let options: ConversionOptions
    var findings: FindingCollector
    /// Footnote label → its number, in order of first use.
    var footnoteNumbers: [String: Int] = [:]
    /// Where the document links to other files of its folder, in the order met.
    var linkSites: [LinkSite] = []
    /// The text of every heading, in the order met (the title heading and level 4 to 6 included):
    /// the anchors other files may link to (`HeadingAnchors`).
    var headingTexts: [String] = []
    /// The local files the document shows or links to (sent as attachments), in the order met.
    var attachmentSites: [AttachmentSite] = []
    /// What local images become: the options', or the front matter's.
    var imageMode: ImageMode
    /// Rule ids already reported once for the whole document.
    private var reportedOnce: Set<String> = []
    /// Where a fallback lost something of the source (an image, raw HTML, a comment, a footnote...),
    /// whatever the finding policy shows: a block holding one cannot be rewritten from its page.
    private(set) var losses: [SourcePosition] = []
    /// Inline start tags already parsed (`<u>` 50,000 times is one libxml2 parse), by their literal.
    private var startTags: [String: HTMLNode?] = [:]
    /// Short HTML blocks already parsed (the same `</div>` or comment many times), by their literal.
    private var fragments: [String: HTMLTree] = [:]
    /// The text buffer of the last `InlineBuilder`, handed to the next one (one per document, not per paragraph).
    var inlineScratch: [UInt8] = []

    /// Takes the inline builders' buffer (an empty one while a builder holds it).
    func takeInlineScratch() -> [UInt8] {
        defer { inlineScratch = [] }
        return inlineScratch
    }

    /// `HTMLFragmentParser.parse(html)`, parsing each short fragment once per document: libxml2 reads
    /// the same bytes the same way, and a parse costs far more than a lookup.
    func fragment(_ html: String) -> HTMLTree {
        guard html.utf8.count <= 512 else { return HTMLFragmentParser.parse(html) }
        if let known = fragments[html] { return known }
        let tree = HTMLFragmentParser.parse(html)
        if fragments.count < 10_000 { fragments[html] = tree }
        return tree
    }

    /// The element a raw inline start tag opens, or nil when libxml2 reads no such element in it.
    func startTag(_ literal: String) -> HTMLNode? {
        if let known = startTags[literal] { return known }
        let fragment = HTMLFragmentParser.parse(literal)
        let name = String(literal.dropFirst().prefix { $0.isLetter || $0.isNumber }).lowercased()
        let element = fragment.siblings(from: fragment.firstRoot).first { fragment[$0].name == name }.map { fragment[$0] }
        if startTags.count < 10_000 { startTags[literal] = .some(element) }
        return element
    }

    init(options: ConversionOptions, findings: FindingCollector, imageMode: ImageMode? = nil) {
        self.options = options
        self.findings = findings
        self.imageMode = imageMode ?? options.imageMode
    }

    func report(_ rule: Rule, at position: SourcePosition, _ message: String, severity: Severity? = nil) {
        noteLoss(rule, at: position)
        findings.report(rule, at: position, message, severity: severity)
    }

    /// Reports `rule` only the first time it is seen in this document, or with this `key`.
    func reportOnce(_ rule: Rule, at position: SourcePosition, _ message: String, key: String = "") {
        guard reportedOnce.insert(rule.id + key).inserted else { return noteLoss(rule, at: position) }
        report(rule, at: position, message)
    }

    private func noteLoss(_ rule: Rule, at position: SourcePosition) {
        if !BlockSource.rulesThatLoseNothing.contains(rule.id) { losses.append(position) }
    }

    /// The number of a footnote label, assigning the next one on first use.
    func footnoteNumber(_ label: String) -> Int {
        if let number = footnoteNumbers[label] { return number }
        let number = footnoteNumbers.count + 1
        footnoteNumbers[label] = number
        return number
    }

    /// An image, or its fallback when the source is not an absolute http(s) URL.
    func image(source: String, alt: String, title: String?, width: Int?, marks: Marks, at position: SourcePosition) -> Inline {
        if URLPolicy.isUnsafe(source) {
            report(RuleCatalog.htmlUnsafe, at: position, "image with a \(scheme(of: source)) URL removed; its alt text is kept")
            return .text(alt, marks)
        }
        if URLPolicy.isAbsoluteHTTP(source) {
            return .image(Image(source: source, alt: alt, title: title, width: width), marks)
        }
        if URLPolicy.isFileURL(source) {
            report(RuleCatalog.localImage, at: position, "image with a file: URL `\(source)` removed; its alt text is kept")
            return .text(alt, marks)
        }
        guard !source.hasPrefix("//"), !URLPolicy.hasScheme(source) else { return notAnImageURL(source, alt: alt, marks: marks, at: position) }
        let image = Image(source: source, alt: alt, title: title, width: width)
        switch imageMode {
        case .upload: return uploaded(image, marks: marks, at: position)
        case .link: return linked(image, marks: marks, at: position)
        case .text:
            report(RuleCatalog.localImage, at: position, "local image `\(source)` sent as its alt text (images: text)")
            return .text(alt.isEmpty ? source : alt, marks)
        }
    }

    /// `images: upload`: the image kept as written and its file recorded, once checked; a bad
    /// reference is an error and the image its alt text.
    private func uploaded(_ image: Image, marks: Marks, at position: SourcePosition) -> Inline {
        // Without a folder (standard input, a payload) there is nothing to upload from.
        guard let files = options.localFiles else { return notAnImageURL(image.source, alt: image.alt, marks: marks, at: position) }
        guard attach(image.source, kind: .image, files: files, at: position) else {
            return .text(image.alt.isEmpty ? image.source : image.alt, marks)
        }
        return .image(image, marks)
    }

    /// Checks the local file `target` names and records it as an attachment site; false (and an
    /// error finding) when it cannot be sent.
    private func attach(_ target: String, kind: AttachmentSite.Kind, files: LocalFiles, at position: SourcePosition) -> Bool {
        switch files.resolve(target, kind: kind) {
        case .success(let file):
            attachmentSites.append(AttachmentSite(target: target, path: file.path, kind: kind, position: position))
            let what = kind == .image ? "image" : "linked file"
            report(RuleCatalog.attachment, at: position, "\(what) `\(target)` (\(LocalFiles.describe(size: file.size))) is uploaded as an attachment of the page")
            return true
        case .failure(let problem):
            report(problem.rule, at: position, problem.message)
            return false
        }
    }

    /// The PD008 fallback: the alt text (the source when there is none).
    private func notAnImageURL(_ source: String, alt: String, marks: Marks, at position: SourcePosition) -> Inline {
        report(RuleCatalog.localImage, at: position, "image `\(source)` is not an absolute http(s) URL: sent as its alt text (set asset_base_url to link it)")
        return .text(alt.isEmpty ? source : alt, marks)
    }

    /// `images: link`: the image at `asset_base_url` + its path.
    private func linked(_ image: Image, marks: Marks, at position: SourcePosition) -> Inline {
        let source = image.source
        guard let base = options.assetBaseURL else { return notAnImageURL(source, alt: image.alt, marks: marks, at: position) }
        guard let resolved = URLPolicy.resolve(source, against: base, sourcePath: options.sourcePath) else {
            report(RuleCatalog.localImage, at: position, "image path `\(source)` climbs above the docs root: sent as its alt text")
            return .text(image.alt.isEmpty ? source : image.alt, marks)
        }
        report(RuleCatalog.localImage, at: position, "image path `\(source)` resolved against the asset base URL: \(resolved)", severity: .info)
        var linked = image
        linked.source = resolved
        return .image(linked, marks)
    }

    /// The link mark for `url`, or nil (and an error) for an unsafe URL.
    /// Relative links (root-relative ones too) are recorded in `linkSites`: publishing rewrites them
    /// once the pages have ids (`Converter.check(_:links:format:)`).
    /// Under `images: upload`, a link to a local file that is not Markdown (a PDF, a zip) is an
    /// attachment site instead; one that cannot be sent is an error, and the link its text.
    func linkTarget(_ url: String, at position: SourcePosition) -> String? {
        if LinkSite.isRewritable(url) {
            if imageMode == .upload, let files = options.localFiles, Self.isLocalFile(url) {
                return attach(url, kind: .file, files: files, at: position) ? url : nil
            }
            linkSites.append(LinkSite(target: url, position: position))
            return url
        }
        if URLPolicy.isFileURL(url) {
            report(RuleCatalog.unpublishedLink, at: position, "link to a file: URL `\(url)` removed; its text is kept")
            return nil
        }
        guard URLPolicy.isUnsafe(url) else { return url }
        report(RuleCatalog.htmlUnsafe, at: position, "link with a \(scheme(of: url)) URL removed; its text is kept")
        return nil
    }

    /// True when a relative link names a file that is not a page: its name has an extension other
    /// than Markdown's (`spec.pdf`, `build.zip`). Folders, Markdown files, names without an extension
    /// and anchors are links to pages.
    static func isLocalFile(_ url: String) -> Bool {
        let end = url.firstIndex { $0 == "?" || $0 == "#" } ?? url.endIndex
        let path = String(url[..<end])
        return !path.hasSuffix("/") && !AttachmentType.isMarkdown(path) && !AttachmentType.fileExtension(of: path).isEmpty
    }

    private func scheme(of url: String) -> String {
        let compact = url.unicodeScalars.filter { $0.value > 0x20 }.map(Character.init)
        return String(compact.prefix { $0 != ":" }).lowercased() + ":"
    }
}

extension MappingContext {
    /// A heading of any source level, with the PD001 fallback for levels 4 to 6.
    func heading(level: Int, _ inlines: [Inline], alignment: Alignment?, at position: SourcePosition) -> Block {
        headingTexts.append(Inline.plainText(inlines))
        guard level > 3 else { return .heading(HeadingLevel(clamping: level), inlines, alignment: alignment) }
        switch options.headingFallback {
        case .h3:
            report(RuleCatalog.headingTooDeep, at: position, "level \(level) heading sent as level 3")
            return .heading(.three, inlines, alignment: alignment)
        case .bold:
            report(RuleCatalog.headingTooDeep, at: position, "level \(level) heading sent as a bold paragraph")
            let bold = inlines.map { inline -> Inline in
                guard case .text(let text, var marks) = inline else { return inline }
                marks.strong = true
                return .text(text, marks)
            }
            return .paragraph(bold, alignment: alignment)
        }
    }
}
