import ArgumentParser
import Foundation

/// `productive-docs doctor [DIR]`: are the credentials, the target and the files right, before the
/// first publish? Reads only.
struct DoctorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check the environment, the connection, the token, the organization, the target, the rate headroom, the manifest, the config and the files.",
        discussion: """
            One line per check on standard output, with a hint when something is wrong; a check that \
            needs a failed one is skipped. Sends two GET requests at most (never a write), unless \
            --probe-order asks Productive how it orders pages, on a scratch page under the target \
            that it deletes after (seven requests, six writes), and --probe-sharing whether subpages inherit a doc's \
            memberships, on a scratch doc it deletes. Exit 0 when every check passed, 2 otherwise.
            """
    )

    @OptionGroup var options: PublishOptions

    @Flag(help: "Also find out whether subpages inherit a doc's memberships (undocumented): makes a scratch doc with one subpage in the target, gives the token's own person access, reads the subpage's memberships, deletes the scratch doc. Writes.")
    var probeSharing = false

    @Flag(name: .customLong("probe-order"), help: "Also check, on a scratch page under the target (deleted after), that a move under a page's own parent puts it last, which reordering pages relies on.")
    var probeOrder = false

    /// The longest doctor waits for a connection and for each answer: a check, not a publish.
    static let longestWait = 10.0

    func run() async throws {
        // `--timeout` (the run's budget, shared with publish) shortens the wait, never lengthens it.
        let wait = min(options.connection.timeout, Self.longestWait)
        let doctor = Doctor(
            environment: ProcessInfo.processInfo.environment, options: options,
            timeout: .milliseconds(Int64(wait * 1000)), probeOrder: probeOrder
        )
        var checks = await doctor.run()
        if probeSharing { checks.append(await doctor.sharingProbe()) }
        let color = Terminal.standardOutput.usesColor
        Terminal.standardOutput.write(checks.map { $0.line(color: color) + "\n" }.joined())
        let failed = checks.count { $0.status == .fail }
        if failed > 0 {
            Terminal.standardError.write("doctor: \(failed) of \(checks.count) checks failed\n")
            throw ExitCode(2)
        }
        Terminal.standardError.write("doctor: all good\n")
    }
}
