import Foundation
import ArgumentParser
import ProductiveFormat
import SourceReading

/// `productive-docs convert FILE`: prints exactly the payload that would be sent.
struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Print the payload (Productive Markdown or HTML) that would be sent for a file.",
        discussion: """
            With --report, the degradation report (what was changed and why) goes to standard error. \
            Exit 1 when the file has findings at error level (the payload is still printed), 2 on a usage or input error.
            """
    )

    @Argument(help: "A Markdown file, or - for standard input.")
    var file: String

    @Flag(help: "Print what was changed and why on standard error.")
    var report = false

    @OptionGroup var payload: PayloadFormatFlag
    @OptionGroup var conversion: ConversionFlags

    func run() throws {
        let input: InputFile
        do {
            input = try InputFiles.read(file)
        } catch {
            throw CommandFailure.input("\(error)")
        }
        let conversion = Converter.convert(input.bytes, name: input.displayPath, options: conversion.options(format: payload.format))
        Terminal.standardOutput.write(conversion.payload)
        let checked = conversion.checked
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
        // Exit here, with the conversion still alive: freeing a large document model costs
        // more than the process teardown does, and nothing is left to do.
        withExtendedLifetime(conversion) { Foundation.exit(errors > 0 ? 1 : 0) }
    }
}
