import Foundation
import ProductiveFormat

/// Where a Markdown link to a target starts in a file's text, for findings about that link.
enum LinkPosition {
    /// The position (1-based line, 1-based UTF-8 column as cmark counts) of the `[` that opens the
    /// first link to `target` (matched without regard to case, as `](target`), or of the target
    /// itself when no `[` precedes it on its line; line 1, column 1 when the text never names it.
    static func of(_ target: String, in bytes: [UInt8]) -> SourcePosition {
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        for (index, line) in lines.enumerated() {
            guard let found = line.range(of: "](" + target, options: .caseInsensitive) ?? line.range(of: target, options: .caseInsensitive) else { continue }
            let start = line[..<found.lowerBound].range(of: "[", options: .backwards)?.lowerBound ?? found.lowerBound
            return SourcePosition(line: index + 1, column: line.utf8.distance(from: line.startIndex, to: start) + 1)
        }
        return .start
    }
}
