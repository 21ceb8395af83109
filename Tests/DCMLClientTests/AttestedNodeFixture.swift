import Attestation
import Crypto
import Foundation
import Hummingbird
import HummingbirdTesting
import Inference
import Logging
import Node
import TestSupport
import Testing

/// The default model on the embedded engine, its modelH, shared by every test of the process.
enum SharedModel {
    static let loaded = Result { () throws -> (engine: LocalEngine, hash: ModelHash, path: String) in
        let path = try DefaultModelFixture.path()
        let engine = try LocalEngine(modelPath: path, configuration: .init(threads: 1, contextLength: 512))
        return (engine, try ModelManifest.of(path: path).modelHash, path)
    }
    static func get() throws -> (engine: LocalEngine, hash: ModelHash, path: String) { try loaded.get() }
}

/// A node with a simulated-TEE identity serving RA-TLS on an ephemeral loopback port.
struct AttestedNode: Sendable {
    let port: Int
    let identity: NodeIdentity
    let modelHash: ModelHash
    var url: String { "https://127.0.0.1:\(port)" }
    var composeHash: [UInt8] { identity.composeHash }

    static let measurements = SimulatedMeasurements(binaryDigest: Array(SHA256.hash(data: Array("dcml-client-tests".utf8))))

    static func with<T: Sendable>(backendURL: String? = nil, _ test: @escaping @Sendable (AttestedNode) async throws -> T) async throws -> T {
        let model = try SharedModel.get()
        let provider = SimulatedQuoteProvider(simulator: SimulatedTEE(measurements: measurements))
        let compose = AppCompose(nodeBinarySHA256: String(repeating: "ab", count: 32), modelHash: model.hash.hex, engine: "local", backendURL: backendURL)
        let identity = try await NodeIdentity.establish(compose: compose, provider: provider)
        var logger = Logger(label: "test.attested-node")
        logger.logLevel = .warning
        let slot = ModelSlot(engine: model.engine, modelHash: model.hash) { path in
            try LocalEngine(modelPath: path, configuration: .init(threads: 1, contextLength: 512))
        }
        let node = Node(engine: model.engine, configuration: .init(port: 0), logger: logger, identity: identity, models: slot)
        return try await node.application().test(.live) { client in
            let port = try #require(client.port)
            return try await test(AttestedNode(port: port, identity: identity, modelHash: model.hash))
        }
    }
}
