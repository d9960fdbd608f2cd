import Foundation
import XCTest

/// No target imports a module it does not declare in Package.swift (a module that builds today
/// only because another target pulled it in breaks the day that target stops).
final class PackageImportsTests: XCTestCase {
    /// What every target may import without declaring: the toolchain's own modules.
    static let toolchainModules: Set<String> = [
        "Foundation", "FoundationNetworking", "FoundationEssentials", "Glibc", "Darwin", "Dispatch", "Synchronization", "XCTest", "Testing",
    ]

    func testEveryImportIsDeclared() throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("productive-docs-dump-package").path
        let dump = try CLI.runShell("swift package --scratch-path \"$0\" dump-package", arguments: [scratch], timeout: 300)
        XCTAssertEqual(dump.status, 0, dump.stderr)
        let package = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(dump.stdout.utf8)) as? [String: Any])
        let targets = try XCTUnwrap(package["targets"] as? [[String: Any]])
        var checked = 0
        for target in targets {
            guard let name = target["name"] as? String, let type = target["type"] as? String, type != "system" else { continue }
            let folder = (target["path"] as? String) ?? (type == "test" ? "Tests/" : "Sources/") + name
            let declared = Set(Self.dependencyNames(target["dependencies"]).map { $0.replacingOccurrences(of: "-", with: "_") })
            let undeclared = try Self.imports(in: CLI.packageRoot.appendingPathComponent(folder)).subtracting(declared).subtracting(Self.toolchainModules)
            XCTAssertEqual(undeclared, [], "\(name) imports \(undeclared.sorted()) without declaring it")
            checked += 1
        }
        XCTAssertGreaterThan(checked, 10, "every target was checked")
    }

    /// `[{"byName": ["X", null]}, {"product": ["Y", "pkg", ...]}, {"target": ["Z", null]}]` → X, Y, Z.
    private static func dependencyNames(_ value: Any?) -> [String] {
        (value as? [[String: Any]] ?? []).compactMap { dependency in
            ["byName", "target", "product"].lazy.compactMap { (dependency[$0] as? [Any])?.first as? String }.first
        }
    }

    /// The modules the Swift files under `folder` import.
    private static func imports(in folder: URL) throws -> Set<String> {
        let pattern = try NSRegularExpression(pattern: #"^\s*(?:@testable\s+|@_exported\s+)?import\s+(?:(?:struct|class|enum|func|protocol)\s+)?([A-Za-z_][A-Za-z0-9_]*)"#, options: .anchorsMatchLines)
        var found: Set<String> = []
        let files = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? []
        for file in files where file.pathExtension == "swift" {
            let text = try String(contentsOf: file, encoding: .utf8)
            for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                if let range = Range(match.range(at: 1), in: text) { found.insert(String(text[range])) }
            }
        }
        return found
    }
}
