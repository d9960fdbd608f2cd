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

/// How documents are mapped, for every command that reads Markdown (lint, convert, append, plan,
/// publish, doctor): each flag overrides the config's setting.
struct MappingFlags: ParsableArguments {
    @Option(help: "What a level 4–6 heading becomes: h3 or bold (default: the config's, else h3).")
    var headingFallback: ConversionOptions.HeadingFallback?

    @Option(help: "Whether the first # heading equal to the page title stays in the body: drop or keep (default: the config's, else drop).")
    var titleHeading: ConversionOptions.TitleHeading?

    @Option(help: "Base URL that relative image paths are resolved against.")
    var assetBaseURL: String?

    func validate() throws {
        if let assetBaseURL, !(assetBaseURL.hasPrefix("http://") || assetBaseURL.hasPrefix("https://")) {
            throw ValidationError("--asset-base-url must be an absolute http(s) URL")
        }
    }

    /// These flags (and the payload format) as overrides of the config.
    func overrides(format: OutputFormat?) -> ConfigOverrides {
        ConfigOverrides(format: format, headingFallback: headingFallback, titleHeading: titleHeading, assetBaseURL: assetBaseURL)
    }
}

/// The mapping flags and `--disable`, for the commands that report findings of files alone (lint,
/// convert, append).
struct ConversionFlags: ParsableArguments {
    @OptionGroup var mapping: MappingFlags

    @Option(name: .customLong("disable"), help: "Do not report this rule (repeatable, or a comma list), e.g. --disable PD002.")
    var disabled: [String] = []

    func validate() throws {
        for id in disabledRuleIDs where RuleCatalog.rule(id: id) == nil {
            throw ValidationError("unknown rule `\(id)` in --disable (see `productive-docs rules`)")
        }
    }

    var disabledRuleIDs: Set<String> {
        Set(disabled.flatMap { $0.split(separator: ",") }.map { $0.trimmingWhitespace().uppercased() })
    }

    /// The options of a document with no config (a note): these flags over the defaults.
    func options(format: OutputFormat = .auto, titleHeading override: ConversionOptions.TitleHeading? = nil) -> ConversionOptions {
        ConversionOptions(
            format: format, headingFallback: mapping.headingFallback ?? .h3, titleHeading: override ?? mapping.titleHeading ?? .drop,
            assetBaseURL: mapping.assetBaseURL, disabledRules: disabledRuleIDs
        )
    }

    /// `config` with these flags (and `--to`) applied over it (`DocsConfig.resolved`, no environment).
    func applied(to config: DocsConfig, format: OutputFormat?) throws -> DocsConfig {
        try DocsConfig.resolved(file: config, flags: mapping.overrides(format: format))
    }

    /// The conversion options of `config` (flags applied), with `--disable`.
    func options(over config: DocsConfig, format: OutputFormat?) throws -> ConversionOptions {
        var options = try applied(to: config, format: format).conversionOptions()
        options.disabledRules = disabledRuleIDs
        return options
    }
}
