import Foundation
import ArgumentParser
import DocsSync
import ProductiveFormat
import SourceReading

/// `productive-docs convert FILE`: prints exactly the payload that would be sent
/// (`convert DIR --out OUT`: writes one per file, `ConvertCommand+Folder.swift`).
struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Print the payload (Productive Markdown or HTML) that would be sent for a file.",
        discussion: """
            Uses the nearest productive-docs.yml above the file (or --config); flags override it. When the \
            file belongs to a published folder (a .productive-docs.json above it), links are resolved through \
            the manifest exactly as publish does, so the output is byte for byte the body publish sends \
            (set PRODUCTIVE_ORGANIZATION_ID when page_url_template uses {organization_id}). \
            With --report, the degradation report (what was changed and why) goes to standard error. \
            Exit 1 when the file has findings at error level (the payload is still printed), 2 on a usage or input error.
            """
    )

    @Argument(help: "A Markdown file, - for standard input, or a folder (with --out).")
    var file: String

    @Option(help: ArgumentHelp("Write each file's payload into this folder, under its path in FILE (a folder: every Markdown file in it, on all cores).", valueName: "folder"))
    var out: String?

    @Flag(help: "Print what was changed and why on standard error.")
    var report = false

    @OptionGroup var payload: PayloadFormatFlag
    @OptionGroup var conversion: ConversionFlags
    @OptionGroup var configFile: ConfigFileOption

    func validate() throws {
        if out != nil, file == "-" { throw ValidationError("--out writes the payloads of files: name a folder or a file, not -") }
    }

    func run() throws {
        if let out { return try convertFolder(into: out) }
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: file, isDirectory: &isFolder), isFolder.boolValue {
            throw CommandLineError.input("\(file): a folder: name --out FOLDER to write each file's payload there")
        }
        let input = try InputFiles.read(file)
        let discovery = LintConfigDiscovery(files: [file], explicitPaths: [file], explicitConfig: configFile.path, conversion: self.conversion, format: payload.format)
        let context: FileContext
        let published: PublishedPayload?
        var options: ConversionOptions
        do {
            context = try discovery.context(for: file)
            let organization = ProcessInfo.processInfo.environment["PRODUCTIVE_ORGANIZATION_ID"] ?? ""
            let config = try self.conversion.applied(to: context.config, format: payload.format)
            published = file == "-" || context.manifestPath == nil ? nil
                : try context.publishedPages(for: [file], organizationID: organization, config: config)[file]
            options = try self.conversion.options(over: context.config, format: payload.format)
        } catch {
            throw CommandLineError.configuration("\(error)")
        }
        if file != "-" {
            options.sourcePath = context.relativePath(of: file)
            options.localFiles = context.localFiles(for: file)
        }
        var checked = Converter.check(input.bytes, name: input.displayPath, options: options)
        let model = checked.document
        if let published {
            Terminal.standardOutput.write(published.payload.bytes)
        } else if let model {
            // The payload as bytes in one buffer, written with one write(2): about the input's size.
            var payload: [UInt8] = []
            payload.reserveCapacity(input.bytes.count + input.bytes.count / 4 + 4096)
            PayloadWriter.write(model, format: checked.format, into: &payload)
            Terminal.standardOutput.write(payload)
        }
        if let published {
            checked.format = published.format
            checked.findings = published.findings.filter { !options.disabledRules.contains($0.ruleID) }
        }
        let findings = FindingReport(findings: checked.findings.map { FileFinding(path: input.displayPath, finding: $0) }, fileCount: 1)
        let errors = findings.count(.error)
        if report {
            var text = "\(input.displayPath): sent as \(checked.format.rawValue)"
            if let document = checked.document, checked.format == .html {
                text += " (HTML-only: \(document.htmlOnlyFeatures.sorted().map(\.rawValue).joined(separator: ", ")))"
            }
            text += ", title \"\(checked.title)\"\n"
            text += findings.text(color: Terminal.standardError.usesColor)
            text += findings.summary + "\n"
            Terminal.standardError.write(text)
        } else if errors > 0 {
            Terminal.standardError.write(findings.text(color: Terminal.standardError.usesColor))
        }
        // Exit here, with the model still alive: freeing a large document model costs
        // more than the process teardown does, and nothing is left to do.
        withExtendedLifetime(model) {
            Terminal.exitIfOutputFailed()
            Foundation.exit(errors > 0 ? 1 : 0)
        }
    }
}
