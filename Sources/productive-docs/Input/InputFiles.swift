import Foundation
import SourceReading

/// One document to check: where it came from and its bytes.
struct InputFile {
    /// What standard input is called in findings.
    static let standardInputName = "<stdin>"

    /// The path as shown in findings (`-` shows as `<stdin>`).
    let displayPath: String
    let bytes: [UInt8]
}

/// An input that could not be read: the command exits with 2.
struct InputError: Error, CustomStringConvertible {
    let description: String
}

/// Expands command-line paths: files, folders (recursively, `.md` and `.markdown`), `-` for stdin.
enum InputFiles {
    static let markdownExtensions: Set<String> = ["md", "markdown"]

    /// What a list of paths expands to: each file once, and the paths that could not be expanded.
    struct Expansion {
        /// Files in the order named (a folder's files sorted), each once however it was spelled.
        var files: [String] = []
        /// One error per path that does not exist or cannot be listed.
        var errors: [InputError] = []
    }

    /// The files named by `paths`, folders expanded and sorted, stdin read at most once. A file
    /// named twice (`a.md`, `./a.md`, a folder holding it, a symbolic link to it) is listed once, as
    /// first named. A missing path is an error, and the others are still expanded.
    static func expand(_ paths: [String]) -> Expansion {
        var expansion = Expansion()
        var seen: Set<String> = []
        func add(_ file: String) {
            if seen.insert(identity(of: file)).inserted { expansion.files.append(file) }
        }
        for path in paths {
            do {
                try files(named: path).forEach(add)
            } catch let error as InputError {
                expansion.errors.append(error)
            } catch {
                expansion.errors.append(InputError(description: "\(path): \(error)"))
            }
        }
        return expansion
    }

    /// What makes two spellings the same file: the absolute path with `.`, `..` and links resolved.
    static func identity(of path: String) -> String {
        path == "-" ? path : URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }

    private static func files(named path: String) throws -> [String] {
        if path == "-" { return [path] }
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw InputError(description: "\(path): no such file or directory")
        }
        if !isDirectory.boolValue { return [path] }
        guard let enumerator = manager.enumerator(atPath: path) else {
            throw InputError(description: "\(path): cannot list this folder")
        }
        var found: [String] = []
        while let relative = enumerator.nextObject() as? String {
            let name = (relative as NSString).lastPathComponent
            if name.hasPrefix(".") {
                enumerator.skipDescendants()
                continue
            }
            if markdownExtensions.contains((name as NSString).pathExtension.lowercased()) {
                let full = path.hasSuffix("/") ? path + relative : path + "/" + relative
                var nestedIsDirectory: ObjCBool = false
                if manager.fileExists(atPath: full, isDirectory: &nestedIsDirectory), !nestedIsDirectory.boolValue {
                    found.append(full)
                }
            }
        }
        return found.sorted()
    }

    /// Reads one expanded path.
    static func read(_ path: String) throws -> InputFile {
        do {
            if path == "-" {
                return InputFile(displayPath: InputFile.standardInputName, bytes: try SourceFile.bytes(reading: 0, path: InputFile.standardInputName))
            }
            return InputFile(displayPath: path, bytes: try SourceFile.bytes(atPath: path))
        } catch {
            throw InputError(description: error.description)
        }
    }
}
