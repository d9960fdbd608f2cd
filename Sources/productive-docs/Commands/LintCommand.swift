import ArgumentParser
import DocsSync
import Foundation
import ProductiveFormat
import SourceReading

extension ReportFormat: ExpressibleByArgument {}

/// `productive-docs lint PATH...`: what Productive cannot show, offline.
struct LintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Check Markdown for what Productive cannot show, and say which fallback applies.",
        discussion: """
            PATH is a file, a folder (searched recursively for .md and .markdown files) or - for standard input; \
            a file named twice is checked once. Prints path:line:col: severity: message [rule], sorted. \
            Rules are set in the `lint:` section of productive-docs.yml and switched off in place with \
            <!-- productive-docs-disable RULE --> comments. Exit 0 when clean, 1 with findings at error level \
            (or warnings with --strict), 2 on a usage, configuration or input error (a missing PATH among \
            several: the others are still checked and reported first).
            """
    )

    @Argument(help: "Files, folders, or - for standard input.")
    var paths: [String]

    @Option(help: "Output format: text, json, github (annotations), sarif, or gitlab (Code Quality).")
    var format: ReportFormat = .text

    @Flag(help: "--format github: annotate infos too (by default they are counted in one line, so that the warnings show).")
    var annotateInfos = false

    @Flag(inversion: .prefixedNo, help: "Warnings fail too (default: `lint.strict` in productive-docs.yml, else off).")
    var strict: Bool?

    @OptionGroup var payload: PayloadFormatFlag
    @OptionGroup var conversion: ConversionFlags
    @OptionGroup var configFile: ConfigFileOption

    func validate() throws {
        if paths.isEmpty { throw ValidationError("name at least one file, folder, or - for standard input") }
        if paths.filter({ $0 == "-" }).count > 1 { throw ValidationError("standard input (-) can be read only once") }
    }

    func run() throws {
        let expansion = InputFiles.expand(paths)
        var problems = expansion.errors.map(\.description)
        var findings: [FileFinding] = []
        var linted = 0
        var failing = false
        let discovery = LintConfigDiscovery(
            files: expansion.files, explicitPaths: paths, explicitConfig: configFile.path, conversion: conversion, format: payload.format)
        // Settings and docs folders first, in order; then the files checked alone, on all cores.
        var planned: [(input: InputFile, plan: LintConfigDiscovery.Plan, strict: Bool)] = []
        // The files are read on all cores (a folder of thousands of small files), problems kept in order.
        let reads = Converter.concurrentMap(expansion.files) { path in Result { try InputFiles.read(path) } }
        for (path, read) in zip(expansion.files, reads) {
            let input: InputFile
            do {
                input = try read.get()
            } catch {
                problems.append("\(error)")
                continue
            }
            do {
                let plan = try discovery.plan(for: path)
                if case .excluded = plan { continue }
                planned.append((input, plan, try strict ?? discovery.context(for: path).config.lint.strict ?? false))
            } catch {
                throw CommandLineError.configuration("\(error)")
            }
        }
        let alone = planned.compactMap { file -> CheckInput? in
            guard case .check(let options) = file.plan else { return nil }
            return CheckInput(bytes: file.input.bytes, name: file.input.displayPath, options: options)
        }
        var checked = Converter.checkAll(alone).makeIterator()
        for file in planned {
            let found: [Finding]
            switch file.plan {
            case .excluded: continue
            case .found(let known): found = known
            case .check: found = checked.next()?.findings ?? []
            }
            linted += 1
            // The lines only for a file with findings past column 1: their columns are counted in
            // code points (column 1 is column 1 either way).
            let lines = found.contains { $0.position.column != 1 } ? SourceLines(file.input.bytes) : nil
            findings += found.map { FileFinding(path: file.input.displayPath, finding: $0, lines: lines) }
            failing = failing || found.contains { $0.severity == .error || (file.strict && $0.severity == .warning) }
        }
        let report = FindingReport(findings: findings, fileCount: linted)
        Terminal.standardOutput.write(report.render(format, color: Terminal.standardOutput.usesColor, annotateInfos: annotateInfos))
        if format == .text {
            Terminal.standardError.write(report.summary + "\n")
        }
        if !problems.isEmpty {
            Terminal.standardError.write(problems.map { "error: \($0)\n" }.joined())
        }
        // Exit here rather than return: what was checked is not freed one object at a time, the
        // process ends with it.
        Terminal.exitIfOutputFailed()
        Foundation.exit(!problems.isEmpty ? 2 : failing ? 1 : 0)
    }
}

extension LintCommand {
    /// `lint PATH...` with no option: the command `ProductiveDocs.parseAsRoot(["lint"] + paths)`
    /// makes, made without ArgumentParser; nil for anything else (an option, `--help`, `--`, no
    /// path, `-` twice, another command), which ArgumentParser parses as usual.
    ///
    /// Why: linting one small file is mostly start-up, and ArgumentParser was about 36 % of it
    /// (4.4 of 12.3 ms, `perf stat`/`perf record` of the static release binary): building its
    /// argument sets through Mirror, the completion-script check and its dynamic casts make the
    /// Swift runtime look up protocol conformances, and in a static binary every lookup that misses
    /// scans all the conformance records. `LintFastPathTests` checks that both ways give the same
    /// command.
    init?(fastPathArguments arguments: some Collection<String>) {
        guard arguments.first == "lint" else { return nil }
        let paths = Array(arguments.dropFirst())
        guard paths.allSatisfy({ $0 == "-" || !$0.hasPrefix("-") }) else { return nil }
        // Set through a value made by init() (inside this initializer, `format = .text` would
        // make the option's definition again), an option group whole: reading an unset one traps.
        var command = LintCommand(), payload = PayloadFormatFlag(), conversion = ConversionFlags(), configFile = ConfigFileOption()
        var mapping = MappingFlags()
        payload.format = nil
        configFile.path = nil
        mapping.headingFallback = nil
        mapping.titleHeading = nil
        mapping.assetBaseURL = nil
        conversion.mapping = mapping
        conversion.disabled = []
        command.paths = paths
        command.format = .text
        command.annotateInfos = false
        command.strict = nil
        (command.payload, command.conversion, command.configFile) = (payload, conversion, configFile)
        guard (try? command.validate()) != nil, (try? conversion.validate()) != nil, (try? mapping.validate()) != nil else { return nil }
        self = command
    }
}
