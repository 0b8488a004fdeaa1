// swift-tools-version:6.0
// OmniID: one member account behind every channel of an omnichannel shop.
// No package dependencies: OpenSSL 3 and SQLite come in as system libraries.
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "omniid",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "omniid", targets: ["omniid"]),
        // For services that validate OmniID tokens offline through JWKS.
        .library(name: "OmniJWT", targets: ["OmniJWT"]),
        // OmniJWT plus a URLSession JWKS fetcher (links Foundation networking; the server does not).
        .library(name: "OmniJWTURLSession", targets: ["OmniJWTURLSession"]),
    ],
    targets: [
        // System libraries: the only doors to C. Each is wrapped once, in one module.
        .systemLibrary(
            name: "COpenSSL",
            pkgConfig: "openssl",
            providers: [.apt(["libssl-dev"]), .brew(["openssl@3"])]
        ),
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"]), .brew(["sqlite"])]
        ),
        // The few C helpers Swift cannot import (macros), nothing else.
        .target(name: "CShims", dependencies: ["COpenSSL", "CSQLite"]),

        // Infrastructure.
        .target(name: "OmniLog", swiftSettings: strict),
        .target(name: "OmniHTTP", dependencies: ["CShims", "COpenSSL"], swiftSettings: strict),
        .target(name: "OmniStore", dependencies: ["CSQLite", "CShims"], swiftSettings: strict),
        .target(name: "OmniCrypto", dependencies: ["COpenSSL", "CShims"], swiftSettings: strict),
        .target(name: "OmniJWT", dependencies: ["OmniCrypto"], swiftSettings: strict),
        .target(name: "OmniJWTURLSession", dependencies: ["OmniJWT"], swiftSettings: strict),

        // The domain and its HTTP face.
        .target(
            name: "OmniID",
            dependencies: ["OmniStore", "OmniJWT", "OmniCrypto", "OmniLog"],
            swiftSettings: strict
        ),
        .target(
            name: "OmniServer",
            dependencies: ["OmniHTTP", "OmniID", "OmniJWT", "OmniStore", "OmniCrypto", "OmniLog"],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "omniid",
            dependencies: ["OmniServer", "OmniID", "OmniHTTP", "OmniStore", "OmniJWT", "OmniLog"],
            swiftSettings: strict
        ),

        // Benchmarks (release builds driven by Benchmarks/*/run.sh).
        .executableTarget(
            name: "HTTPBenchServer",
            dependencies: ["OmniHTTP"],
            path: "Benchmarks/HTTPBenchServer",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "JOSEBench",
            dependencies: ["OmniJWT", "OmniCrypto"],
            path: "Benchmarks/JOSEBench",
            swiftSettings: strict
        ),

        // A faithful fake of WeChat's server API for the tests (the only third party besides SMS).
        .target(
            name: "FakeWeChat",
            dependencies: ["OmniHTTP"],
            path: "Tests/Support/FakeWeChat",
            swiftSettings: strict
        ),

        .testTarget(name: "OmniHTTPTests", dependencies: ["OmniHTTP"], swiftSettings: strict),
        .testTarget(name: "OmniStoreTests", dependencies: ["OmniStore"], swiftSettings: strict),
        .testTarget(name: "OmniCryptoTests", dependencies: ["OmniCrypto"], swiftSettings: strict),
        .testTarget(
            name: "OmniJWTTests",
            dependencies: ["OmniJWT", "OmniJWTURLSession", "OmniCrypto"],
            swiftSettings: strict
        ),
        .testTarget(name: "OmniIDTests", dependencies: ["OmniID", "OmniJWT", "OmniStore"], swiftSettings: strict),
        .testTarget(
            name: "OmniServerTests",
            dependencies: ["OmniServer", "OmniHTTP", "OmniID", "FakeWeChat"],
            swiftSettings: strict
        ),
        .testTarget(name: "OmniLogTests", dependencies: ["OmniLog"], swiftSettings: strict),
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["OmniJWT", "OmniHTTP", "OmniStore", "OmniCrypto", "FakeWeChat"],
            swiftSettings: strict
        ),
    ],
    swiftLanguageModes: [.v6]
)
