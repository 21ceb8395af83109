import AsyncHTTPClient
import Foundation
import NearLightClient
@testable import Devnet
import TestSupport

/// A devnet (the chain's default WasmKit runtime) serving NEAR's JSON-RPC on an ephemeral
/// loopback port with blocks on demand, for the duration of `body`; `test.near` is funded and
/// its key is the test's.
func withContractDevnet<T: Sendable>(_ body: @Sendable (ContractDevnet) async throws -> T) async throws -> T {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("contracts-devnet-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: directory) }
    let (genesis, key) = Genesis.makeDefault(epochLength: 5)
    let chain = try Chain(directory: directory, genesis: genesis)
    let server = DevnetServer(rpc: DevnetRPC(chain: chain), port: 0)
    let producer = BlockProducerLoop(chain: chain, mode: .onDemand)
    let (ports, portSeen) = AsyncStream.makeStream(of: Int.self)
    let serving = Task { try await server.application { portSeen.yield($0) }.run() }
    let producing = Task { await producer.run() }
    defer {
        serving.cancel()
        producing.cancel()
    }
    guard let port = await ports.first() else { throw Failure("devnet did not report its port") }
    return try await body(ContractDevnet(chain: chain, key: key, url: "http://127.0.0.1:\(port)"))
}

struct ContractDevnet: Sendable {
    let chain: Chain
    let key: SecretKey
    let url: String

    func rawRPC(_ method: String, _ params: String) async throws -> [UInt8] {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(Array(#"{"jsonrpc":"2.0","id":"t","method":"\#(method)","params":\#(params)}"#.utf8))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        return Array(try await response.body.collect(upTo: 1 << 24).readableBytesView)
    }

    func rpc(_ method: String, _ params: String) async throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(try await rawRPC(method, params)))
    }

    func result<R: Decodable>(_ type: R.Type, _ method: String, _ params: String) async throws -> R {
        try NearRPC.decodeResult(type, from: try await rawRPC(method, params))
    }

    /// Signs `actions` from `test.near` to itself and sends them with `broadcast_tx_commit`.
    func send(_ nonce: UInt64, _ actions: [Action]) async throws -> (hash: CryptoHash, response: JSONValue) {
        let tx = Transaction(signerId: "test.near", publicKey: key.publicKey, nonce: nonce, receiverId: "test.near",
                             blockHash: await chain.head.hash, actions: actions)
        let signed = try tx.signed(with: key)
        return (signed.hash, try await rpc("broadcast_tx_commit", #"["\#(signed.base64)"]"#))
    }
}
