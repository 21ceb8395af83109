import Attestation
import AttestedTLS
import Crypto
import Foundation
import Hummingbird
import HummingbirdTesting
import Inference
import Logging
import Node
import NIOHTTP1
import Sealing
import Testing

/// A simulated-TEE node started with a sealed model (as `dcml node --sealed-model`), serving
/// RA-TLS on an ephemeral loopback port: it attests, and answers 503 until its key arrives.
struct SealedNode: Sendable {
    let port: Int
    let identity: NodeIdentity
    var composeHash: [UInt8] { identity.composeHash }

    static let measurements = SimulatedMeasurements(binaryDigest: Array(SHA256.hash(data: Array("key-replication-tests".utf8))))

    /// The workload of the replicating nodes; `binary` varies it (another compose hash).
    static func compose(modelHash: ModelHash, binary: String = String(repeating: "ab", count: 32)) -> AppCompose {
        AppCompose(nodeBinarySHA256: binary, modelHash: modelHash.hex, engine: "local")
    }

    static func with<T: Sendable>(sealed path: String, compose: AppCompose, _ body: @escaping @Sendable (SealedNode) async throws -> T) async throws -> T {
        let provider = SimulatedQuoteProvider(simulator: SimulatedTEE(measurements: measurements))
        let identity = try await NodeIdentity.establish(compose: compose, provider: provider)
        let sealed = try SealedModel(path: path)
        let waiting = AwaitingKeyEngine(sealed: sealed)
        let slot = ModelSlot(engine: waiting, modelHash: sealed.modelHash, allowed: [sealed.modelHash])
        let keyring = ModelKeyring(slot: slot, sealed: sealed) { memory, modelID in
            try LocalEngine(memory: memory, modelID: modelID, configuration: .init(threads: 1, contextLength: 512))
        }
        var logger = Logger(label: "test.sealed-node")
        logger.logLevel = .warning
        let node = Node(engine: waiting, configuration: .init(port: 0), logger: logger, identity: identity, models: slot, keyring: keyring)
        return try await node.application().test(.live) { client in
            try await body(SealedNode(port: try #require(client.port), identity: identity))
        }
    }

    /// One request over RA-TLS (anonymous client, this node's workload required), as a test or an
    /// operator on the node's host would send it.
    func call(_ method: HTTPMethod, _ path: String, json: String? = nil) async throws -> (status: Int, body: [String: Any]) {
        let client = AttestedHTTPClient(verifier: RATLSVerifier(policy: .init(allowSimulated: true, composeHash: composeHash)))
        let response = try await client.withConnection(host: "127.0.0.1", port: port) { connection in
            try await connection.fetch(.init(method: method, path: path, headers: [("content-type", "application/json")], body: Array((json ?? "").utf8)))
        }
        let object = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any] ?? [:]
        return (Int(response.status.code), object)
    }

    func requestKey(for peer: SealedNode) async throws -> (status: Int, body: [String: Any]) {
        try await call(.POST, "/v1/keys/request_sk", json: #"{"host": "127.0.0.1", "port": \#(peer.port)}"#)
    }

    func complete() async throws -> (status: Int, body: [String: Any]) {
        let model = try await call(.GET, "/v1/models").body["data"].flatMap { ($0 as? [[String: Any]])?.first?["id"] as? String } ?? ""
        return try await call(.POST, "/v1/chat/completions",
                              json: #"{"model": "\#(model)", "messages": [{"role": "user", "content": "Name a color."}], "max_tokens": 4, "temperature": 0}"#)
    }
}

extension Dictionary where Key == String, Value == Any {
    /// `error.code` and `error.message` of an OpenAI-style error body.
    var errorCode: String? { (self["error"] as? [String: Any])?["code"] as? String }
    var errorMessage: String { (self["error"] as? [String: Any])?["message"] as? String ?? "" }
}
