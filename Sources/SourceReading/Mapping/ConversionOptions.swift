import ProductiveFormat

/// How the checker maps a source document onto the element set.
public struct ConversionOptions: Sendable {
    /// What a heading of level 4 to 6 becomes.
    public enum HeadingFallback: String, Sendable, CaseIterable {
        /// A level 3 heading.
        case h3
        /// A paragraph in bold.
        case bold
    }

    /// Whether the first `#` heading that equals the page title stays in the body.
    public enum TitleHeading: String, Sendable, CaseIterable {
        case drop, keep
    }

    public var format: OutputFormat
    public var headingFallback: HeadingFallback
    public var titleHeading: TitleHeading
    /// Base URL that relative image paths are resolved against (`images: link`).
    public var assetBaseURL: String?
    /// What local images (and links to local non-Markdown files) become; nil: `upload`, or `link`
    /// when `assetBaseURL` is set. Front matter `images:` overrides it for one page.
    public var images: ImageMode?
    /// Where local files are read and checked (the docs folder); nil when the document has no folder
    /// (standard input): local images then fall back to their alt text (PD008).
    public var localFiles: LocalFiles?
    /// Rule ids whose findings are not reported (the fallback still applies).
    public var disabledRules: Set<String>
    /// Rules switched off or given a severity of their own (`lint.rules` in productive-docs.yml);
    /// `disabledRules` comes on top. The fallbacks still apply.
    public var findingPolicy: FindingPolicy
    /// Blocks nested deeper than this are lifted (PD014).
    public var maximumDepth: Int
    /// Decides what relative links (to other files of the docs folder) become, when publishing.
    public var linkResolver: LinkResolver?
    /// The Markdown file's path relative to the docs root (`guide/setup.md`): relative image paths
    /// join `assetBaseURL` from its folder, root-relative links (`/guide/x.md`) resolve from the root.
    /// Nil means the file sits at the root.
    public var sourcePath: String?

    public init(
        format: OutputFormat = .auto, headingFallback: HeadingFallback = .h3, titleHeading: TitleHeading = .drop,
        assetBaseURL: String? = nil, disabledRules: Set<String> = [], maximumDepth: Int = 16, linkResolver: LinkResolver? = nil,
        findingPolicy: FindingPolicy = FindingPolicy(), sourcePath: String? = nil
    ) {
        self.findingPolicy = findingPolicy
        self.linkResolver = linkResolver
        self.sourcePath = sourcePath
        self.format = format
        self.headingFallback = headingFallback
        self.titleHeading = titleHeading
        self.assetBaseURL = assetBaseURL
        self.disabledRules = disabledRules
        self.maximumDepth = maximumDepth
    }

    /// The image mode in force: `images`, else `link` when an asset base URL is set, else `upload`.
    public var imageMode: ImageMode {
        images ?? (assetBaseURL == nil ? .upload : .link)
    }

    /// The policy findings are collected under: `findingPolicy` with `disabledRules` switched off.
    public var effectiveFindingPolicy: FindingPolicy {
        findingPolicy.overridden(by: .disabling(disabledRules))
    }
}

/// What a relative link of a document becomes when the folder is published.
public enum LinkTarget: Sendable, Equatable {
    /// Leave the link as written.
    case keep
    /// Link to this URL instead (a page URL built from `page_url_template`).
    case url(String)
    /// A page mention (HTML path), for a published page without a URL template.
    case pageMention(id: String)
    /// The target page does not exist yet (created later in this run): text only for now.
    case pending
    /// The target is not a published file: text only, and a finding.
    case unpublished(reason: String)
    /// The link becomes `target`, but loses part of what it said (an anchor that cannot be kept):
    /// a finding of `rule` at each place the link is written, `message` saying what was lost.
    indirect case weakened(LinkTarget, rule: Rule, message: String)
}

/// Resolves relative link targets (`guide.md#setup`, `../ops/`) for one document.
public struct LinkResolver: Sendable {
    public let resolve: @Sendable (String) -> LinkTarget

    public init(_ resolve: @escaping @Sendable (String) -> LinkTarget) {
        self.resolve = resolve
    }

    /// True for targets the resolver is asked about: no scheme, not only an anchor.
    public static func isRelative(_ url: String) -> Bool {
        guard !url.isEmpty, !url.hasPrefix("#"), !url.hasPrefix("//"), !url.hasPrefix("/") else { return false }
        let scheme = url.prefix { $0 != ":" && $0 != "/" && $0 != "?" && $0 != "#" }
        return scheme.count == url.count || url[url.index(url.startIndex, offsetBy: scheme.count)] != ":"
    }
}
