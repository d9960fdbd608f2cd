import ArgumentParser
import DocsSync
import ProductiveAPI
import XCTest
@testable import productive_docs

/// `ErrorReport`: the one place what a command threw becomes a message and an exit code.
final class ErrorReportTests: XCTestCase {
    func testEachLayerHasItsExitCode() {
        XCTAssertEqual(ErrorReport.outcome(for: CommandLineError.input("a.md: no such file or directory")), .init(message: "error: a.md: no such file or directory", code: 2))
        XCTAssertEqual(ErrorReport.outcome(for: SyncError("productive-docs.yml: unknown setting `x`")).code, 2)
        XCTAssertEqual(ErrorReport.outcome(for: ProductiveAPIError.misconfigured("PRODUCTIVE_API_TOKEN is not set")), .init(message: "error: PRODUCTIVE_API_TOKEN is not set", code: 2))
        XCTAssertEqual(ErrorReport.outcome(for: ProductiveAPIError.locked("another run holds the lock of page 5")).code, 1)
        XCTAssertEqual(ErrorReport.outcome(for: ProductiveAPIError(operation: "GET /pages/5", status: 404)).code, 1)
        XCTAssertEqual(ErrorReport.outcome(for: ProductiveAPIError(operation: "GET /pages", status: nil, cause: "connection refused", kind: .unreachable)).code, 2)
        XCTAssertEqual(ErrorReport.outcome(for: ExitCode(1)), .init(message: "", code: 1))
        XCTAssertEqual(ErrorReport.outcome(for: ValidationError("--page takes a numeric page id")).code, 2)
    }

    func testAnExistingTreeNamesTheCommandsForTheFolder() {
        let clash = SyncError.Clash(key: "guide.md", title: "Guide", existingID: "42", place: "under page 7")
        let outcome = ErrorReport.outcome(for: CommandLineError.inFolder("docs", SyncError(clashes: [clash])))
        XCTAssertEqual(outcome.code, 2)
        XCTAssertTrue(outcome.message.hasPrefix("error: `guide.md` would be created as \"Guide\" under page 7, where page 42"), outcome.message)
        XCTAssertTrue(outcome.message.contains("`productive-docs publish docs --adopt`"), outcome.message)
        XCTAssertTrue(outcome.message.contains("`productive-docs pull NEW-FOLDER --root-page 42`"), outcome.message)
    }

    func testWhatAFolderCommandThrowsKeepsItsCode() {
        XCTAssertEqual(ErrorReport.outcome(for: CommandLineError.inFolder(".", ExitCode(1))).code, 1)
        XCTAssertEqual(ErrorReport.outcome(for: CommandLineError.inFolder(".", ProductiveAPIError(operation: "x", status: 500))).code, 1)
        XCTAssertEqual(ErrorReport.outcome(for: CommandLineError.inFolder(".", SyncError("no target"))), .init(message: "error: no target", code: 2))
    }
}
