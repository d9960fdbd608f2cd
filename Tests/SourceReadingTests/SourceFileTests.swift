import Foundation
import SourceReading
import XCTest

/// `SourceFile` reads real files and pipes: every byte, once, whatever the size.
final class SourceFileTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("source-file-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    func testReadsEveryByteOfFilesOfAnySize() throws {
        for size in [0, 1, 4095, 65_536, 65_537, 1_000_003] {
            let expected = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 / 7) }
            let path = folder.appendingPathComponent("f\(size).md").path
            XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data(expected)))
            XCTAssertEqual(try SourceFile.bytes(atPath: path), expected, "size \(size)")
        }
    }

    func testReadsAPipeToItsEnd() throws {
        let pipe = Pipe()
        let expected = Array(repeating: Array("line of a piped note\n".utf8), count: 10_000).flatMap { $0 }
        let writer = Thread {
            pipe.fileHandleForWriting.write(Data(expected))
            try? pipe.fileHandleForWriting.close()
        }
        writer.start()
        let bytes = try SourceFile.bytes(reading: pipe.fileHandleForReading.fileDescriptor, path: "<stdin>")
        XCTAssertEqual(bytes, expected)
    }

    func testAMissingFileOrAFolderIsAnErrorNamingThePath() {
        let missing = folder.appendingPathComponent("missing.md").path
        XCTAssertThrowsError(try SourceFile.bytes(atPath: missing)) { error in
            XCTAssertEqual("\(error)", "\(missing): cannot read this file (No such file or directory)")
        }
        XCTAssertThrowsError(try SourceFile.bytes(atPath: folder.path)) { error in
            XCTAssertTrue("\(error)".hasSuffix("(it is a folder)"), "\(error)")
        }
    }

    /// A file past the limit is refused from its size, before a byte is read (a sparse file here).
    func testAFileLargerThanTheLimitIsRefusedBeforeItIsRead() throws {
        let path = folder.appendingPathComponent("huge.md").path
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: nil))
        XCTAssertEqual(truncate(path, off_t(SourceFile.maximumBytes + 1)), 0)
        XCTAssertThrowsError(try SourceFile.bytes(atPath: path)) { error in
            XCTAssertEqual("\(error)", "\(path): cannot read this file (larger than 1 GiB, too large to be a page)")
        }
        XCTAssertEqual(truncate(path, 3), 0)
        XCTAssertEqual(try SourceFile.bytes(atPath: path), [0, 0, 0])
    }
}
