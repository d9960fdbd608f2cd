// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "productive-docs",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "productive-docs", targets: ["productive-docs"]),
        .library(name: "ProductiveFormat", targets: ["ProductiveFormat"]),
        .library(name: "SourceReading", targets: ["SourceReading"]),
        .library(name: "ProductiveWire", targets: ["ProductiveWire"]),
        .library(name: "ProductiveAPI", targets: ["ProductiveAPI"]),
        .library(name: "ProductiveSandbox", targets: ["ProductiveSandbox"]),
        .library(name: "DocsSync", targets: ["DocsSync"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        .systemLibrary(
            name: "CCmarkGFM",
            pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
        ),
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        .target(name: "ProductiveFormat"),
        // What every cmark-gfm user in the process shares: the extensions registered once, one parse lock,
        // the scan that refuses input shapes cmark-gfm is super-linear on (PD018).
        .target(name: "CMarkGFMShared", dependencies: ["CCmarkGFM"]),
        // Two reads of cmark-gfm's internal structs, kept in C so Swift sees its nodes as opaque.
        .target(name: "CMarkGFMInternals", dependencies: ["CCmarkGFM"]),
        .target(
            name: "SourceReading",
            dependencies: [
                "CCmarkGFM", "CLibXML2", "CMarkGFMInternals", "CMarkGFMShared", "ProductiveFormat", "ProductiveWire",
                .product(name: "Yams", package: "Yams"),
            ],
            // GitHub's emoji shortcodes, compiled into the code (no resource bundle to ship).
            resources: [.embedInCode("Mapping/emoji-shortcodes.tsv")]
        ),
        // What the client and the sandbox must agree on: header names, media type, query keys, JSON:API
        // documents, default limits. Foundation only.
        .target(name: "ProductiveWire"),
        .target(
            name: "ProductiveAPI",
            dependencies: [
                "ProductiveWire",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .target(
            name: "ProductiveSandbox",
            dependencies: [
                // Its own payload reader (cmark-gfm's HTML renderer, libxml2, the hostile-input scan in
                // CMarkGFMShared): never the tool's reader, mapper or client.
                "CCmarkGFM", "CLibXML2", "CMarkGFMShared", "ProductiveFormat", "ProductiveWire",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .target(
            name: "DocsSync",
            dependencies: [
                "ProductiveFormat", "SourceReading", "ProductiveWire", "ProductiveAPI",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .executableTarget(
            name: "productive-docs",
            dependencies: [
                "ProductiveFormat", "SourceReading", "ProductiveWire", "ProductiveAPI", "ProductiveSandbox", "DocsSync",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            // SwiftPM exports every symbol of a Linux executable (about 40,000 here), and the Swift
            // runtime's start-up `dladdr` scans them all: 0.5 ms of the 8 ms lint of one small file.
            linkerSettings: [.unsafeFlags(["-Xlinker", "--no-export-dynamic"], .when(platforms: [.linux]))]
        ),
        .executableTarget(
            name: "productive-docs-bench",
            dependencies: ["ProductiveAPI", "ProductiveSandbox", "DocsSync"]
        ),
        // What several test targets share: seeded randomness that a failing run can replay.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "ProductiveFormatTests", dependencies: ["ProductiveFormat", "SourceReading"]),
        .testTarget(name: "SourceReadingTests", dependencies: ["SourceReading", "ProductiveFormat", "TestSupport"], exclude: ["Snapshots"]),
        .testTarget(name: "ProductiveWireTests", dependencies: ["ProductiveWire"]),
        .testTarget(
            name: "ProductiveAPITests",
            dependencies: [
                "ProductiveAPI", "ProductiveSandbox", "ProductiveFormat", "ProductiveWire", "TestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "ProductiveSandboxTests",
            dependencies: [
                "ProductiveSandbox", "ProductiveAPI", "SourceReading", "ProductiveFormat", "ProductiveWire",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .testTarget(name: "DocsSyncTests", dependencies: ["DocsSync", "ProductiveSandbox", "ProductiveAPI", "SourceReading", "ProductiveFormat", "ProductiveWire"]),
        .testTarget(
            name: "CLITests",
            dependencies: [
                "productive-docs", "ProductiveSandbox", "ProductiveAPI", "DocsSync", "TestSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"), .product(name: "Yams", package: "Yams"),
            ]
        ),
    ]
)
