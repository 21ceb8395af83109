// swift-tools-version: 6.1
import PackageDescription

/// Numeric code is ~200x slower at -Onone; the engine is always built optimized so that
/// `swift test` (debug) still runs the real model in seconds.
let optimized: [SwiftSetting] = [.unsafeFlags(["-O"])]

let package = Package(
    name: "dcml",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "dcml", targets: ["dcml"]),
        .library(name: "Inference", targets: ["Inference"]),
        .library(name: "Node", targets: ["Node"]),
        .library(name: "Attestation", targets: ["Attestation"]),
        .library(name: "NearLightClient", targets: ["NearLightClient"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.0"),
        .package(url: "https://github.com/apple/swift-asn1.git", from: "1.3.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.30.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.0.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.0"),
        .package(url: "https://github.com/swiftwasm/WasmKit.git", from: "0.4.2"),
    ],
    targets: [
        // Innermost quantized dot products only (AVX2/AVX-512 with runtime CPU detection).
        .target(
            name: "InferenceKernels",
            cSettings: [.unsafeFlags(["-O3"])]
        ),
        .target(
            name: "Inference",
            dependencies: [
                "InferenceKernels",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
            ],
            swiftSettings: optimized
        ),
        .target(
            name: "ModelCache",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")]
        ),
        .target(
            name: "Node",
            dependencies: [
                "Inference", "Attestation", "AttestedTLS", "Sealing", "Payments", "NearLightClient",
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        .target(
            name: "Attestation",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ]
        ),
        // Encrypted models: key pairs, the sealed-file format (chunked AES-256-GCM STREAM).
        .target(
            name: "Sealing",
            dependencies: [
                "Inference",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ],
            swiftSettings: optimized
        ),
        // RA-TLS: certificates that carry a quote bound to their key, verified during the handshake.
        .target(
            name: "AttestedTLS",
            dependencies: [
                "Attestation",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOTLS", package: "swift-nio"),
            ]
        ),
        // The Swift SDK: attested connections to nodes, verified completions, the chain client.
        .target(
            name: "DCMLClient",
            dependencies: [
                "AttestedTLS", "Attestation", "NearLightClient", "Payments",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        // `dcml pay-proxy`: a local OpenAI-compatible server that pays a node's completions with vouchers.
        .target(
            name: "PayProxy",
            dependencies: [
                "DCMLClient", "Payments",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .target(
            name: "NearLightClient",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")]
        ),
        // Off-chain payment channels (§6): vouchers, the node's and payer's channel state machines,
        // closure approvals, rollback-protected ledger (§6.1).
        .target(name: "Payments", dependencies: ["NearLightClient", .product(name: "Crypto", package: "swift-crypto")]),
        // Host-side tools for the Embedded Swift NEAR contracts in Contracts/: reproducible
        // builds and the NEAR wasm feature validator.
        .target(
            name: "ContractTooling",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")]
        ),
        // The embedded NEAR-compatible chain for development and CI; never linked into the node.
        .target(
            name: "Devnet",
            dependencies: [
                "NearLightClient", "ContractTooling",
                .product(name: "WasmKit", package: "WasmKit"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "dcml",
            dependencies: [
                "Node", "Inference", "ModelCache", "Attestation", "AttestedTLS", "NearLightClient", "Devnet", "DCMLClient", "Sealing", "ContractTooling",
                "PayProxy", "Payments",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // Shared by the test targets only: vectors, the default model, Python oracles.
        .target(name: "TestSupport", dependencies: ["ModelCache"], path: "Sources/TestSupport"),
        .testTarget(name: "InferenceTests", dependencies: ["Inference", "InferenceKernels", "TestSupport"]),
        .testTarget(
            name: "NodeTests",
            dependencies: [
                "Node", "Inference", "TestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        .testTarget(name: "AttestationTests", dependencies: ["Attestation"]),
        // The `dcml` executable as users run it (it is built with the tests).
        .testTarget(name: "CLITests", dependencies: ["Attestation", "TestSupport"]),
        .testTarget(name: "NearLightClientTests", dependencies: ["NearLightClient"]),
        .testTarget(name: "PaymentsTests", dependencies: ["Payments", "NearLightClient"]),
        // A paid attested node in-process: channels established from light-client proofs, vouchers, closures, rollback.
        .testTarget(
            name: "NodePaymentTests",
            dependencies: [
                "Node", "DCMLClient", "Payments", "NearLightClient", "Inference", "Attestation", "TestSupport",
                // The payer's side from the CLI: the channel store and `dcml pay-proxy` with the openai package.
                "PayProxy",
                // The contract builder makes the model market for the end-to-end tests (the devnet runs as a `dcml devnet` process).
                "ContractTooling",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "ContractToolingTests", dependencies: ["ContractTooling"]),
        .testTarget(name: "SealingTests", dependencies: ["Sealing", "Inference", "TestSupport"]),
        // Sealed models served by attested nodes; the key seeded and replicated node to node.
        .testTarget(
            name: "KeyReplicationTests",
            dependencies: [
                "Node", "Sealing", "Inference", "Attestation", "AttestedTLS", "TestSupport",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "AttestedTLSTests",
            dependencies: [
                "AttestedTLS", "Attestation", "TestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "DCMLClientTests",
            dependencies: [
                "DCMLClient", "Node", "Inference", "Attestation", "AttestedTLS", "TestSupport",
                // The chain client's tests run against an in-process devnet and deploy a built contract.
                "Devnet", "ContractTooling", "NearLightClient", "Payments",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
        .testTarget(
            name: "DevnetTests",
            dependencies: [
                "Devnet", "NearLightClient", "TestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        // The Swift contracts on the WasmKit runtime, directly and through the devnet's RPC.
        .testTarget(
            name: "ContractRuntimeTests",
            dependencies: [
                "Devnet", "ContractTooling", "NearLightClient", "TestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
    ]
)
