/// A named check with its fallback: the unit of the rules reference and of `--disable`.
public struct Rule: Equatable, Hashable, Sendable {
    /// Stable identifier, e.g. `PD001`. Never reused for another meaning.
    public let id: String
    /// Short kebab-case name.
    public let name: String
    /// The severity a finding of this rule gets.
    public let severity: Severity
    /// One line: what the rule notices.
    public let summary: String
    /// What the tool sends instead (the fallback).
    public let fallback: String
    /// Why the rule exists.
    public let rationale: String
    /// Markdown documents that must raise this rule.
    public let triggering: [String]
    /// Markdown documents that must not raise this rule.
    public let nonTriggering: [String]
    /// The output path the examples are converted on.
    public let examplePath: OutputFormat
    /// When set, the examples are converted as part of a publish where these files are published.
    public let examplePublishedFiles: [String]?
    /// When set, the examples are checked as `example.md` in a folder that holds these files
    /// (relative path → content), so that references to local files can be resolved.
    public let exampleFiles: [String: String]?

    public init(
        id: String, name: String, severity: Severity, summary: String, fallback: String, rationale: String,
        triggering: [String], nonTriggering: [String], examplePath: OutputFormat = .auto, examplePublishedFiles: [String]? = nil,
        exampleFiles: [String: String]? = nil
    ) {
        self.examplePublishedFiles = examplePublishedFiles
        self.exampleFiles = exampleFiles
        self.id = id
        self.name = name
        self.severity = severity
        self.summary = summary
        self.fallback = fallback
        self.rationale = rationale
        self.triggering = triggering
        self.nonTriggering = nonTriggering
        self.examplePath = examplePath
    }
}

/// Which payload a document is written as.
public enum OutputFormat: String, Sendable, CaseIterable, Codable {
    case markdown, html, auto

    /// The concrete format for a document: `auto` picks HTML only when the
    /// document holds an HTML-only element.
    public func resolved(for document: Document) -> OutputFormat {
        resolved(htmlOnlyFeatures: self == .auto ? document.htmlOnlyFeatures : [])
    }

    /// The concrete format for a document holding these HTML-only elements.
    public func resolved(htmlOnlyFeatures features: Set<HTMLOnlyFeature>) -> OutputFormat {
        switch self {
        case .markdown, .html: self
        case .auto: features.isEmpty ? .markdown : .html
        }
    }
}
