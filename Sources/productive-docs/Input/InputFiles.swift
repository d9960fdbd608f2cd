import DocsSync
import Foundation
import SourceReading

/// One document to check: where it came from and its bytes.
struct InputFile: Sendable {
    /// What standard input is called in findings.
    static let standardInputName = "<stdin>"

    /// The path as shown in findings (`-` shows as `<stdin>`).
    let displayPath: String
    let bytes: [UInt8]
}

/// Expands command-line paths: files, folders (recursively, `.md` and `.markdown`), `-` for stdin.
enum InputFiles {
    static let markdownExtensions: Set<String> = ["md", "markdown"]

    /// What a list of paths expands to: each file once, and the paths that could not be expanded.
    struct Expansion {
        /// Files in the order named (a folder's files sorted), each once however it was spelled.
        var files: [String] = []
        /// One error per path that does not exist or cannot be listed.
        var errors: [CommandLineError] = []
    }

    /// The files named by `paths`, folders expanded and sorted, stdin read at most once. A file
    /// named twice (`a.md`, `./a.md`, a folder holding it, a symbolic link to it) is listed once, as
    /// first named. A missing path is an error, and the others are still expanded.
    static func expand(_ paths: [String]) -> Expansion {
        var expansion = Expansion()
        // Byte for byte: Swift strings compare by canonical equivalence, which would take `café.md`
        // in NFC and in NFD, two files, for one.
        var seen: Set<[UInt8]> = []
        func add(_ file: String) {
            if seen.insert(Array(identity(of: file).utf8)).inserted { expansion.files.append(file) }
        }
        for path in paths {
            var problems: [CommandLineError] = []
            do {
                try files(named: path, problems: &problems).forEach(add)
            } catch let error as CommandLineError {
                problems.append(error)
            } catch {
                problems.append(CommandLineError.input("\(path): \(error)"))
            }
            expansion.errors += problems
        }
        for (path, problem) in FileKind.twins(expansion.files) {
            expansion.errors.append(CommandLineError.input("\(path): \(problem)"))
        }
        return expansion
    }

    /// What makes two spellings the same file: the absolute path with `.`, `..` and links resolved.
    static func identity(of path: String) -> String {
        path == "-" ? path : FilePaths.resolved(path)
    }

    private static func files(named path: String, problems: inout [CommandLineError]) throws -> [String] {
        if path == "-" { return [path] }
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw CommandLineError.input("\(path): no such file or directory")
        }
        if !isDirectory.boolValue { return [path] }
        guard let enumerator = manager.enumerator(atPath: path) else {
            throw CommandLineError.input("\(path): cannot list this folder")
        }
        var found: [String] = []
        let folder = FilePaths.resolved(path)
        while let relative = enumerator.nextObject() as? String {
            let name = (relative as NSString).lastPathComponent
            if name.hasPrefix(".") {
                enumerator.skipDescendants()
                continue
            }
            if markdownExtensions.contains((name as NSString).pathExtension.lowercased()) {
                let full = path.hasSuffix("/") ? path + relative : path + "/" + relative
                // A folder's files are its own: a symbolic link out of it is never read (as publish
                // never reads one, PD901), whatever file it points at.
                if FileKind.isSymbolicLink(full), !FilePaths.isInside(FilePaths.resolved(full), folder: folder) {
                    problems.append(CommandLineError.input("\(full): a symbolic link to a file outside \(path): not read"))
                    continue
                }
                switch FileKind.of(full) {
                case .regular: found.append(full)
                case .folder: continue
                // Never opened: reading a named pipe would wait for a writer forever.
                case .other(let kind): problems.append(CommandLineError.input("\(full): \(kind), not a regular file: not read"))
                }
            }
        }
        return found.sorted()
    }

    /// Reads one expanded path; more than `limit` bytes is an error (reading stops there).
    static func read(_ path: String, limit: Int = SourceFile.maximumBytes) throws -> InputFile {
        do {
            if path == "-" {
                return InputFile(displayPath: InputFile.standardInputName, bytes: try SourceFile.bytes(reading: 0, path: InputFile.standardInputName, limit: limit))
            }
            return InputFile(displayPath: path, bytes: try SourceFile.bytes(atPath: path, limit: limit))
        } catch {
            throw CommandLineError.input(error.description)
        }
    }
}
