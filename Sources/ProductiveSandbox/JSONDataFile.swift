import Foundation

/// The sandbox's data files (pages, attachment records): JSON read at start, written whole and
/// atomically (temp file + rename) after every change, sorted and indented for people to read.
enum JSONDataFile {
    /// The value in `path`; nil when there is no such file (a first run).
    static func load<Value: Decodable>(_ type: Value.Type, from path: String) throws -> Value? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        return try JSONDecoder().decode(type, from: Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// The value in `path` (nil: no such file, a first run); one that cannot be read stops the
    /// sandbox's start, naming the file and `what` it should be (`a sandbox data file`).
    static func load<Value: Decodable>(_ type: Value.Type, from path: String, what: String) throws -> Value? {
        do {
            return try load(type, from: path)
        } catch {
            throw SandboxStartError("\(path): not \(what) (\(error))")
        }
    }

    /// Writes `value` to `path`; a failure leaves the file as it was (the sandbox keeps serving).
    static func save(_ value: some Encodable, to path: String) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        if let data = try? encoder.encode(value) {
            try? data.write(to: URL(fileURLWithPath: path), options: .atomic)
        }
    }
}
