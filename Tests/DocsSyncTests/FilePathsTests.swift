import DocsSync
import Foundation
import XCTest

/// `FilePaths` gives what Foundation's URL gives, for every shape of path the commands meet.
final class FilePathsTests: XCTestCase {
    func testStandardizedIsWhatURLGives() {
        let paths = [
            "/", "/a", "/a/b.md", "/a/b/", "/a//b.md", "/a/./b.md", "/a/../b.md", "/a/b/..", "/a/b/.", "//a", "/..", "/a/b c/%20d.md",
            "/caf\u{E9}/e\u{301}.md", "a.md", "./a.md", "a/b/c.md", "a/../b.md", "a//b", "a/", ".", "..", "../x.md", "docs/section-00/page.md",
        ]
        for path in paths {
            XCTAssertEqual(FilePaths.standardized(path), URL(fileURLWithPath: path).standardizedFileURL.path, path)
        }
    }

    func testResolvedFollowsLinksLikeURL() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("file-paths-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("real"), withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
        try "x".write(to: folder.appendingPathComponent("real/a.md"), atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("link").path, withDestinationPath: folder.appendingPathComponent("real").path)
        let through = folder.appendingPathComponent("link/a.md").path
        XCTAssertEqual(FilePaths.resolved(through), URL(fileURLWithPath: through).standardizedFileURL.resolvingSymlinksInPath().path)
        XCTAssertEqual(FilePaths.resolved(through), FilePaths.resolved(folder.appendingPathComponent("real/./a.md").path))
        let missing = folder.appendingPathComponent("link/missing.md").path
        XCTAssertEqual(FilePaths.resolved(missing), URL(fileURLWithPath: missing).standardizedFileURL.resolvingSymlinksInPath().path)
    }
}
