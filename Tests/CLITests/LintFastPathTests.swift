import XCTest
@testable import productive_docs

/// `lint PATH...` is parsed without ArgumentParser (`LintCommand(fastPathArguments:)`); these
/// check that it makes the command ArgumentParser makes, and leaves everything else to it.
final class LintFastPathTests: XCTestCase {
    func testTheFastPathMakesTheCommandArgumentParserMakes() throws {
        let pathLists = [["doc.md"], ["docs", "README.md", "-"], ["-"], ["help"], ["lint", "convert"], ["with space.md", "a=b", ""]]
        for paths in pathLists {
            let arguments = ["lint"] + paths
            let fast = try XCTUnwrap(LintCommand(fastPathArguments: arguments), "\(arguments)")
            let parsed = try XCTUnwrap(ProductiveDocs.parseAsRoot(arguments) as? LintCommand, "\(arguments)")
            XCTAssertEqual(fast.paths, paths)
            XCTAssertEqual(Self.values(of: fast), Self.values(of: parsed), "\(arguments)")
            XCTAssertEqual(Self.wrappers(of: fast), Self.wrappers(of: parsed), "\(arguments)")
        }
    }

    func testAnythingButPathsIsLeftToArgumentParser() {
        let argumentLists = [
            [], ["lint"], ["lint", "-", "-"], ["lint", "doc.md", "--strict"], ["lint", "--format", "json", "doc.md"],
            ["lint", "--to=html", "doc.md"], ["lint", "doc.md", "-h"], ["lint", "--help"], ["lint", "--", "doc.md"],
            ["lint", "--disable", "PD002", "doc.md"], ["convert", "doc.md"], ["--version"], ["help", "lint"],
        ]
        for arguments in argumentLists {
            XCTAssertNil(LintCommand(fastPathArguments: arguments), "\(arguments)")
        }
    }

    /// Every option of the command, as given or defaulted.
    private static func values(of command: LintCommand) -> [String] {
        [
            "\(command.paths)", "\(command.format)", "\(String(describing: command.strict))",
            "\(String(describing: command.payload.format))", "\(String(describing: command.configFile.path))",
            "\(String(describing: command.conversion.mapping.headingFallback))", "\(String(describing: command.conversion.mapping.titleHeading))",
            "\(String(describing: command.conversion.mapping.assetBaseURL))", "\(command.conversion.disabled)",
        ]
    }

    /// Every property wrapper of the command as ArgumentParser describes it (an option group with
    /// its members): an option added later and left unset by the fast path shows as `*definition*`.
    private static func wrappers(of command: LintCommand) -> [String] {
        Mirror(reflecting: command).children.map { "\($0.label ?? ""): \($0.value)" }
    }
}
