import Foundation
import ProductiveFormat
import ProductiveWire
import SourceReading

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
    /// The `sharing:` section: who is given access to the doc and its folders (nil: access is not managed).
    public var sharing: SharingConfig?
    /// `mentions: true`: links written `[@Name](mailto:address)` become mentions of that user
    /// (Productive notifies them); front matter `mentions:` sets it per page.
    public var mentions = false
    /// `nav:`: paths of files and folders in the order their pages come among their siblings
    /// (MkDocs style); what it does not name comes after (see `SiblingRank`).
    public var nav: [String] = []

    public init() {}

    /// The file name looked for in the docs folder.
    public static let fileName = "productive-docs.yml"

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

        # Links written [@Ana Lopez](mailto:ana@example.com) become mentions of that user, who is
        # notified (plan lists who; publish --no-notify sends plain links). Off by default.
        # mentions: true

        # Who may read or edit the doc (and a folder): people by e-mail, teams and dynamic groups by
        # name, each view, comment, edit or full. Grants added in Productive are kept unless
        # --prune-sharing; the token's own access is never removed or lowered.
        # sharing:
        #   people:
        #     ana@example.com: edit
        #   teams:
        #     Support: view
        #   folders:
        #     ops:
        #       teams:
        #         SRE: full

        # The order of sibling pages: a nav list (paths, in order), else front matter `order: N`, else
        # a numeric name prefix (02-setup.md, 10-guide/), else the name. See docs/publishing.md.
        # nav:
        #   - intro.md
        #   - setup.md
        #   - guide/

        # Requests in flight at once, and the API budgets (Productive: \(short.count) per \(short.window.components.seconds) s, \(sustained.count) per \(sustained.window.components.seconds / 60) min).
        concurrency: \(DocsConfig().concurrency)
        rate_limit: \(short.count)
        rate_limit_per_30_minutes: \(sustained.count)

        """
    }
}
