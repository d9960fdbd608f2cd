import AsyncHTTPClient
import Foundation
import NIOCore
import ProductiveAPI
import ProductiveFormat
@testable import ProductiveSandbox
import SourceReading
import XCTest

/// What the HTML writer produces lands as the model says: model → HTML payload →
/// `replace_body_with_html` over loopback HTTP → the sandbox's own reading of the HTML (libxml2 and
/// the editor's schema rules, not the tool's mapper) → stored body → `StoredBodyReader`, compared with
/// the model in canonical form, as publish verifies it.
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
                let expected = model.canonicalForm()
                let landed = stored.body.flatMap { try? StoredBodyReader.read($0).document.canonicalForm() }
                if stored.status != 200 || landed != expected {
                    failures += 1
                    if failures <= 5 {
                        let index = landed.flatMap { expected.firstDifferingBlock(comparedTo: $0) } ?? 0
                        let sent = expected.blocks.indices.contains(index) ? "\(expected.blocks[index])" : "nothing"
                        let held = landed.map { $0.blocks.indices.contains(index) ? "\($0.blocks[index])" : "nothing" } ?? "no body"
                        XCTFail("\(source.name): status \(stored.status), block \(index + 1) differs\nsent   \(sent.prefix(2000))\nstored \(held.prefix(2000))", file: file, line: line)
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
        let stored = try await replaceBody(sandbox, page: page.id, html: conversion.payload.text)
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
