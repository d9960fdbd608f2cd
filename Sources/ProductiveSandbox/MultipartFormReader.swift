import Foundation

/// The parts of a `multipart/form-data` body, in order (what the sandbox's file store reads).
struct MultipartFormReader {
    struct Part {
        var name: String
        /// Set for a file part.
        var fileName: String?
        var contentType: String?
        var bytes: ArraySlice<UInt8>
    }

    /// The boundary of a `multipart/form-data` content type; nil for any other type.
    static func boundary(ofContentType type: String) -> String? {
        let parts = type.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.first?.lowercased() == "multipart/form-data" else { return nil }
        for parameter in parts.dropFirst() where parameter.lowercased().hasPrefix("boundary=") {
            let value = parameter.dropFirst("boundary=".count)
            let unquoted = value.hasPrefix("\"") && value.hasSuffix("\"") && value.count >= 2 ? value.dropFirst().dropLast() : value
            return unquoted.isEmpty ? nil : String(unquoted)
        }
        return nil
    }

    /// The parts, or nil when the body is not a well-formed form with this boundary.
    static func parts(of body: [UInt8], boundary: String) -> [Part]? {
        let delimiter = Array("--\(boundary)".utf8)
        let separator = Array("\r\n--\(boundary)".utf8)
        guard body.starts(with: delimiter) else { return nil }
        var parts: [Part] = []
        var index = delimiter.count
        while true {
            // After a delimiter: `--` ends the form, CRLF starts a part.
            if body[index...].starts(with: Array("--".utf8)) { return parts }
            guard body[index...].starts(with: Array("\r\n".utf8)) else { return nil }
            index += 2
            guard let headerEnd = find(Array("\r\n\r\n".utf8), in: body, from: index) else { return nil }
            let headers = String(decoding: body[index..<headerEnd], as: UTF8.self)
            guard let end = find(separator, in: body, from: headerEnd + 4), var part = part(headers) else { return nil }
            part.bytes = body[(headerEnd + 4)..<end]
            parts.append(part)
            index = end + separator.count
        }
    }

    /// A part's name, file name and content type from its header lines.
    private static func part(_ headers: String) -> Part? {
        var part = Part(name: "", bytes: [])
        var named = false
        for line in headers.components(separatedBy: "\r\n") {
            let pieces = line.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pieces.count == 2 else { continue }
            switch pieces[0].lowercased() {
            case "content-disposition":
                for parameter in pieces[1].split(separator: ";").map({ $0.trimmingCharacters(in: .whitespaces) }) {
                    if let value = quoted(parameter, "name") { part.name = value; named = true }
                    if let value = quoted(parameter, "filename") { part.fileName = value }
                }
            case "content-type":
                part.contentType = pieces[1]
            default:
                break
            }
        }
        return named ? part : nil
    }

    private static func quoted(_ parameter: String, _ name: String) -> String? {
        guard parameter.hasPrefix(name + "=\""), parameter.hasSuffix("\""), parameter.count >= name.count + 3 else { return nil }
        return String(parameter.dropFirst(name.count + 2).dropLast())
    }

    /// The first index of `needle` in `haystack` at or after `start`.
    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard let first = needle.first, haystack.count >= needle.count else { return nil }
        var index = start
        let last = haystack.count - needle.count
        while index <= last {
            guard let hit = haystack[index...last].firstIndex(of: first) else { return nil }
            if haystack[hit..<(hit + needle.count)].elementsEqual(needle) { return hit }
            index = hit + 1
        }
        return nil
    }
}
