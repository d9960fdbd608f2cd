import ArgumentParser
import DocsSync
import Foundation
import ProductiveAPI
import ProductiveFormat
import ProductiveWire
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
            twice (runs on one machine take turns per page). Exit 0 on success (or when --once found the \
            note), 1 when the note has errors, the API refused, or the page changed while an answer was \
            lost; 2 on usage or configuration errors, or when Productive cannot be reached.
            """
    )

    @Option(help: "The id of the page to append to.")
    var page: String?

    @Option(name: .customLong("page-of"), help: ArgumentHelp("A published file or folder: its page comes from the manifest.", valueName: "path"))
    var pageOf: String?

    @Option(help: "The manifest for --page-of (default: the nearest .productive-docs.json above the file).")
    var manifest: String?

    @Argument(help: "The note: a Markdown file, or - (the default) for standard input.")
    var file = "-"

    @Option(help: "A heading above the note; {date}, {time} and {datetime} are replaced (local time).")
    var heading: String?

    @Option(help: "Append only if the page holds no note with this key (letters, digits, . _ : -).")
    var once: String?

    /// `--to`, the payload format as in convert, lint, plan and publish (`--as` is its older name).
    /// Before, `append --to PATH` named the page's file: such a value is still taken as
    /// `--page-of PATH`, with a warning, so that scripts written for it keep working.
    @Option(name: [.customLong("to"), .customLong("as")], help: ArgumentHelp("Payload format: markdown, html, or auto (HTML only when the note needs it).", valueName: "format"))
    var to: String?

    /// The payload format `--to` names (auto when it names none).
    var format: OutputFormat { to.flatMap(OutputFormat.init(rawValue:)) ?? .auto }

    /// The published file whose page the note goes to: `--page-of`, or the older `--to PATH`.
    var target: String? { pageOf ?? to.flatMap { OutputFormat(rawValue: $0) == nil ? $0 : nil } }

    @OptionGroup var conversion: ConversionFlags

    @OptionGroup var connection: ConnectionOptions

    func validate() throws {
        if let to, OutputFormat(rawValue: to) == nil, pageOf != nil || !FileManager.default.fileExists(atPath: to) {
            throw ValidationError("--to takes the payload format: markdown, html or auto (the page is named by --page ID or --page-of PATH)")
        }
        guard (page == nil) != (target == nil) else { throw ValidationError("name the page with --page ID or --page-of PATH (one of them)") }
        if let page, page.isEmpty || !page.allSatisfy(\.isNumber) { throw ValidationError("--page takes a numeric page id") }
        if let once, !NoteKey.isValid(once) {
            throw ValidationError("--once takes 1 to 100 letters, digits, '.', '_', ':' or '-'")
        }
    }

    /// The largest note read (from a file or standard input): a note is a few paragraphs, and
    /// reading stops here, so a runaway pipe cannot fill the memory.
    static let maximumNoteBytes = 4 << 20

    func run() async throws {
        // A missing setting is the API layer's `.misconfigured`, a page the manifest lacks the sync
        // layer's: both exit 2 (`ErrorReport`).
        let settings = try ProductiveConfiguration.fromEnvironment()
        if pageOf == nil, let target {
            Terminal.standardError.write("warning: `append --to PATH` is now `append --page-of PATH` (--to is the payload format in every command); taking \(Printable.escaped(target)) as --page-of\n")
        }
        let pageID = try page ?? PageLookup.pageID(of: target ?? "", manifest: manifest)
        let input = try InputFiles.read(file, limit: Self.maximumNoteBytes)
        var checked = Converter.check(input.bytes, name: input.displayPath, options: conversion.options(format: format, titleHeading: .keep))
        let report = FindingReport(findings: checked.findings.map { FileFinding(path: input.displayPath, finding: $0) }, fileCount: 1)
        if report.count(.error) > 0 {
            Terminal.standardError.write(report.text(color: Terminal.standardError.usesColor) + "the note was not appended: fix the errors above\n")
            throw ExitCode(1)
        }
        guard var document = checked.document, !document.blocks.isEmpty else {
            throw CommandLineError.input("\(input.displayPath): the note is empty")
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

        let sent = WriteVerification.sentModel(of: document, format: checked.format, payload: payload)

        let client = connection.makeClient(settings)
        do {
            let (result, written) = try await append(payload, sent: sent, html: checked.format == .html, to: pageID, settings: settings, client: client)
            try? await client.shutdown()
            // The append's own answer carries the body: the note must be at its end.
            switch written.map({ WriteVerification.append(sent: sent, answer: $0.body) }) {
            case .differs(let difference):
                Terminal.standardError.write("error: page \(pageID) answered the append\(written?.versionNumber.map { " (version \($0))" } ?? ""), but the note \(difference)\n")
                throw ExitCode(1)
            case .notVerified(let why) where connection.verbose:
                Terminal.standardError.write("not verified: \(why)\n")
            default:
                break
            }
            Terminal.standardOutput.write(result + "\n")
        } catch {
            // Refused, unreachable, or the page lock (exit 1 or 2: `ErrorReport`).
            try? await client.shutdown()
            throw error
        }
    }

    /// Appends the note; returns the line to print and the page as the append answered it (nil when
    /// `--once` found the note already there).
    private func append(_ payload: Payload, sent: Document, html: Bool, to page: String, settings: ProductiveConfiguration, client: ProductiveClient) async throws -> (String, Page?) {
        let kind: ProductiveClient.BodyWrite = html ? .appendHTML : .appendMarkdown
        let result: Page
        if let once {
            // Runs on this machine take turns per page, so two started together cannot both miss the key.
            let lock = try await PageLock.acquire(pageID: page, baseURL: settings.baseURL, organizationID: settings.organizationID, timeout: .seconds(connection.timeout))
            defer { lock.release() }
            switch try await client.appendOnce(kind, payload, key: once, to: page) {
            case .alreadyThere:
                return ("page \(page) already holds the note with key \(once): nothing appended", nil)
            case .appended(let page):
                result = page
            }
        } else {
            result = try await client.write(kind, payload, to: page, landed: WriteVerification.check(sent: sent, append: true))
        }
        return ("appended to page \(page) as \(html ? "html" : "markdown")" + (result.versionNumber.map { ", version \($0)" } ?? ""), result)
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

/// Finds the page of a published file through the manifest.
enum PageLookup {
    static func pageID(of target: String, manifest explicit: String?) throws -> String {
        let url = URL(fileURLWithPath: target).standardizedFileURL
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw SyncError("\(target): no such file or folder")
        }
        let manifestURL: URL
        if let explicit {
            manifestURL = URL(fileURLWithPath: explicit).standardizedFileURL
        } else {
            var folder = isDirectory.boolValue ? url : url.deletingLastPathComponent()
            while !FileManager.default.fileExists(atPath: folder.appendingPathComponent(Manifest.defaultFileName).path) {
                guard folder.path != "/" else { throw SyncError("\(target): no \(Manifest.defaultFileName) above it: publish the folder first, or pass --manifest") }
                folder = folder.deletingLastPathComponent()
            }
            manifestURL = folder.appendingPathComponent(Manifest.defaultFileName)
        }
        let root = manifestURL.deletingLastPathComponent().path
        guard url.path == root || url.path.hasPrefix(root + "/") else { throw SyncError("\(target) is not inside \(root)") }
        var key = url.path == root ? "." : String(url.path.dropFirst(root.count + 1))
        if isDirectory.boolValue && key != "." { key += "/" }
        let entries = try Manifest.load(manifestURL.path).pages
        if let entry = entries[key] { return entry.pageID }
        // A folder's index file is the folder's page.
        let folderKey = key.split(separator: "/").dropLast().joined(separator: "/")
        if ["index.md", "README.md", "readme.md", "index.markdown"].contains(String(key.split(separator: "/").last ?? "")),
           let entry = entries[folderKey.isEmpty ? "." : folderKey + "/"] {
            return entry.pageID
        }
        throw SyncError("\(target): not in \(manifestURL.path) (publish it first)")
    }
}
