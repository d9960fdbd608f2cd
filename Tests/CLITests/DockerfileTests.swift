import Foundation
import XCTest

/// The Dockerfile cannot be built here (no Docker engine), so this checks what can be checked: the
/// build stage runs `scripts/dist.sh`, the script behind `make dist`, with every package that
/// script needs; the runtime stage is Debian slim with the binary alone; the build context leaves
/// out build folders.
final class DockerfileTests: XCTestCase {
    private func read(_ path: String) throws -> String {
        try String(contentsOf: CLI.packageRoot.appendingPathComponent(path), encoding: .utf8)
    }

    /// Instructions with their continuation lines joined, comments dropped.
    private func instructions() throws -> [String] {
        var out: [String] = []
        var pending = ""
        for raw in try read("Dockerfile").split(separator: "\n") {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("#") || line.isEmpty { continue }
            if line.hasSuffix("\\") {
                pending += line.dropLast() + " "
            } else {
                out.append(pending + line)
                pending = ""
            }
        }
        return out
    }

    /// The Debian packages scripts/dist.sh takes static archives from.
    private func distPackages() throws -> Set<String> {
        let regex = try NSRegularExpression(pattern: #"\[lib[^\]]+\.a\]=([a-z0-9.+-]+)"#)
        let text = try read("scripts/dist.sh")
        return Set(regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).map {
            String(text[Range($0.range(at: 1), in: text)!])
        })
    }

    func testTheBuildStageRunsTheScriptOfMakeDistWithItsPackages() throws {
        let lines = try instructions()
        let stages = lines.filter { $0.hasPrefix("FROM ") }
        XCTAssertEqual(stages.count, 2)
        XCTAssertTrue(stages[0].hasPrefix("FROM swift:6.3"), stages[0])
        XCTAssertTrue(stages[0].hasSuffix(" AS build"))
        XCTAssertTrue(stages[0].contains("bookworm"), "built on the Debian the tarball targets")

        let makefile = try read("Makefile")
        XCTAssertTrue(makefile.contains("dist:\n") && makefile.contains("\t@scripts/dist.sh\n"), "make dist runs scripts/dist.sh")
        let buildStage = lines.prefix { !$0.hasPrefix("FROM debian") }
        let run = try XCTUnwrap(buildStage.first { $0.contains("scripts/dist.sh") })
        XCTAssertTrue(run.hasPrefix("RUN scripts/dist.sh "), run)

        let install = try XCTUnwrap(buildStage.first { $0.contains("apt-get install") })
        let installed = Set(install.split(separator: " ").map(String.init).filter { $0.hasPrefix("lib") || $0.hasSuffix("-dev") })
        let needed = try distPackages()
        XCTAssertEqual(needed.count, 6, "\(needed)")
        XCTAssertTrue(needed.isSubset(of: installed), "missing from the Dockerfile: \(needed.subtracting(installed))")
    }

    func testTheRuntimeStageHoldsTheBinaryAlone() throws {
        let lines = try instructions()
        let runtime = try XCTUnwrap(lines.split { $0.hasPrefix("FROM ") }.last)
        let from = try XCTUnwrap(lines.last { $0.hasPrefix("FROM ") })
        XCTAssertEqual(from, "FROM debian:bookworm-slim")
        let copies = runtime.filter { $0.hasPrefix("COPY") }
        XCTAssertEqual(copies, ["COPY --from=build /out/productive-docs /usr/local/bin/productive-docs"])
        let installs = runtime.filter { $0.contains("apt-get install") }
        XCTAssertEqual(installs.count, 1)
        XCTAssertTrue(installs[0].contains(" ca-certificates "), "only CA certificates, for HTTPS")
        XCTAssertEqual(runtime.first { $0.hasPrefix("ENTRYPOINT") }, #"ENTRYPOINT ["productive-docs"]"#)
    }

    func testTheBuildContextLeavesBuildFoldersOut() throws {
        let ignored = Set(try read(".dockerignore").split(separator: "\n").map(String.init))
        for folder in [".build/", ".build-*/", ".cache/", "dist/", ".git/"] {
            XCTAssertTrue(ignored.contains(folder), folder)
        }
    }
}
