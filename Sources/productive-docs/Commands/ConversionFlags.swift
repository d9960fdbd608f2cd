import ArgumentParser
import ProductiveFormat
import SourceReading

extension OutputFormat: ExpressibleByArgument {}
extension ConversionOptions.HeadingFallback: ExpressibleByArgument {}
extension ConversionOptions.TitleHeading: ExpressibleByArgument {}

/// `--to markdown|html|auto`, for lint and convert.
struct PayloadFormatFlag: ParsableArguments {
    @Option(name: .customLong("to"), help: "Payload format: markdown, html, or auto (HTML only when the document needs it).")
    var format: OutputFormat = .auto
}

/// Options that change how documents are mapped, shared by every command that reads Markdown.
struct ConversionFlags: ParsableArguments {
    @Option(help: "What a level 4–6 heading becomes: h3 or bold.")
    var headingFallback: ConversionOptions.HeadingFallback = .h3

    @Option(help: "Whether the first # heading equal to the page title stays in the body: drop or keep.")
    var titleHeading: ConversionOptions.TitleHeading = .drop

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
            format: format, headingFallback: headingFallback, titleHeading: override ?? titleHeading,
            assetBaseURL: assetBaseURL, disabledRules: disabledRuleIDs
        )
    }
}
