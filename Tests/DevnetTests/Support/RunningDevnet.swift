import AsyncHTTPClient
import Foundation
import NearLightClient
@testable import Devnet
import TestSupport

/// A devnet serving JSON-RPC on an ephemeral loopback port for the duration of `body`.
func withDevnet<T: Sendable>(
    production: BlockProduction = .onDemand, epochLength: UInt64 = 5,
    _ body: @Sendable (TestChain, RPCConnection) async throws -> T
) async throws -> T {
    let t = try TestChain(epochLength: epochLength)
    let server = DevnetServer(rpc: DevnetRPC(chain: t.chain), port: 0)
    let producer = BlockProducerLoop(chain: t.chain, mode: production)
    let (ports, portSeen) = AsyncStream.makeStream(of: Int.self)
    let serving = Task { try await server.application { portSeen.yield($0) }.run() }
    let producing = Task { await producer.run() }
    defer {
        serving.cancel()
        producing.cancel()
    }
    let port = try require(await ports.first(), "server did not report its port")
    return try await body(t, RPCConnection(port: port))
}

/// JSON-RPC calls over real HTTP.
struct RPCConnection: Sendable {
    let port: Int
    var url: String { "http://127.0.0.1:\(port)" }

    /// The whole response document.
    func raw(_ method: String, _ params: String, path: String = "/", timeout: Int64 = 30) async throws -> (status: Int, body: [UInt8]) {
        var request = HTTPClientRequest(url: url + path)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(Array(#"{"jsonrpc":"2.0","id":"t","method":"\#(method)","params":\#(params)}"#.utf8))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(timeout))
        let body = try await response.body.collect(upTo: 1 << 24)
        return (Int(response.status.code), Array(body.readableBytesView))
    }

    func json(_ method: String, _ params: String, timeout: Int64 = 30) async throws -> JSONValue {
        let (_, body) = try await raw(method, params, timeout: timeout)
        return try JSONDecoder().decode(JSONValue.self, from: Data(body))
    }

    func result<T: Decodable>(_ type: T.Type, _ method: String, _ params: String) async throws -> T {
        let (_, body) = try await raw(method, params)
        return try NearRPC.decodeResult(type, from: body)
    }
}
