import ArgumentParser
import DocsSync
import Foundation

/// `productive-docs init [DIR]`: a commented productive-docs.yml.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write a commented productive-docs.yml in the docs folder.",
        discussion: "The folder must exist: init never creates one (a missing folder is an error, exit 2)."
    )

    @Argument(help: "The docs folder (default: the current folder).")
    var directory = "."

    @Flag(help: "Replace an existing file.")
    var force = false

    func run() throws {
        // A folder that is not there is a typo more often than a wish: init never creates one.
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isFolder) else {
            throw CommandLineError.input("\(directory): no such folder (init writes into an existing docs folder: create it first, or check the path)")
        }
        guard isFolder.boolValue else {
            throw CommandLineError.input("\(directory): not a folder (give the docs folder, not a file in it)")
        }
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
