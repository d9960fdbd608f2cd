import Foundation
import ProductiveSandbox
import XCTest

/// `sandbox --help` says what `--fault` does without `*COUNT`: every matching request, as
/// `SandboxFault.parse` reads it (and the tests that use it rely on).
final class SandboxFaultHelpTests: XCTestCase {
    func testTheHelpSaysCountDefaultsToEveryMatchingRequestAsParseDoes() throws {
        let help = try CLI.run(["sandbox", "--help"])
        XCTAssertEqual(help.status, 0, help.stderr)
        let text = help.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        XCTAssertTrue(text.contains("COUNT how many matching requests it hits (default: every one"), text)
        XCTAssertFalse(text.contains("(default 1)"), text)
        XCTAssertEqual(SandboxFault.parse("noop-write:append")?.times, nil, "every append")
        XCTAssertEqual(SandboxFault.parse("noop-write:append*1")?.times, 1)
    }
}
