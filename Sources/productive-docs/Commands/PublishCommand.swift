import ArgumentParser
import DocsSync
import Foundation

/// `productive-docs publish [DIR]`: the folder as a tree of pages, incrementally and safely.
struct PublishCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish",
        abstract: "Publish a folder of Markdown as a tree of Productive pages; only what changed is sent.",
        discussion: """
            Parents before children; creates through create_with_markdown (HTML pages then get \
            replace_body_with_html), updates through replace_body_*, renames through PATCH. The manifest is \
            written after every page operation. A page edited in Productive since the last publish is a \
            conflict and is skipped (--on-conflict). Files with lint errors are held back and reported \
            (--allow-errors sends them). One publish per folder at a time (a lock beside the manifest; \
            PRODUCTIVE_DOCS_LOCK_TIMEOUT seconds of waiting, 60 by default). Exit 0 only when Productive holds \
            every file's current content; 1 when a file was not published as it is now (failed, held back, \
            skipped for a conflict: each named on standard error; the others are still done and recorded); \
            2 on a configuration error or when Productive could not be reached (connection refused, DNS, TLS). \
            Every body write is checked against the page its answer carries: a page that does not hold what \
            was sent fails ("did not land as sent") and is sent again next run. --snapshot NAME makes a named \
            page version after each page changed; one that cannot be made is reported, the publish stands.
            """
    )

    @OptionGroup var options: PublishOptions

    @Flag(help: "Show the plan and write nothing (same as `plan`).")
    var dryRun = false

    @Option(help: "A page edited in Productive: skip it, fail, or overwrite it.")
    var onConflict: ConflictPolicy = .skip

    @Flag(help: "Same as --on-conflict overwrite.")
    var force = false

    @Flag(help: "Delete the pages of files that are gone (only pages the manifest owns, never one with foreign subpages).")
    var prune = false

    @Flag(help: "Print the per-file results as JSON on standard output.")
    var json = false

    @Option(help: ArgumentHelp("After each page it changes, make a named page version (a restore point to roll back to in Productive).", valueName: "name"))
    var snapshot: String?

    @Flag(help: "Take back the pages a lost or stale manifest no longer knows: match them by title and place, prove each against its file, rebuild the manifest; nothing is written to Productive.")
    var adopt = false

    func validate() throws {
        if adopt, dryRun || prune || force || snapshot != nil { throw ValidationError("--adopt only rebuilds the manifest: it takes none of --dry-run, --prune, --force, --snapshot") }
        if let snapshot, snapshot.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty || snapshot.count > 255 || snapshot.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            throw ValidationError("--snapshot takes a name of 1 to 255 characters, without control characters")
        }
    }

    func run() async throws {
        try await inFolder(options.directory) {
            let progress = Progress(terminal: Terminal.standardError)
            let (publisher, client) = try options.publisher(onConflict: force ? .overwrite : onConflict, prune: prune, snapshot: snapshot) { event in
                progress.handle(event)
            }
            if adopt {
                let adopted = try await publisher.adoptExistingTree()
                try? await client.shutdown()
                Self.show(adopted)
                if !adopted.notAdopted.isEmpty { throw ExitCode(1) }
                return
            }
            if dryRun {
                let plan = try await publisher.plan()
                try? await client.shutdown()
                options.reportFindings(plan.findings)
                Terminal.standardOutput.write(plan.render(json ? .json : .text))
                if plan.hasBlocked { throw ExitCode(1) }
                return
            }
            let report: PublishReport
            do {
                report = try await publisher.publish()
            } catch {
                try? await client.shutdown()
                throw error
            }
            try? await client.shutdown()
            progress.finish()
            options.reportFindings(report.findings)
            if json {
                Terminal.standardOutput.write(encode(report))
            } else {
                var text = ""
                // Unchanged pages are listed only with a reason (drift: edited in Productive, nothing written).
                for result in report.results where result.outcome != .unchanged || result.reason != nil {
                    text += "\(Printable.padded(result.outcome.rawValue, to: 9)) \(Printable.escaped(result.key))"
                    if let id = result.pageID { text += " (page \(id))" }
                    if let reason = result.reason { text += ": \(Printable.escaped(reason))" }
                    if options.connection.verbose, result.verification == .notVerified { text += " (not verified: the answer carried no readable body)" }
                    text += "\n"
                }
                Terminal.standardOutput.write(text + report.summary + "\n")
            }
            let missed = report.restorePointFailures.count
            if missed > 0 {
                Terminal.standardError.write("warning: \(missed) restore point\(missed == 1 ? "" : "s") \"\(Printable.escaped(snapshot ?? ""))\" not made (see above); the pages themselves are published\n")
            }
            try Self.exitStatus(for: report)
        }
    }

    /// One line per file taken back or not, then the summary.
    static func show(_ report: AdoptionReport) {
        var text = ""
        for item in report.adopted { text += "adopted   \(Printable.escaped(item.key)) (page \(item.pageID ?? "?")): \(item.detail)\n" }
        for item in report.notAdopted { text += "not adopted \(Printable.escaped(item.key)): \(item.detail)\n" }
        Terminal.standardOutput.write(text + report.summary + "\n")
    }

    /// Exit 2 when Productive could not be reached, 1 when a file of the folder was not published
    /// as it is now (each named on standard error), else returns (exit 0).
    static func exitStatus(for report: PublishReport) throws {
        let missed = report.notPublished
        if !missed.isEmpty {
            let names = missed.map { "\(Printable.escaped($0.key)) (\($0.outcome.rawValue)\($0.reason.map { ": " + Printable.escaped($0) } ?? ""))" }
            Terminal.standardError.write("\(counted(missed.count, "file")) not published as \(missed.count == 1 ? "it is" : "they are") now: \(names.joined(separator: "; "))\n")
        }
        for failure in report.sharingFailures {
            Terminal.standardError.write("error: sharing: \(Printable.escaped(failure))\n")
        }
        if let unreachable = report.unreachable {
            Terminal.standardError.write("error: \(unreachable)\n")
            throw ExitCode(2)
        }
        if report.needsAttention { throw ExitCode(1) }
    }
}

/// Progress on standard error: a bar on a terminal, one line per page otherwise.
final class Progress: @unchecked Sendable {
    private let terminal: Terminal
    private let lock = NSLock()
    private var total = 0
    private var done = 0

    init(terminal: Terminal) {
        self.terminal = terminal
    }

    func handle(_ event: PublishEvent) {
        lock.lock()
        defer { lock.unlock() }
        switch event {
        case .started(let pages):
            total = pages
        case .warning(let text):
            terminal.write("\(terminal.isTTY ? "\r\u{1B}[K" : "")warning: \(Printable.escaped(text))\n")
        case .finished(let result):
            done += 1
            if terminal.isTTY {
                let width = 30
                let filled = total > 0 ? min(width, done * width / total) : width
                terminal.write("\r[\(String(repeating: "#", count: filled))\(String(repeating: " ", count: width - filled))] \(done)/\(total) \(Printable.escaped(String(result.key.prefix(40))))\u{1B}[K")
            } else if result.outcome != .unchanged {
                terminal.write("\(result.outcome.rawValue) \(Printable.escaped(result.key))\n")
            }
        }
    }

    func finish() {
        if terminal.isTTY { terminal.write("\r\u{1B}[K") }
    }
}
