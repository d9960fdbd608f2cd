import Foundation
import ProductiveFormat
import ProductiveWire
import SourceReading
import Yams

/// The settings of a docs folder, from `productive-docs.yml`. Precedence: flags, then environment
/// (`PRODUCTIVE_PROJECT_ID`, `PRODUCTIVE_ROOT_PAGE_ID`), then this file, then the defaults.
public struct DocsConfig: Sendable, Equatable {
    /// The project a new doc is created in.
    public var projectID: String?
    /// An existing page the tree hangs under.
    public var rootPageID: String?
    /// Globs (relative POSIX paths, `**` for any folders) of files to publish.
    public var include: [String] = ["**/*.md", "**/*.markdown"]
    /// Globs of files never published.
    public var exclude: [String] = []
    public var format: OutputFormat = .auto
    public var headingFallback: ConversionOptions.HeadingFallback = .h3
    public var titleHeading: ConversionOptions.TitleHeading = .drop
    public var assetBaseURL: String?
    /// What local images and links to local files become (`images:`); nil: `upload`, or `link`
    /// when `asset_base_url` is set.
    public var images: ImageMode?
    /// The largest local file sent as an attachment, in MB (`attachment_max_mb`).
    public var attachmentMaxMB = 25
    /// Page URL pattern with `{page_id}` and `{organization_id}`, for links between published pages.
    public var pageURLTemplate: String?
    /// Requests in flight at once.
    public var concurrency = 4
    /// Requests per 10 seconds, and per 30 minutes.
    public var rateLimit = RateLimit.productiveShortWindow.count
    public var rateLimitPer30Minutes = RateLimit.productiveSustained.count
    /// The `lint:` section: rule settings and strictness (see `LintSettings`).
    public var lint = LintSettings()

    public init() {}

    /// The file name looked for in the docs folder.
    public static let fileName = "productive-docs.yml"

    /// Reads a config file; unknown keys and wrong types are errors that name the key.
    public static func load(_ path: String) throws -> DocsConfig {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw SyncError("\(path): cannot read (\(error.localizedDescription))")
        }
        let loaded: Any?
        do {
            loaded = try Yams.load(yaml: text)
        } catch {
            throw SyncError("\(path): not valid YAML: \(error)")
        }
        var config = DocsConfig()
        guard let loaded else { return config }
        guard let map = loaded as? [AnyHashable: Any] else { throw SyncError("\(path): expected a mapping of settings") }
        for (rawKey, value) in map {
            let key = "\(rawKey.base)"
            func string() throws -> String {
                if let string = value as? String { return string }
                if let number = value as? Int { return String(number) }
                throw SyncError("\(path): `\(key)` must be a string")
            }
            func int() throws -> Int {
                guard let number = value as? Int, number > 0 else { throw SyncError("\(path): `\(key)` must be a positive number") }
                return number
            }
            func strings() throws -> [String] {
                if value is NSNull { return [] }
                if let list = value as? [Any] { return try list.map { item in
                    guard let string = item as? String else { throw SyncError("\(path): `\(key)` must be a list of globs") }
                    return string
                } }
                if let string = value as? String { return [string] }
                throw SyncError("\(path): `\(key)` must be a list of globs")
            }
            switch key {
            case "project", "project_id": config.projectID = try string()
            case "root_page", "root_page_id": config.rootPageID = try string()
            case "include": config.include = try strings()
            case "exclude": config.exclude = try strings()
            case "format":
                guard let format = OutputFormat(rawValue: try string()) else { throw SyncError("\(path): `format` is markdown, html or auto") }
                config.format = format
            case "heading_fallback":
                guard let fallback = ConversionOptions.HeadingFallback(rawValue: try string()) else { throw SyncError("\(path): `heading_fallback` is h3 or bold") }
                config.headingFallback = fallback
            case "title_heading":
                guard let policy = ConversionOptions.TitleHeading(rawValue: try string()) else { throw SyncError("\(path): `title_heading` is drop or keep") }
                config.titleHeading = policy
            case "asset_base_url": config.assetBaseURL = try string()
            case "images":
                guard let mode = ImageMode(rawValue: try string()) else { throw SyncError("\(path): `images` is upload, link or text") }
                config.images = mode
            case "attachment_max_mb": config.attachmentMaxMB = try int()
            case "page_url_template": config.pageURLTemplate = try string()
            case "concurrency": config.concurrency = try int()
            case "rate_limit": config.rateLimit = try int()
            case "rate_limit_per_30_minutes": config.rateLimitPer30Minutes = try int()
            case LintSettings.key: config.lint = try LintSettings.parse(yaml: text, path: path)
            default: throw SyncError("\(path): unknown setting `\(key)`")
            }
        }
        try config.validate(path)
        return config
    }

    /// The checks every source of settings goes through (file, environment, flags): page ids are
    /// numeric, counts positive, URLs absolute, the page URL template names `{page_id}`.
    public func validate(_ source: String) throws {
        if let projectID { try PageID.checked(projectID, "\(source): `project`") }
        if let rootPageID { try PageID.checked(rootPageID, "\(source): `root_page`") }
        if concurrency < 1 || rateLimit < 1 || rateLimitPer30Minutes < 1 {
            throw SyncError("\(source): `concurrency` and the rate limits must be at least 1")
        }
        if let url = assetBaseURL, !(url.hasPrefix("https://") || url.hasPrefix("http://")) {
            throw SyncError("\(source): `asset_base_url` must be an absolute http(s) URL")
        }
        if images == .link, assetBaseURL == nil {
            throw SyncError("\(source): `images: link` needs `asset_base_url` (where the images are hosted)")
        }
        if attachmentMaxMB < 1 || attachmentMaxMB > 1024 {
            throw SyncError("\(source): `attachment_max_mb` must be between 1 and 1024")
        }
        if let template = pageURLTemplate, !template.contains("{page_id}") {
            throw SyncError("\(source): `page_url_template` must contain {page_id}")
        }
    }

    /// The conversion options these settings imply, for one document.
    public func conversionOptions(linkResolver: LinkResolver? = nil) -> ConversionOptions {
        var options = ConversionOptions(format: format, headingFallback: headingFallback, titleHeading: titleHeading, assetBaseURL: assetBaseURL, linkResolver: linkResolver, findingPolicy: lint.policy)
        options.images = images
        return options
    }

    /// The local files of `file` (relative to the docs folder `root`): read from that folder, with
    /// this configuration's size bound.
    public func localFiles(root: URL, file: String) -> LocalFiles {
        LocalFiles(root: FilePaths.standardized(root.path), source: file, sizeLimit: attachmentMaxMB * 1024 * 1024)
    }

    /// What `productive-docs init` writes (the limits are the wire's defaults, written once there).
    public static var template: String {
        let short = RateLimit.productiveShortWindow, sustained = RateLimit.productiveSustained
        return """
        # productive-docs configuration. Flags override these settings, and the environment
        # (PRODUCTIVE_PROJECT_ID, PRODUCTIVE_ROOT_PAGE_ID) overrides this file.

        # Where the tree goes: a new doc in a project, or under an existing page (one of the two).
        # project: 123456
        # root_page: 654321

        # Which files are published (globs relative to this folder; ** matches any folders).
        include:
          - "**/*.md"
          - "**/*.markdown"
        exclude:
          # - "drafts/**"
          # - "**/CHANGELOG.md"

        # Payload format: auto sends HTML only for pages that need it (banners, alignment, columns...).
        format: auto
        # What a level 4-6 heading becomes: h3, or bold (a bold paragraph).
        heading_fallback: h3
        # Drop the first # heading when it equals the page title (Productive shows the title): drop or keep.
        title_heading: drop

        # Local images (and links to local PDFs, zips...): upload (attachments of the page), link
        # (asset_base_url + path) or text (the alt text). Front matter `images:` overrides it per page.
        # images: upload
        # The largest local file sent as an attachment, in MB.
        attachment_max_mb: 25
        # With images: link, relative image paths are resolved against this absolute URL.
        # asset_base_url: https://raw.githubusercontent.com/acme/handbook/main/docs/

        # Links between published files become links to their pages when this is set (Productive's
        # page URL pattern is not documented: copy one from your browser); otherwise page mentions.
        # page_url_template: https://app.productive.io/{organization_id}-acme/docs/page/{page_id}

        # Requests in flight at once, and the API budgets (Productive: \(short.count) per \(short.window.components.seconds) s, \(sustained.count) per \(sustained.window.components.seconds / 60) min).
        concurrency: \(DocsConfig().concurrency)
        rate_limit: \(short.count)
        rate_limit_per_30_minutes: \(sustained.count)

        """
    }
}
