import ArgumentParser
import DocsSync
import Foundation

/// `productive-docs init [DIR]`: a commented productive-docs.yml.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write a commented productive-docs.yml in the docs folder."
    )

    @Argument(help: "The docs folder (default: the current folder).")
    var directory = "."

    @Flag(help: "Replace an existing file.")
    var force = false

    func run() throws {
        let path = URL(fileURLWithPath: directory).appendingPathComponent(DocsConfig.fileName).path
        if FileManager.default.fileExists(atPath: path) && !force {
            throw CommandLineError.configuration("\(path) exists (use --force to replace it)")
        }
        do {
            try DocsConfig.template.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            throw CommandLineError.input("\(path): cannot write (\(error.localizedDescription))")
        }
        Terminal.standardOutput.write("wrote \(path)\n")
    }
}
