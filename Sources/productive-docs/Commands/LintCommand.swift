import ArgumentParser
import ProductiveFormat
import SourceReading

extension ReportFormat: ExpressibleByArgument {}

/// `productive-docs lint PATH...`: what Productive cannot show, offline.
struct LintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Check Markdown for what Productive cannot show, and say which fallback applies.",
        discussion: """
            PATH is a file, a folder (searched recursively for .md and .markdown files) or - for standard input.
            Prints path:line:col: severity: message [rule], sorted. Exit 0 when clean, 1 with findings at \
            error level (or warnings with --strict), 2 on a usage or input error.
            """
    )

    @Argument(help: "Files, folders, or - for standard input.")
    var paths: [String]

    @Option(help: "Output format: text, json, github (annotations), or sarif.")
    var format: ReportFormat = .text

    @Flag(help: "Warnings fail too.")
    var strict = false

    @OptionGroup var payload: PayloadFormatFlag
    @OptionGroup var conversion: ConversionFlags
    @OptionGroup var configFile: ConfigFileOption

    func validate() throws {
        if paths.isEmpty { throw ValidationError("name at least one file, folder, or - for standard input") }
        if paths.filter({ $0 == "-" }).count > 1 { throw ValidationError("standard input (-) can be read only once") }
    }

    func run() throws {
        let files: [String]
        do {
            files = try InputFiles.expand(paths)
        } catch {
            throw CommandFailure.input("\(error)")
        }
        var findings: [FileFinding] = []
        var linted = 0
        let discovery = LintConfigDiscovery(files: files, explicitPaths: paths, explicitConfig: configFile.path, conversion: conversion, format: payload.format)
        for path in files {
            let input: InputFile
            do {
                input = try InputFiles.read(path)
            } catch {
                throw CommandFailure.input("\(error)")
            }
            let found: [Finding]?
            do {
                found = try discovery.findings(for: path, input: input)
            } catch {
                throw CommandFailure.configuration("\(error)")
            }
            guard let found else { continue }
            linted += 1
            findings += found.map { FileFinding(path: input.displayPath, finding: $0) }
        }
        let report = FindingReport(findings: findings, fileCount: linted)
        Terminal.standardOutput.write(report.render(format, color: Terminal.standardOutput.usesColor))
        if format == .text {
            Terminal.standardError.write(report.summary + "\n")
        }
        let failing = report.count(.error) > 0 || (strict && report.count(.warning) > 0)
        if failing { throw ExitCode(1) }
    }
}

/// A failure that is not the documents' fault: exit 2 with a message.
enum CommandFailure: Error, CustomStringConvertible {
    case input(String)
    case configuration(String)

    var description: String {
        switch self {
        case .input(let message), .configuration(let message): "error: \(message)"
        }
    }
}
