import ArgumentParser
import Foundation
import ProductiveAPI
import ProductiveFormat
import SourceReading

/// `productive-docs append`: a note from a file or stdin onto an existing page, safe to retry.
struct AppendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "append",
        abstract: "Append a note (Markdown from a file or standard input) to an existing page.",
        discussion: """
            The note is linted first: error findings stop it. It goes as Markdown, or as HTML when it needs \
            an HTML-only element. With --once KEY the note carries the line "note key: KEY" and is appended \
            only if the page holds no note with that key, so a retried CI step or cron job never adds it \
            twice. Exit 0 on success (or when --once found the note), 1 when the note has errors or the \
            API refused, 2 on usage or configuration errors.
            """
    )

    @Option(help: "The id of the page to append to.")
    var page: String

    @Argument(help: "The note: a Markdown file, or - (the default) for standard input.")
    var file = "-"

    @Option(help: "A heading above the note; {date}, {time} and {datetime} are replaced (local time).")
    var heading: String?

    @Option(help: "Append only if the page holds no note with this key (letters, digits, . _ : -).")
    var once: String?

    @Option(name: .customLong("as"), help: "Payload format: markdown, html, or auto.")
    var format: OutputFormat = .auto

    @OptionGroup var conversion: ConversionFlags

    func validate() throws {
        guard !page.isEmpty, page.allSatisfy(\.isNumber) else { throw ValidationError("--page takes a numeric page id") }
        if let once, !NoteKey.isValid(once) {
            throw ValidationError("--once takes 1 to 100 letters, digits, '.', '_', ':' or '-'")
        }
    }

    func run() async throws {
        let settings: ProductiveConfiguration
        do {
            settings = try ProductiveConfiguration.fromEnvironment()
        } catch {
            throw CommandFailure.configuration("\(error)")
        }
        let input: InputFile
        do {
            input = try InputFiles.read(file)
        } catch {
            throw CommandFailure.input("\(error)")
        }
        var checked = Converter.check(input.bytes, name: input.displayPath, options: conversion.options(format: format, titleHeading: .keep))
        let report = FindingReport(findings: checked.findings.map { FileFinding(path: input.displayPath, finding: $0) }, fileCount: 1)
        if report.count(.error) > 0 {
            Terminal.standardError.write(report.text(color: Terminal.standardError.usesColor) + "the note was not appended: fix the errors above\n")
            throw ExitCode(1)
        }
        guard var document = checked.document, !document.blocks.isEmpty else {
            throw CommandFailure.input("\(input.displayPath): the note is empty")
        }
        if let heading {
            document.blocks.insert(.heading(.two, [.text(NoteTemplate.expand(heading))]), at: 0)
        }
        if let once {
            document.blocks.append(.paragraph([.text(NoteKey.line(once), Marks(emphasis: true))]))
        }
        checked.document = document
        checked.format = (format == .auto ? (checked.frontMatter.format ?? .auto) : format).resolved(for: document)
        let payload = Converter.write(checked)

        let client = ProductiveClient(configuration: settings)
        do {
            let result = try await append(payload, html: checked.format == .html, client: client)
            try? await client.shutdown()
            Terminal.standardOutput.write(result + "\n")
        } catch let error as ProductiveAPIError {
            try? await client.shutdown()
            Terminal.standardError.write("error: \(error)\n")
            throw ExitCode(1)
        }
    }

    private func append(_ payload: String, html: Bool, client: ProductiveClient) async throws -> String {
        let kind: ProductiveClient.BodyWrite = html ? .appendHTML : .appendMarkdown
        let result: Page
        if let once {
            switch try await client.appendOnce(kind, payload, key: once, to: page) {
            case .alreadyThere:
                return "page \(page) already holds the note with key \(once): nothing appended"
            case .appended(let page):
                result = page
            }
        } else {
            result = try await client.write(kind, payload, to: page)
        }
        return "appended to page \(page) as \(html ? "html" : "markdown")" + (result.versionNumber.map { ", version \($0)" } ?? "")
    }
}

/// The text conventions of appended notes.
enum NoteTemplate {
    /// Replaces {date}, {time} and {datetime} with the local date and time.
    static func expand(_ template: String, now: Date = Date()) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        func format(_ pattern: String) -> String {
            formatter.dateFormat = pattern
            return formatter.string(from: now)
        }
        return template.replacingOccurrences(of: "{datetime}", with: format("yyyy-MM-dd HH:mm"))
            .replacingOccurrences(of: "{date}", with: format("yyyy-MM-dd"))
            .replacingOccurrences(of: "{time}", with: format("HH:mm"))
    }
}
