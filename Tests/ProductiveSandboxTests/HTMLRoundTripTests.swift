import AsyncHTTPClient
import Foundation
import NIOCore
import ProductiveAPI
import ProductiveFormat
@testable import ProductiveSandbox
import SourceReading
import XCTest

/// What the HTML writer produces, the sandbox stores as the same structure: model → HTML payload →
/// `replace_body_with_html` over loopback HTTP → stored body, compared with the model's own encoding.
/// HTML whitespace is the only thing allowed to change (runs of blanks read as one space).
final class HTMLRoundTripTests: XCTestCase {
    private static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    private static let corpus = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus")

    private func markdownFiles(under folder: URL) -> [URL] {
        let files = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? []
        return files.filter { $0.pathExtension == "md" }.sorted { $0.path < $1.path }
    }

    /// `PATCH /pages/{id}/replace_body_with_html` over loopback; the stored body from the answer.
    private func replaceBody(_ sandbox: SandboxServer, page: String, html: String) async throws -> (status: Int, body: String?) {
        var request = HTTPClientRequest(url: "\(sandbox.baseURL)/pages/\(page)/replace_body_with_html")
        request.method = .PATCH
        request.headers.add(name: "X-Auth-Token", value: SandboxServer.defaultToken)
        request.headers.add(name: "X-Organization-Id", value: "1")
        request.headers.add(name: "Content-Type", value: "application/vnd.api+json")
        request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: ["html": html])))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let data = Data(buffer: try await response.body.collect(upTo: 64 << 20))
        let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
        let attributes = (object?["data"] as? [String: Any])?["attributes"] as? [String: Any]
        return (Int(response.status.code), attributes?["body"] as? String)
    }

    /// Sends every source's HTML payload to one sandbox page and compares what it stores.
    private func assertRoundTrips(_ sources: [(name: String, text: String)], file: StaticString = #filePath, line: UInt = #line) async throws {
        let sandbox = try await SandboxServer.start(SandboxConfiguration(rateLimits: [], strict: true))
        let client = ProductiveClient(configuration: ProductiveConfiguration(token: SandboxServer.defaultToken, organizationID: "1", baseURL: sandbox.baseURL))
        do {
            let page = try await client.createPage(title: "Round trip", markdown: "start", in: .project("1"))
            var failures = 0
            for source in sources {
                let checked = Converter.check(text: source.text, name: source.name, options: ConversionOptions(format: .html, titleHeading: .keep))
                guard let model = checked.document, !model.blocks.isEmpty else { continue }
                let stored = try await replaceBody(sandbox, page: page.id, html: HTMLWriter().write(model))
                let expected = ProseMirrorEncoding.json(RoundTripNormal.form(of: model))
                if stored.status != 200 || stored.body != expected {
                    failures += 1
                    if failures <= 5 {
                        XCTFail("\(source.name): status \(stored.status), stored body differs\nexpected \(expected.prefix(3000))\nstored   \(stored.body?.prefix(3000) ?? "nil")", file: file, line: line)
                    }
                }
            }
            XCTAssertEqual(failures, 0, "sources whose stored body differs", file: file, line: line)
        } catch {
            XCTFail("\(error)", file: file, line: line)
        }
        try await client.shutdown()
        await sandbox.stop()
    }

    func testSamplesRoundTrip() async throws {
        let files = markdownFiles(under: Self.packageRoot.appendingPathComponent("samples"))
        XCTAssertFalse(files.isEmpty)
        try await assertRoundTrips(files.map { ($0.lastPathComponent, try String(contentsOf: $0, encoding: .utf8)) })
    }

    func testRustBookRoundTrips() async throws {
        let folder = Self.corpus.appendingPathComponent("rust-book")
        try XCTSkipUnless(FileManager.default.fileExists(atPath: folder.path), "\(folder.path) is absent")
        try await assertRoundTrips(markdownFiles(under: folder).map { ($0.lastPathComponent, String(decoding: try Data(contentsOf: $0), as: UTF8.self)) })
    }

    func testCommonMarkExamplesRoundTrip() async throws {
        let spec = Self.corpus.appendingPathComponent("commonmark-spec/spec.txt")
        try XCTSkipUnless(FileManager.default.fileExists(atPath: spec.path), "\(spec.path) is absent")
        let examples = Self.examples(in: try String(contentsOf: spec, encoding: .utf8))
        XCTAssertGreaterThan(examples.count, 600)
        try await assertRoundTrips(examples.enumerated().map { ("example \($0.offset + 1)", $0.element) })
    }

    /// A person's view of the samples' announcements page: headless Chromium renders what the sandbox
    /// stored, and every block is a sibling in source order (skipped where chromium is absent).
    func testAnnouncementsPageRendersEveryBlockInOrder() async throws {
        let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }
        try XCTSkipIf(chromium == nil, "chromium is not installed")
        let source = try String(contentsOf: Self.packageRoot.appendingPathComponent("samples/handbook/announcements.md"), encoding: .utf8)
        let conversion = Converter.convert(text: source, name: "announcements.md")
        XCTAssertEqual(conversion.checked.format, .html)
        let sandbox = try await SandboxServer.start(SandboxConfiguration(rateLimits: [], strict: true))
        let client = ProductiveClient(configuration: ProductiveConfiguration(token: SandboxServer.defaultToken, organizationID: "1", baseURL: sandbox.baseURL))
        let page = try await client.createPage(title: "Announcements", markdown: "start", in: .project("1"))
        let stored = try await replaceBody(sandbox, page: page.id, html: conversion.payload)
        XCTAssertEqual(stored.status, 200)
        try await client.shutdown()

        let process = Process()
        process.executableURL = URL(fileURLWithPath: chromium ?? "")
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", "\(sandbox.viewURL)/pages/\(page.id)?token=\(SandboxServer.defaultToken)"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        await sandbox.stop()
        let dom = String(decoding: data, as: UTF8.self)
        // In order, each closed before the next starts: the nesting bug put everything after the first
        // raw HTML block inside it.
        let expectedInOrder = [
            "<banner type=\"info\">", "The office is closed", "</banner>", "<banner type=\"critical\">", "</banner>",
            "<p style=\"text-align: center\">Centered: our values, <u>in one line</u>.</p>",
            "<p style=\"text-align: right\">Right-aligned sign-off, the Ops team</p>",
            "<banner type=\"success\">", "Q3 goals reached", "</banner>",
            "<div data-columns=", "Left column: office news.", "Right column: people news.", "</div>",
            "Team photo", "Jane Doe", "red-flagged", "customer_name", "<table>", "Quarter", "12 projects", "</table>", "</article>",
        ]
        var cursor = dom.startIndex
        for piece in expectedInOrder {
            guard let found = dom.range(of: piece, range: cursor..<dom.endIndex) else {
                return XCTFail("`\(piece)` missing or out of order in\n\(dom)")
            }
            cursor = found.upperBound
        }
        XCTAssertFalse(dom.contains("text-align: center\"><p"), "no paragraph nests in the centred one")
    }

    /// The Markdown of each spec example (between the example fences, up to the `.` line).
    private static func examples(in spec: String) -> [String] {
        var examples: [String] = []
        var current: [Substring]?
        for line in spec.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("````````````````````````````````") {
                current = line.hasSuffix("example") ? [] : nil
                continue
            }
            guard var lines = current else { continue }
            if line == "." {
                examples.append(lines.joined(separator: "\n").replacingOccurrences(of: "→", with: "\t") + "\n")
                current = nil
            } else {
                lines.append(line)
                current = lines
            }
        }
        return examples
    }
}

/// The model as HTML can carry it: text runs with HTML whitespace (a run of blanks is one space,
/// none at the edges of a paragraph, heading or cell), adjacent runs with the same marks merged,
/// paragraphs with nothing visible gone. Code blocks keep their text.
enum RoundTripNormal {
    static func form(of document: Document) -> Document {
        Document(blocks: blocks(document.blocks))
    }

    private static func blocks(_ blocks: [Block]) -> [Block] {
        blocks.compactMap { block -> Block? in
            switch block {
            case .paragraph(let content, let alignment):
                let normal = inlines(content)
                return normal.isEmpty ? nil : .paragraph(normal, alignment: alignment)
            case .heading(let level, let content, let alignment):
                return .heading(level, inlines(content), alignment: alignment)
            case .blockquote(let children):
                return .blockquote(self.blocks(children))
            case .codeBlock:
                return block
            case .orderedList(let start, let items):
                return .orderedList(start: start, items: items.map(self.blocks))
            case .bulletList(let items):
                return .bulletList(items: items.map(self.blocks))
            case .checklist(let items):
                return .checklist(items: items.map { ChecklistItem(checked: $0.checked, blocks: self.blocks($0.blocks)) })
            case .table(let table):
                return .table(Table(rows: table.rows.map { row in
                    TableRow(cells: row.cells.map { cell in
                        var cell = cell
                        cell.content = inlines(cell.content)
                        return cell
                    })
                }))
            case .divider:
                return block
            case .banner(let type, let children):
                return .banner(type, self.blocks(children))
            case .columns(let columns):
                return Columns(columns.columns.map(self.blocks)).map(Block.columns) ?? block
            }
        }
    }

    private static func inlines(_ content: [Inline]) -> [Inline] {
        var result: [Inline] = []
        for inline in content {
            guard case .text(let text, let marks) = inline else {
                result.append(inline)
                continue
            }
            let collapsed = collapse(text)
            if case .text(let previous, let previousMarks)? = result.last, previousMarks == marks {
                result[result.count - 1] = .text(collapse(previous + collapsed), marks)
            } else if !collapsed.isEmpty {
                result.append(.text(collapsed, marks))
            }
        }
        while let first = result.first {
            if first == .hardBreak { result.removeFirst(); continue }
            if case .text(let text, let marks) = first {
                let trimmed = String(text.drop { $0 == " " })
                if trimmed.isEmpty { result.removeFirst(); continue }
                result[0] = .text(trimmed, marks)
            }
            break
        }
        while let last = result.last {
            if last == .hardBreak { result.removeLast(); continue }
            if case .text(let text, let marks) = last {
                var trimmed = Substring(text)
                while trimmed.last == " " { trimmed = trimmed.dropLast() }
                if trimmed.isEmpty { result.removeLast(); continue }
                result[result.count - 1] = .text(String(trimmed), marks)
            }
            break
        }
        return result
    }

    private static func collapse(_ text: String) -> String {
        var out = ""
        var lastWasSpace = false
        for character in text {
            if character == " " || character == "\n" || character == "\t" || character == "\r" || character == "\r\n" {
                if !lastWasSpace { out.append(" ") }
                lastWasSpace = true
            } else {
                out.append(character)
                lastWasSpace = false
            }
        }
        return out
    }
}
