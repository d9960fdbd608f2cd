import Foundation
import ProductiveFormat

/// The text of a pulled Markdown file: front matter (title, order, and any other lines kept from
/// the local file), then the body.
enum SourceFileText {
    /// `---`, the front matter lines, `---`, a blank line, `body`.
    static func make(title: String, order: Int? = nil, keeping kept: [String] = [], body: String) -> String {
        var lines = ["title: " + yamlString(title)]
        if let order { lines.append("order: \(order)") }
        lines += kept
        return "---\n" + lines.joined(separator: "\n") + "\n---\n" + (body.isEmpty ? "" : "\n" + body)
    }

    /// The front matter lines of `text` other than `title:` (a key at the start of a line), or []
    /// when it has no front matter.
    static func frontMatterLines(of text: String, dropping keys: Set<String> = ["title"]) -> [String] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasSuffix("\r") ? String($0.dropLast()) : String($0) }
        guard lines.first == "---", let end = lines.dropFirst().firstIndex(where: { $0 == "---" || $0 == "..." }) else { return [] }
        var kept: [String] = []
        var skipping = false
        for line in lines[1..<end] {
            let isTopLevel = !(line.first?.isWhitespace ?? true)
            if isTopLevel {
                let key = line.prefix { $0 != ":" }.trimmingCharacters(in: .whitespaces)
                skipping = keys.contains(key)
            }
            if !skipping { kept.append(line) }
        }
        return kept
    }

    /// A YAML scalar for `text`: plain when it cannot be read as anything else, else double-quoted
    /// with JSON escapes (which YAML's double-quoted style reads the same way).
    static func yamlString(_ text: String) -> String {
        let reserved: Set<String> = ["true", "false", "yes", "no", "on", "off", "null", "~", ""]
        let plain = text.unicodeScalars.allSatisfy { scalar in
            (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || " -_.,()'/?!&".unicodeScalars.contains(scalar))
        }
        let safeEdges = text.first.map { $0.isLetter || $0.isNumber } == true && text.last != " "
        if plain, safeEdges, !reserved.contains(text.lowercased()), Double(text) == nil, !text.contains(": "), !text.contains(" #") {
            return text
        }
        return Manifest.string(text)
    }
}

extension SourceFileText {
    /// The splice that gives the file `bytes` the title `title` where it says its title: the
    /// `title:` line of its front matter, the title heading (`heading`, its lines), or else a
    /// `title:` line added to the front matter (made when there is none).
    static func titleEdit(_ bytes: [UInt8], title: String, heading: ClosedRange<Int>?, fromFrontMatter: Bool) -> (range: Range<Int>, text: [UInt8]) {
        let lines = FileLines(bytes)
        let end = lines.lineEnd
        let titleLine = Array("title: \(yamlString(title))".utf8) + end
        func text(_ line: Int) -> String { String(decoding: bytes[lines.range(line...line)], as: UTF8.self).trimmingCharacters(in: .newlines) }
        let opensFrontMatter = lines.lastLine >= 1 && text(1) == "---"
        if opensFrontMatter {
            var line = 2
            while line <= lines.lastLine, text(line) != "---", text(line) != "..." {
                if fromFrontMatter, text(line).hasPrefix("title:") { return (lines.range(line...line), titleLine) }
                line += 1
            }
        }
        if let heading, !fromFrontMatter {
            let written = MarkdownWriter(style: .source).write(Document(blocks: [.heading(.one, [.text(title)])]))
            return (lines.range(heading), Array(written.trimmingCharacters(in: .newlines).utf8) + end)
        }
        if opensFrontMatter {
            let at = lines.start(ofLine: 2)
            return (at..<at, titleLine)
        }
        return (0..<0, Array("---".utf8) + end + titleLine + Array("---".utf8) + end + end)
    }
}
