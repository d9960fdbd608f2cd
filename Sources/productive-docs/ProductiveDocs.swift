import ArgumentParser
import Foundation
import ProductiveFormat

/// The `productive-docs` command line: argument parsing and output only.
@main
struct ProductiveDocs: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "productive-docs",
        abstract: "Keep Markdown docs in git in sync with Productive Docs pages.",
        discussion: """
            Exit codes: 0 success; 1 findings at error level (warnings too with --strict), or the API \
            refused; 2 usage, configuration, input or environment error.
            """,
        version: ToolVersion.current,
        subcommands: [LintCommand.self, ConvertCommand.self, PlanCommand.self, PublishCommand.self, AppendCommand.self, PullCommand.self, DiffCommand.self, InitCommand.self, DoctorCommand.self, SandboxCommand.self, RulesCommand.self]
    )

    /// Runs the command; usage errors exit with 2 (ArgumentParser's default is 64).
    static func main() async {
        do {
            // `lint PATH...`, the common call, starts without ArgumentParser (a third of the time).
            if let lint = LintCommand(fastPathArguments: CommandLine.arguments.dropFirst()) {
                try lint.run()
                Terminal.exitIfOutputFailed()
                return
            }
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            Terminal.exitIfOutputFailed()
        } catch {
            let outcome = ErrorReport.outcome(for: error)
            let stream = outcome.toStandardOutput ? Terminal.standardOutput : Terminal.standardError
            if !outcome.message.isEmpty { stream.write(outcome.message + "\n") }
            Terminal.exitIfOutputFailed()
            Foundation.exit(outcome.code)
        }
    }
}
