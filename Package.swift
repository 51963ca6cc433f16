// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "motcua",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "motcua", targets: ["motcua"]),
        .library(name: "MotCuaCore", targets: ["MotCuaCore"]),
        .library(name: "MotCuaServer", targets: ["MotCuaServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/vapor.git", from: "4.122.3"),
        .package(url: "https://github.com/vapor/fluent.git", from: "4.13.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.9.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.14.0"),
        .package(url: "https://github.com/vapor/leaf.git", from: "4.5.2"),
        .package(url: "https://github.com/vapor/leaf-kit.git", from: "1.14.3"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        // HMAC-SHA512 for payment intermediaries' signatures (already resolved through Vapor).
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        // X.509, CMS and ASN.1 for verifying signed results (PAdES) (already resolved through Vapor).
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-asn1.git", from: "1.7.4"),
        // Verifies the ID tokens of the national sign-in service (VNeID) against its published keys.
        .package(url: "https://github.com/vapor/jwt-kit.git", exact: "5.7.1"),
    ],
    targets: [
        // The rules of the domain: plain Swift and Foundation, no Vapor, no Fluent, no I/O.
        .target(
            name: "MotCuaCore",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ],
            resources: [.copy("Resources")]
        ),
        .target(
            name: "MotCuaServer",
            dependencies: [
                "MotCuaCore",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "Leaf", package: "leaf"),
                .product(name: "LeafKit", package: "leaf-kit"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "JWTKit", package: "jwt-kit"),
            ],
            resources: [.copy("Views"), .copy("Public"), .copy("API")]
        ),
        .executableTarget(
            name: "motcua",
            dependencies: ["MotCuaServer"]
        ),
        // Micro-benchmarks of the core, reported as ratios to a baseline measured in the same run.
        .executableTarget(
            name: "MotCuaCoreBench",
            dependencies: ["MotCuaCore"],
            path: "bench/core"
        ),
        // The seeded input generator that the fuzz tests of both test targets share.
        .target(
            name: "MotCuaFuzzing",
            dependencies: ["MotCuaCore"],
            path: "Tests/Support/MotCuaFuzzing"
        ),
        .testTarget(
            name: "MotCuaCoreTests",
            dependencies: ["MotCuaCore", "MotCuaFuzzing"],
            // Read from disk by the tests through #filePath; not resources of the test bundle.
            exclude: ["Fixtures", "QR/Fixtures"]
        ),
        .testTarget(
            name: "MotCuaServerTests",
            dependencies: [
                "MotCuaServer",
                "MotCuaCore",
                "MotCuaFuzzing",
                .product(name: "VaporTesting", package: "vapor"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "JWTKit", package: "jwt-kit"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
