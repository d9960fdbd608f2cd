import Foundation
import ProductiveFormat
import SourceReading

/// Settings given on the command line, over the file's and the environment's; nil: not given.
public struct ConfigOverrides: Sendable, Equatable {
    public var projectID: String?
    public var rootPageID: String?
    public var format: OutputFormat?
    public var headingFallback: ConversionOptions.HeadingFallback?
    public var titleHeading: ConversionOptions.TitleHeading?
    public var assetBaseURL: String?
    public var pageURLTemplate: String?
    public var concurrency: Int?

    public init(
        projectID: String? = nil, rootPageID: String? = nil, format: OutputFormat? = nil,
        headingFallback: ConversionOptions.HeadingFallback? = nil, titleHeading: ConversionOptions.TitleHeading? = nil,
        assetBaseURL: String? = nil, pageURLTemplate: String? = nil, concurrency: Int? = nil
    ) {
        self.projectID = projectID
        self.rootPageID = rootPageID
        self.format = format
        self.headingFallback = headingFallback
        self.titleHeading = titleHeading
        self.assetBaseURL = assetBaseURL
        self.pageURLTemplate = pageURLTemplate
        self.concurrency = concurrency
    }
}

extension DocsConfig {
    /// The variables that name the target, over the file and under the flags.
    public static let projectVariable = "PRODUCTIVE_PROJECT_ID"
    public static let rootPageVariable = "PRODUCTIVE_ROOT_PAGE_ID"

    /// The one place settings are layered, for every command: `file` (the defaults, or
    /// productive-docs.yml over them), then the environment (`PRODUCTIVE_PROJECT_ID`,
    /// `PRODUCTIVE_ROOT_PAGE_ID`), then the flags. A project flag replaces the target below it (with
    /// the root page flag, if given, beside it); a root page flag alone replaces both. A project and a
    /// root page together are an error, as is any value `validate` refuses.
    public static func resolved(file: DocsConfig, environment: [String: String] = [:], flags: ConfigOverrides) throws -> DocsConfig {
        var resolved = file
        if let project = environment[projectVariable], !project.isEmpty {
            resolved.projectID = try PageID.checked(project.trimmingCharacters(in: .whitespacesAndNewlines), projectVariable)
        }
        if let root = environment[rootPageVariable], !root.isEmpty {
            resolved.rootPageID = try PageID.checked(root.trimmingCharacters(in: .whitespacesAndNewlines), rootPageVariable)
        }
        if let project = flags.projectID { try PageID.checked(project, "--project") }
        if let rootPage = flags.rootPageID { try PageID.checked(rootPage, "--root-page") }
        if let project = flags.projectID {
            resolved.projectID = project
            resolved.rootPageID = flags.rootPageID
        } else if let rootPage = flags.rootPageID {
            resolved.rootPageID = rootPage
            resolved.projectID = nil
        }
        if let format = flags.format { resolved.format = format }
        if let headingFallback = flags.headingFallback { resolved.headingFallback = headingFallback }
        if let titleHeading = flags.titleHeading { resolved.titleHeading = titleHeading }
        if let assetBaseURL = flags.assetBaseURL { resolved.assetBaseURL = assetBaseURL }
        if let pageURLTemplate = flags.pageURLTemplate { resolved.pageURLTemplate = pageURLTemplate }
        if let concurrency = flags.concurrency { resolved.concurrency = concurrency }
        if resolved.projectID != nil && resolved.rootPageID != nil {
            throw SyncError("choose one: a project (new doc) or a root page (existing page), not both")
        }
        try resolved.validate("flags")
        return resolved
    }
}
