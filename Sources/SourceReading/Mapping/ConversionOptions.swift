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
    /// Base URL that relative image paths are resolved against.
    public var assetBaseURL: String?
    /// Rule ids whose findings are not reported (the fallback still applies).
    public var disabledRules: Set<String>
    /// Blocks nested deeper than this are lifted (PD014).
    public var maximumDepth: Int

    public init(
        format: OutputFormat = .auto, headingFallback: HeadingFallback = .h3, titleHeading: TitleHeading = .drop,
        assetBaseURL: String? = nil, disabledRules: Set<String> = [], maximumDepth: Int = 16
    ) {
        self.format = format
        self.headingFallback = headingFallback
        self.titleHeading = titleHeading
        self.assetBaseURL = assetBaseURL
        self.disabledRules = disabledRules
        self.maximumDepth = maximumDepth
    }
}
