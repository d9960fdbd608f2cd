import DocsSync
import Foundation
import XCTest

/// The manifest is validated on load: a clear message with the line, nothing sent, nothing written.
final class ManifestValidationTests: XCTestCase {
    private func fixture() async throws -> PublishFixture {
        let docs = try await PublishFixture()
        addTeardownBlock { await docs.close() }
        try docs.write("README.md", "# Guide\n\nTop.\n")
        return docs
    }

    private func assertRefused(_ manifest: String, containing expected: String, file: StaticString = #filePath, line: UInt = #line) async throws {
        let docs = try await fixture()
        try docs.writeManifest(manifest)
        let requests = docs.sandbox.requests.reads + docs.sandbox.requests.writes
        do {
            _ = try await docs.publish()
            XCTFail("should be refused", file: file, line: line)
        } catch let error as ConfigError {
            XCTAssertTrue(error.description.contains(expected), error.description, file: file, line: line)
            for leak in ["DecodingError", "keyNotFound", "typeMismatch", "Error Domain", "NSCocoa", "CodingKeys"] {
                XCTAssertFalse(error.description.contains(leak), error.description, file: file, line: line)
            }
        }
        XCTAssertEqual(docs.sandbox.requests.reads + docs.sandbox.requests.writes, requests, "no request was sent", file: file, line: line)
        XCTAssertEqual(docs.manifestText(), manifest, "the manifest was not rewritten", file: file, line: line)
    }

    func testKeyThatLeavesTheFolder() async throws {
        try await assertRefused("""
            {
              "pages" : {
                "../outside.md" : { "format" : "markdown", "hash" : "", "page_id" : "1001", "title" : "x" }
              },
              "version" : 1
            }

            """, containing: ".productive-docs.json:3: `../outside.md` is not a path inside the docs folder")
    }

    func testAbsoluteKey() async throws {
        try await assertRefused("""
            {"pages" : {"/etc/passwd" : { "format" : "markdown", "hash" : "", "page_id" : "1001", "title" : "x" }}, "version" : 1}

            """, containing: "is not a path inside the docs folder")
    }

    func testDuplicatePageIDs() async throws {
        try await assertRefused("""
            {
              "pages" : {
                "a.md" : { "format" : "markdown", "hash" : "", "page_id" : "1001", "title" : "A" },
                "b.md" : { "format" : "markdown", "hash" : "", "page_id" : "1001", "title" : "B" }
              },
              "version" : 1
            }

            """, containing: ":4: page 1001 is named by both `a.md` and `b.md`")
    }

    func testNonNumericPageIDIsNeverARequest() async throws {
        try await assertRefused("""
            {
              "pages" : {
                "." : { "format" : "markdown", "hash" : "", "page_id" : "1001/../../admin", "title" : "x" }
              },
              "version" : 1
            }

            """, containing: ":3: `page_id` of `.` is not a page id (digits only)")
    }

    func testGitConflictMarkers() async throws {
        try await assertRefused("""
            {
              "pages" : {
            <<<<<<< HEAD
                "a.md" : { "format" : "markdown", "hash" : "", "page_id" : "1001", "title" : "A" }
            =======
                "a.md" : { "format" : "markdown", "hash" : "", "page_id" : "1002", "title" : "A" }
            >>>>>>> branch
              },
              "version" : 1
            }

            """, containing: ":3: the manifest has git conflict markers")
    }

    func testInvalidJSON() async throws {
        try await assertRefused("{\n  \"pages\" : {\n    \"a.md\" : \n  },\n  \"version\" : 1\n}\n", containing: "the manifest is not valid JSON")
    }

    func testJSONThatIsNoObjectIsSaidSo() async throws {
        for text in ["null\n", "3\n", "[]\n"] {
            try await assertRefused(text, containing: "expected a JSON object at the top")
        }
    }

    func testWrongType() async throws {
        try await assertRefused("""
            {
              "pages" : {
                "a.md" : { "format" : "markdown", "hash" : "", "page_id" : "1001", "title" : 7 }
              },
              "version" : 1
            }

            """, containing: ":3: `title` of `a.md` must be a string")
    }

    func testFrontMatterPageIDMustBeNumeric() async throws {
        let docs = try await fixture()
        try docs.write("evil.md", "---\npage_id: 1001/../../admin\n---\n# Evil\n\nBody.\n")
        let requestsBefore = docs.sandbox.requests.writes
        let report = try await docs.publish()
        XCTAssertEqual(report.results.first { $0.key == "evil.md" }?.outcome, .skipped)
        XCTAssertTrue(report.findings.contains { $0.path == "evil.md" && $0.finding.ruleID == "PD904" })
        XCTAssertTrue(report.needsAttention)
        XCTAssertEqual(docs.sandbox.requests.writes - requestsBefore, 1, "only README.md was created")
    }

    func testConfigIDsAreValidated() throws {
        var config = DocsConfig()
        config.projectID = "12/../34"
        XCTAssertThrowsError(try config.validate("flags"))
        config.projectID = "42"
        config.concurrency = 0
        XCTAssertThrowsError(try config.validate("flags"))
        config.concurrency = 4
        config.pageURLTemplate = "https://example.com/page"
        XCTAssertThrowsError(try config.validate("flags"))
    }

    func testInitTemplateLoads() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("init-\(UUID().uuidString).yml").path
        try DocsConfig.template.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        XCTAssertNoThrow(try DocsConfig.load(path))
    }
}
