import DocsSync
import Foundation
import ProductiveFormat
import SourceReading

/// `convert DIR --out OUT`: every Markdown file of a folder, each exactly as `convert FILE` gives it.
extension ConvertCommand {
    /// What one file of the folder becomes: its payload written, or why it was not.
    private struct FolderResult: Sendable {
        var displayPath: String
        var findings: [Finding] = []
        var problem: String?
    }

    /// How one file is converted: finished from its docs folder's scan (a published folder, as
    /// `convert FILE` does), or checked alone with these options.
    private enum Job: Sendable {
        case published(PublishedPayload)
        case alone(ConversionOptions)
    }

    /// Converts each Markdown file under `file` (found as `lint` finds them) on all cores and writes
    /// its payload to `out`, under its path in the folder (`.html` for an HTML payload); a file named
    /// with `--out` is written as `out/NAME`. Findings as `convert FILE` prints them; exit 1 when a
    /// file has findings at error level, 2 when one could not be read or written (the others are).
    func convertFolder(into out: String) throws {
        let expansion = InputFiles.expand([file])
        if let problem = expansion.errors.first { throw CommandLineError.input(problem.description) }
        try Self.checkOutputFolder(out, input: file)
        let (files, jobs) = try plannedJobs(expansion.files)
        let base = file.hasSuffix("/") ? file : file + "/"
        let targets = files.map { path in
            out + "/" + (path.hasPrefix(base) ? String(path.dropFirst(base.count)) : URL(fileURLWithPath: path).lastPathComponent)
        }
        do {
            for folder in Set(targets.map { URL(fileURLWithPath: $0).deletingLastPathComponent().path }) {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            }
        } catch {
            throw CommandLineError.input("\(out): cannot create the output folder (\(error.localizedDescription))")
        }
        let work = Array(zip(files, zip(jobs, targets)))
        let results = Converter.concurrentMap(work) { path, job in Self.convert(path, job: job.0, to: job.1) }
        var findings: [FileFinding] = []
        for result in results {
            findings += result.findings.map { FileFinding(path: result.displayPath, finding: $0) }
        }
        let report = FindingReport(findings: findings, fileCount: results.count)
        if self.report {
            Terminal.standardError.write(report.text(color: Terminal.standardError.usesColor) + report.summary + "\n")
        } else if report.count(.error) > 0 {
            Terminal.standardError.write(report.text(color: Terminal.standardError.usesColor))
        }
        let problems = results.compactMap(\.problem)
        if !problems.isEmpty { Terminal.standardError.write(problems.map { "error: \($0)\n" }.joined()) }
        Terminal.exitIfOutputFailed()
        Foundation.exit(!problems.isEmpty ? 2 : report.count(.error) > 0 ? 1 : 0)
    }

    /// Each file's settings, found as `convert FILE` finds them; the files of a published folder
    /// are finished from one scan of it. Files its include/exclude settings leave out are left out,
    /// as `lint DIR` leaves them out.
    private func plannedJobs(_ found: [String]) throws -> (files: [String], jobs: [Job]) {
        let discovery = LintConfigDiscovery(files: found, explicitPaths: [file], explicitConfig: configFile.path, conversion: conversion, format: payload.format)
        let organization = ProcessInfo.processInfo.environment["PRODUCTIVE_ORGANIZATION_ID"] ?? ""
        var options: [String: ConversionOptions] = [:]
        var membersByRoot: [String: (context: FileContext, files: [String])] = [:]
        var files: [String] = []
        do {
            for path in found {
                let context = try discovery.context(for: path)
                if path != file, context.isExcluded(path) { continue }
                files.append(path)
                if let root = context.root?.path, context.manifestPath != nil {
                    membersByRoot[root, default: (context, [])].files.append(path)
                }
                // Also for a published folder's file that is not one of its pages (convert FILE checks it alone).
                var alone = try conversion.options(over: context.config, format: payload.format)
                alone.sourcePath = context.relativePath(of: path)
                alone.localFiles = context.localFiles(for: path)
                options[path] = alone
            }
            var published: [String: PublishedPayload] = [:]
            for (context, members) in membersByRoot.values {
                let config = try conversion.applied(to: context.config, format: payload.format)
                published.merge(try context.publishedPages(for: members, organizationID: organization, config: config)) { $1 }
            }
            return (files, files.map { path in published[path].map(Job.published) ?? .alone(options[path] ?? ConversionOptions()) })
        } catch {
            throw CommandLineError.configuration("\(error)")
        }
    }

    /// Converts one file and writes its payload to `target` (`.html` in place of its extension for HTML).
    private static func convert(_ path: String, job: Job, to target: String) -> FolderResult {
        var result = FolderResult(displayPath: path)
        let bytes: [UInt8]
        let format: OutputFormat
        switch job {
        case .published(let page):
            (bytes, format, result.findings) = (page.payload.bytes, page.format, page.findings)
        case .alone(let options):
            let input: InputFile
            do {
                input = try InputFiles.read(path)
            } catch {
                result.problem = "\(error)"
                return result
            }
            let checked = Converter.check(input.bytes, name: input.displayPath, options: options)
            (format, result.findings) = (checked.format, checked.findings)
            var payload: [UInt8] = []
            if let model = checked.document {
                payload.reserveCapacity(input.bytes.count + input.bytes.count / 4 + 4096)
                PayloadWriter.write(model, format: checked.format, into: &payload)
            }
            bytes = payload
        }
        let name = format == .html ? URL(fileURLWithPath: target).deletingPathExtension().path + ".html" : target
        if let failure = OutputFile.write(bytes, to: name) { result.problem = "\(name): cannot write the payload (\(failure))" }
        return result
    }

    /// `out` may not be the input folder, nor inside it (the payloads would be read as sources by the
    /// next run), nor hold it (a payload would overwrite a source).
    private static func checkOutputFolder(_ out: String, input: String) throws {
        func resolved(_ path: String) -> String { URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: input, isDirectory: &isFolder), isFolder.boolValue else { return }
        let (source, target) = (resolved(input), resolved(out))
        if source == target || target.hasPrefix(source + "/") || source.hasPrefix(target == "/" ? "/" : target + "/") {
            throw CommandLineError.input("--out \(out): the output folder must be outside \(input), and not hold it")
        }
    }
}

/// Writes a payload file with `open(2)` and `write(2)`: no `Data` in between.
enum OutputFile {
    /// Writes `bytes` to `path` (created or truncated); the reason when it failed, else nil.
    static func write(_ bytes: [UInt8], to path: String) -> String? {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { return String(cString: strerror(errno)) }
        var failure: Int32 = 0
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Foundation.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                offset += written
            }
        }
        if close(descriptor) != 0, failure == 0 { failure = errno }
        return failure == 0 ? nil : String(cString: strerror(failure))
    }
}
