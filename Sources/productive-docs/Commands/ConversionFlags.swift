import ArgumentParser
import DocsSync
import ProductiveFormat
import SourceReading

extension OutputFormat: ExpressibleByArgument {}
extension ConversionOptions.HeadingFallback: ExpressibleByArgument {}
extension ConversionOptions.TitleHeading: ExpressibleByArgument {}

/// `--to markdown|html|auto`, for lint and convert.
struct PayloadFormatFlag: ParsableArguments {
    @Option(name: .customLong("to"), help: "Payload format: markdown, html, or auto (HTML only when the document needs it). Default: the config's format, else auto.")
    var format: OutputFormat?
}

/// `--config PATH`, for lint and convert: by default the nearest productive-docs.yml above each file.
struct ConfigFileOption: ParsableArguments {
    @Option(name: .customLong("config"), help: "The configuration file (default: the nearest productive-docs.yml above each file).")
    var path: String?
}

/// Options that change how documents are mapped, shared by every command that reads Markdown.
struct ConversionFlags: ParsableArguments {
    @Option(help: "What a level 4–6 heading becomes: h3 or bold (default: the config's, else h3).")
    var headingFallback: ConversionOptions.HeadingFallback?

    @Option(help: "Whether the first # heading equal to the page title stays in the body: drop or keep (default: the config's, else drop).")
    var titleHeading: ConversionOptions.TitleHeading?

    @Option(help: "Base URL that relative image paths are resolved against.")
    var assetBaseURL: String?

    @Option(name: .customLong("disable"), help: "Do not report this rule (repeatable, or a comma list), e.g. --disable PD002.")
    var disabled: [String] = []

    func validate() throws {
        for id in disabledRuleIDs where RuleCatalog.rule(id: id) == nil {
            throw ValidationError("unknown rule `\(id)` in --disable (see `productive-docs rules`)")
        }
        if let assetBaseURL, !(assetBaseURL.hasPrefix("http://") || assetBaseURL.hasPrefix("https://")) {
            throw ValidationError("--asset-base-url must be an absolute http(s) URL")
        }
    }

    var disabledRuleIDs: Set<String> {
        Set(disabled.flatMap { $0.split(separator: ",") }.map { $0.trimmingWhitespace().uppercased() })
    }

    func options(format: OutputFormat = .auto, titleHeading override: ConversionOptions.TitleHeading? = nil) -> ConversionOptions {
        ConversionOptions(
            format: format, headingFallback: headingFallback ?? .h3, titleHeading: override ?? titleHeading ?? .drop,
            assetBaseURL: assetBaseURL, disabledRules: disabledRuleIDs
        )
    }

    /// `config` with these flags (and `--to`) applied over it: flags > config file > defaults.
    func applied(to config: DocsConfig, format: OutputFormat?) -> DocsConfig {
        var config = config
        if let format { config.format = format }
        if let headingFallback { config.headingFallback = headingFallback }
        if let titleHeading { config.titleHeading = titleHeading }
        if let assetBaseURL { config.assetBaseURL = assetBaseURL }
        return config
    }

    /// The conversion options of `config` (flags applied), with `--disable`.
    func options(over config: DocsConfig, format: OutputFormat?) -> ConversionOptions {
        var options = applied(to: config, format: format).conversionOptions()
        options.disabledRules = disabledRuleIDs
        return options
    }
}
