#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Hummingbird
import Logging
import NearLightClient

/// The devnet's HTTP face: JSON-RPC on `POST /` (as a NEAR node), plus `GET /status` (the same
/// result as the `status` method, which some clients read) and `GET /health`.
public struct DevnetServer: Sendable {
    public let rpc: DevnetRPC
    public var host: String
    public var port: Int
    public var maxBodyBytes = 16 << 20
    public let logger: Logger

    public init(rpc: DevnetRPC, host: String = "127.0.0.1", port: Int = 3030, logger: Logger = Logger(label: "dcml.devnet")) {
        self.rpc = rpc
        self.host = host
        self.port = port
        self.logger = logger
    }

    public func buildRouter() -> Router<BasicRequestContext> {
        let router = Router()
        let rpc = self.rpc
        let limit = maxBodyBytes
        router.post("/") { request, _ -> Response in
            let body = try await request.body.collect(upTo: limit)
            let (status, bytes) = await rpc.respond(to: Array(body.readableBytesView))
            return Self.json(status: status, bytes)
        }
        router.get("/status") { _, _ -> Response in
            let bytes = (try? JSONEncoder().encode(await rpc.status())).map(Array.init) ?? []
            return Self.json(status: 200, bytes)
        }
        router.get("/health") { _, _ -> Response in Self.json(status: 200, Array("{}".utf8)) }
        return router
    }

    static func json(status: Int, _ bytes: [UInt8]) -> Response {
        let buffer = ByteBuffer(bytes: bytes)
        return Response(
            status: HTTPResponse.Status(code: status),
            headers: [.contentType: "application/json", .contentLength: "\(buffer.readableBytes)"],
            body: .init(byteBuffer: buffer))
    }

    /// The server, ready for `run()` in a ServiceGroup or `runService()`; `onListening` gets the
    /// bound port (how a caller that asked for port 0 learns it).
    public func application(onListening: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        Application(
            router: buildRouter(),
            configuration: .init(address: .hostname(host, port: port), serverName: "dcml-devnet"),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? 0) },
            logger: logger)
    }
}
