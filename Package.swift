// swift-tools-version:6.1
// DRS Orchestration: one Lambda custom-runtime binary (`bootstrap`) and a local emulator (`drs-local`).
//
// `bootstrap`'s closure is kept to swift-log, FoundationEssentials and two C shims over libcurl and
// libcrypto (see DESIGN.md "Dependencies"); the heavy packages are for `drs-local` only.
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "drs-orchestration",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "bootstrap", targets: ["bootstrap"]),
        .executable(name: "drs-local", targets: ["drs-local"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        // Named because drs-local imports them directly; Hummingbird brings them in anyway.
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        // drs-local: RS256 verification of Cognito IdTokens (already in the graph through swift-certificates).
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
    ],
    targets: [
        // MARK: bootstrap's closure
        // Layers, bottom up: building blocks; the AWS clients over their value models; the domain
        // (Orchestrator) over the models only; API over the domain; AWSAdapters (the domain's store
        // and DRS gateway on the clients); bootstrap, the composition root.
        .target(
            name: "LambdaRuntime",
            dependencies: ["JSONCore", "Primitives", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        .target(name: "JSONCore", swiftSettings: strict),
        .target(name: "EmbeddedMetricFormat", dependencies: ["JSONCore"], swiftSettings: strict),
        .target(name: "CCryptoShim", linkerSettings: [.linkedLibrary("dl")]),
        .target(name: "CCurlShim", linkerSettings: [.linkedLibrary("dl")]),
        .target(name: "Primitives", dependencies: ["CCryptoShim"], swiftSettings: strict),
        .target(
            name: "AWSCore",
            dependencies: ["Primitives", "CCryptoShim", "CCurlShim"],
            swiftSettings: strict
        ),
        .target(name: "DynamoDBModel", swiftSettings: strict),
        .target(name: "DynamoDB", dependencies: ["DynamoDBModel", "AWSCore", "JSONCore"], swiftSettings: strict),
        .target(name: "DRSModel", dependencies: ["Primitives"], swiftSettings: strict),
        .target(name: "DRS", dependencies: ["DRSModel", "AWSCore"], swiftSettings: strict),
        .target(
            name: "Orchestrator",
            dependencies: ["DynamoDBModel", "DRSModel", "Primitives", "JSONCore", "EmbeddedMetricFormat"],
            swiftSettings: strict),
        .target(
            name: "API",
            dependencies: [
                "Orchestrator", "DRSModel", "Primitives", "JSONCore", "EmbeddedMetricFormat", "LambdaRuntime",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "AWSAdapters", dependencies: ["Orchestrator", "DynamoDB", "DRS", "AWSCore", "JSONCore"],
            swiftSettings: strict),
        // Keeps the Lambda binary within provided.al2023's glibc 2.34 (see Sources/CGlibcCompat/compat.c).
        .target(name: "CGlibcCompat", linkerSettings: [.linkedLibrary("m")]),
        .executableTarget(
            name: "bootstrap",
            dependencies: [
                "LambdaRuntime", "API", "AWSAdapters", "AWSCore", "DRS", "DynamoDB", "Orchestrator", "CGlibcCompat",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),

        // MARK: development tool (never in the Lambda zip)
        .target(
            name: "DRSLocal",
            dependencies: [
                "AWSCore",
                "DRS",
                "DynamoDB",
                "JSONCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
            ],
            resources: [.copy("DRSSimulator/Inventory/default-inventory.json"), .copy("moto_launcher.py")],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "drs-local",
            dependencies: ["DRSLocal", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: strict
        ),

        // MARK: tests
        .target(
            name: "TestSupport",
            dependencies: ["LambdaRuntime", "API", "AWSCore", "Orchestrator", "DRS", "DynamoDB", "JSONCore"],
            swiftSettings: strict),
        .testTarget(
            name: "OrchestratorTests",
            dependencies: ["Orchestrator", "AWSAdapters", "AWSCore", "DRS", "DynamoDB", "JSONCore", "TestSupport"],
            swiftSettings: strict),
        .testTarget(
            name: "LambdaRuntimeTests", dependencies: ["LambdaRuntime", "EmbeddedMetricFormat", "TestSupport"],
            swiftSettings: strict),
        .testTarget(
            name: "APITests",
            dependencies: ["API", "Orchestrator", "AWSCore", "DRS", "DynamoDB", "JSONCore", "TestSupport"],
            resources: [.copy("Fixtures")],
            swiftSettings: strict
        ),
        .testTarget(name: "AWSCoreTests", dependencies: ["AWSCore", "TestSupport"], swiftSettings: strict),
        .testTarget(
            name: "DynamoDBTests", dependencies: ["DynamoDB", "AWSCore", "DRSLocal", "JSONCore", "TestSupport"],
            swiftSettings: strict),
        .testTarget(
            name: "DRSTests", dependencies: ["DRS", "DRSLocal", "AWSCore", "JSONCore", "TestSupport"],
            swiftSettings: strict),
        .testTarget(
            name: "DRSLocalTests",
            dependencies: [
                "DRSLocal", "API", "JSONCore", "TestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
    ]
)
