import Foundation

/// One document to check: where it came from and its bytes.
struct InputFile {
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

    /// The files named by `paths`, folders expanded and sorted; stdin read at most once.
    static func expand(_ paths: [String]) throws -> [String] {
        var result: [String] = []
        let manager = FileManager.default
        for path in paths {
            if path == "-" {
                result.append(path)
                continue
            }
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw InputError(description: "\(path): no such file or directory")
            }
            if !isDirectory.boolValue {
                result.append(path)
                continue
            }
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
            result += found.sorted()
        }
        return result
    }

    /// Reads one expanded path.
    static func read(_ path: String) throws -> InputFile {
        if path == "-" {
            let data = FileHandle.standardInput.readDataToEndOfFile()
            return InputFile(displayPath: "<stdin>", bytes: [UInt8](data))
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputError(description: "\(path): cannot read this file")
        }
        return InputFile(displayPath: path, bytes: [UInt8](data))
    }
}
