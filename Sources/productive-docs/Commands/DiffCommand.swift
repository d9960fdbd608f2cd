import ArgumentParser
import DocsSync
import Foundation
import ProductiveAPI

/// `productive-docs diff [PATH...]`: what differs between published files and their pages.
struct DiffCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Show, as a unified diff of Markdown, how pages differ from their files (edits made in Productive, or not yet published).",
        discussion: """
            For each published file whose page was edited in Productive since the last publish, or which changed \
            since, both sides are read into the document model, normalized and written as Markdown (the form \
            `pull` writes); a page whose model differs is shown as a unified diff (file → page) with who edited it \
            and when, and a page whose title is not the file's (renamed in Productive or in the file) says both titles. PATH is the docs folder (default: the current one) or files in it. Reads only. Exit 0 when \
            nothing differs, 1 when something does, 2 on a configuration error.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Argument(help: "The docs folder, or published files in it (default: the current folder).")
    var paths: [String] = []

    @OptionGroup var target: TargetOptions

    @Option(help: "Output: text (unified diffs) or json.")
    var format: Format = .text

    @OptionGroup var connection: ConnectionOptions

    func validate() throws {
        if target.project != nil || target.rootPage != nil {
            throw ValidationError("diff compares files with the pages their manifest names: --project and --root-page are for publish, plan and pull")
        }
    }

    func run() async throws {
        try await inFolder(paths.first ?? ".") {
            let selection = try PublishedSelection.resolve(paths, target: target)
            let api = try ProductiveConfiguration.fromEnvironment()
            let client = connection.makeClient(api)
            let differ = Differ(client: client, config: selection.context.config, organizationID: api.organizationID)
            let report = try await withShutdown(client) { try await differ.diff(selection.files, root: selection.root, manifestPath: selection.manifestPath) }
            for note in report.notes { Terminal.standardError.write("note: \(Printable.escaped(note))\n") }
            for (path, reason) in report.skipped { Terminal.standardError.write("skipped \(Printable.escaped(path)): \(Printable.escaped(reason))\n") }
            switch format {
            case .json: Terminal.standardOutput.write(Self.json(report))
            case .text: Terminal.standardOutput.write(Self.text(report))
            }
            if report.hasDifferences { throw ExitCode(1) }
        }
    }

    static func text(_ report: DiffReport) -> String {
        var out = ""
        for diff in report.diffs {
            var why: [String] = []
            if diff.editedRemotely { why.append("edited in Productive \(diff.edit.description) (version \(diff.remoteVersion.map(String.init) ?? "none"), last written \(diff.lastWrittenVersion.map(String.init) ?? "none"))") }
            if diff.changedLocally { why.append("the file changed since the last publish") }
            if let fileTitle = diff.fileTitle {
                let title = "\"\(Printable.escaped(diff.title))\" (the file says \"\(Printable.escaped(fileTitle))\")"
                why.append(diff.renamedRemotely ? "renamed in Productive \(diff.edit.description) to \(title)" : "titled \(title)")
            }
            out += "# \(Printable.escaped(diff.path)) (page \(diff.pageID)): \(why.joined(separator: "; "))\n"
            out += diff.unified.split(separator: "\n", omittingEmptySubsequences: false).map { Printable.escaped(String($0)) }.joined(separator: "\n")
            if !out.hasSuffix("\n") { out += "\n" }
        }
        let count = report.diffs.count
        out += count == 0 ? "no differences (\(report.same) page\(report.same == 1 ? "" : "s") compared)\n" : "\(count) page\(count == 1 ? "" : "s") differ\(count == 1 ? "s" : ""), \(report.same) the same\n"
        return out
    }

    static func json(_ report: DiffReport) -> String {
        struct Body: Encodable {
            let pages: [PageDiff]
            let same: Int
            let skipped: [[String: String]]
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let body = Body(pages: report.diffs, same: report.same, skipped: report.skipped.map { ["path": $0.path, "reason": $0.reason] })
        return String(decoding: (try? encoder.encode(body)) ?? Data(), as: UTF8.self) + "\n"
    }
}
