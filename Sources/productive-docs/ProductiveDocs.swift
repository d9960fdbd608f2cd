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
        } catch let failure as CommandFailure {
            Terminal.standardError.write("\(failure)\n")
            Terminal.exitIfOutputFailed()
            Foundation.exit(2)
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if code == .success {
                if !message.isEmpty { Terminal.standardOutput.write(message + "\n") }
                Terminal.exitIfOutputFailed()
                Foundation.exit(0)
            }
            if !message.isEmpty { Terminal.standardError.write(message + "\n") }
            Terminal.exitIfOutputFailed()
            Foundation.exit(code == .validationFailure ? 2 : code.rawValue)
        }
    }
}
