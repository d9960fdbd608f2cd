import Foundation
import ProductiveFormat
@testable import SourceReading
import XCTest

/// Paths the tests read: the package itself and the shared corpus beside it.
enum Fixtures {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let corpus = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus")

    /// The corpus folder, or a skip when `../shared` is absent (a user's clone).
    static func corpusFolder(_ name: String) throws -> URL {
        let url = corpus.appendingPathComponent(name)
        try XCTSkipUnless(FileManager.default.fileExists(atPath: url.path), "\(url.path) is absent")
        return url
    }

    /// The rust-book Markdown files, sorted.
    static func rustBook() throws -> [URL] {
        let folder = try corpusFolder("rust-book")
        return try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "md" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    /// The numbered examples of the CommonMark spec: (number, Markdown source).
    static func specExamples() throws -> [(number: Int, markdown: String)] {
        let url = try corpusFolder("commonmark-spec").appendingPathComponent("spec.txt")
        let text = try String(contentsOf: url, encoding: .utf8)
        var examples: [(Int, String)] = []
        var current: [Substring]?
        var inMarkdown = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("````````````````````````````````") {
                if line.hasSuffix("example") {
                    current = []
                    inMarkdown = true
                } else if let lines = current {
                    _ = lines
                    current = nil
                }
                continue
            }
            guard current != nil else { continue }
            if inMarkdown {
                if line == "." {
                    inMarkdown = false
                    let markdown = current!.joined(separator: "\n").replacingOccurrences(of: "→", with: "\t")
                    examples.append((examples.count + 1, markdown.isEmpty ? "" : markdown + "\n"))
                } else {
                    current!.append(line)
                }
            }
        }
        return examples
    }

    /// The spec's examples and every Markdown file of the corpus, by name (at least 100 of them), or
    /// a skip when both are absent.
    static func specExamplesAndCorpus() throws -> [(name: String, markdown: String)] {
        var inputs: [(String, String)] = []
        if let examples = try? specExamples() {
            inputs += examples.map { ("spec/\($0.number)", $0.markdown) }
        }
        try XCTSkipIf(inputs.isEmpty && !FileManager.default.fileExists(atPath: corpus.path), "\(corpus.path) is absent")
        if let files = FileManager.default.enumerator(at: corpus, includingPropertiesForKeys: nil) {
            for case let url as URL in files where url.pathExtension == "md" {
                if let text = try? String(contentsOf: url, encoding: .utf8) { inputs.append((url.path, text)) }
            }
        }
        XCTAssertGreaterThan(inputs.count, 100)
        return inputs
    }
}

/// Checks on a written payload, shared by the corpus tests.
enum PayloadChecks {
    /// Options for round trips: the title heading is kept, so a second pass sees the same document.
    static let roundTrip = ConversionOptions(format: .markdown, titleHeading: .keep)

    /// Nodes of `markdown`, parsed by cmark-gfm, that are outside the element set.
    static func nodesOutsideElementSet(_ markdown: String) -> [String] {
        let tree = MarkdownParser.parse(markdown)
        var outside: [String] = []
        for (index, node) in tree.nodes.enumerated() {
            let url = tree.url(of: Int32(index))
            switch node.kind {
            case .htmlBlock, .htmlInline, .footnoteDefinition, .footnoteReference, .unknown:
                outside.append("\(node.kind) at \(node.line):\(node.column)")
            case .heading where node.headingLevel > 3:
                outside.append("h\(node.headingLevel) at \(node.line)")
            case .image where !(url.hasPrefix("http://") || url.hasPrefix("https://")):
                outside.append("image \(url) at \(node.line)")
            default:
                break
            }
        }
        return outside
    }

    /// The words of a Markdown document's text: text, code, HTML text content (outside unsafe elements).
    static func words(ofMarkdown markdown: String) -> Set<Substring> {
        let tree = MarkdownParser.parse(markdown)
        var text = ""
        for (index, node) in tree.nodes.enumerated() {
            switch node.kind {
            case .text, .code, .codeBlock:
                text += tree.literal(of: Int32(index)) + " "
            case .htmlBlock, .htmlInline:
                text += htmlText(tree.literal(of: Int32(index))) + " "
            default:
                break
            }
        }
        return words(text)
    }

    static func words(_ text: String) -> Set<Substring> {
        Set(text.split { !($0.isLetter || $0.isNumber) })
    }

    private static func htmlText(_ html: String) -> String {
        // A CDATA section's text is its content; the keyword is markup.
        let tree = HTMLFragmentParser.parse(html.replacingOccurrences(of: "<![CDATA[", with: ""))
        var out = ""
        var stack = tree.siblings(from: tree.firstRoot)
        while let index = stack.popLast() {
            let node = tree[index]
            switch node.kind {
            case .text: out += node.text + " "
            case .comment: break
            case .element:
                guard !["script", "style", "iframe", "object", "embed", "applet", "frame", "frameset"].contains(node.name) else { continue }
                out += node.attributes.filter { ["alt", "mention-label", "title"].contains($0.name) }.map(\.value).joined(separator: " ") + " "
                stack += tree.siblings(from: node.firstChild)
            }
        }
        return out
    }
}
