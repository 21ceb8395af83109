import Devnet
import Foundation
import Hummingbird
import NIOCore
import TestSupport

/// An RPC node that answers from a devnet but alters every light-client proof (the first
/// `gas_burnt` gains 1), as a dishonest RPC provider could. Serves on an ephemeral port for the
/// duration of `body`.
enum LyingNode {
    static func run<T: Sendable>(in node: DevnetNode, _ body: @Sendable (String) async throws -> T) async throws -> T {
        let rpc = node.server.rpc
        let router = Router(context: BasicRequestContext.self)
        router.post("/") { request, _ -> Response in
            let bytes = Array(try await request.body.collect(upTo: 1 << 24).readableBytesView)
            let (status, original) = await rpc.respond(to: bytes)
            let isProof = String(decoding: bytes, as: UTF8.self).contains("light_client_proof")
            let answer = isProof ? Array(LyingNode.tamper(String(decoding: original, as: UTF8.self)).utf8) : original
            return Response(
                status: .init(code: status), headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(bytes: answer)))
        }
        let (ports, portSeen) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { portSeen.yield($0.localAddress?.port ?? 0) })
        let serving = Task { try await app.run() }
        defer { serving.cancel() }
        guard let port = await ports.first() else { throw ChainTestFailure("lying node did not report its port") }
        return try await body("http://127.0.0.1:\(port)")
    }

    static func tamper(_ json: String) -> String {
        guard let match = json.firstMatch(of: /"gas_burnt":(\d+)/), let value = UInt64(match.1) else { return json }
        return json.replacingCharacters(in: match.range, with: "\"gas_burnt\":\(value + 1)")
    }
}
