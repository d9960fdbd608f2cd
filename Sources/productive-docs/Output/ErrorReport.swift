import ArgumentParser
import DocsSync
import ProductiveAPI

/// A failure of the command line itself: what it was given cannot be used. Exit 2.
enum CommandLineError: Error, CustomStringConvertible {
    /// An input that could not be read: a file, standard input, a path that does not exist.
    case input(String)
    /// A setting, flag or target that is wrong.
    case configuration(String)
    /// What a command working on the folder `directory` (as given) threw: the report names the
    /// commands to run there.
    case inFolder(String, any Error)

    var description: String {
        switch self {
        case .input(let message), .configuration(let message): message
        case .inFolder(_, let error): "\(error)"
        }
    }
}

/// Runs `body` for the folder `directory`, so that what it throws is reported with the commands to
/// run there (see `ErrorReport`).
func inFolder(_ directory: String = ".", _ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let error as ExitCode {
        throw error
    } catch {
        throw CommandLineError.inFolder(directory, error)
    }
}

/// The one place where what a command threw becomes a message and an exit code. 2: usage,
/// configuration, input, and the environment (Productive unreachable, a setting missing); 1:
/// Productive refused or the run gave up; an `ExitCode` is its own code.
enum ErrorReport {
    /// What to print, where, and the code to exit with.
    struct Outcome: Equatable {
        var message: String
        /// `--help` and `--version` print on standard output and exit 0.
        var toStandardOutput = false
        var code: Int32
    }

    static func outcome(for error: any Error, folder: String = ".") -> Outcome {
        switch error {
        case CommandLineError.inFolder(let directory, let underlying):
            return outcome(for: underlying, folder: directory)
        case let error as CommandLineError:
            return Outcome(message: "error: \(error)", code: 2)
        case let error as SyncError where error.kind == .existingTree:
            return Outcome(message: "error: " + existingTree(error, folder: folder), code: 2)
        case let error as SyncError:
            return Outcome(message: "error: \(error)", code: 2)
        case let error as ProductiveAPIError:
            return Outcome(message: "error: \(Printable.escaped(error.description))", code: error.isEnvironmentFailure ? 2 : 1)
        default:
            let code = ProductiveDocs.exitCode(for: error)
            let message = ProductiveDocs.fullMessage(for: error)
            if code == .success { return Outcome(message: message, toStandardOutput: true, code: 0) }
            return Outcome(message: message, code: code == .validationFailure ? 2 : code.rawValue)
        }
    }

    /// A tree that already exists where pages would be created (a lost manifest), with the commands
    /// that recover it for `folder`.
    private static func existingTree(_ error: SyncError, folder: String) -> String {
        let target = folder == "." ? "" : " " + Printable.escaped(folder)
        let id = error.clashes.first?.existingID ?? "ID"
        return """
            \(error).
            To take the existing pages back: `productive-docs publish\(target) --adopt` (matches them by title and place, proves each against its file, rebuilds the manifest, writes nothing else).
            To bring the existing tree in as files instead: `productive-docs pull NEW-FOLDER --root-page \(id)`.
            When that page is another team's, not this folder's: `--allow-duplicate-titles` creates the new page beside it.
            """
    }
}
