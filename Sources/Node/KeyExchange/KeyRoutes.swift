import AttestedTLS
import Foundation
import Hummingbird
import NIOCore
import Sealing

/// The paper's key calls (§4):
/// - `POST /v1/keys/set_sk {"sk": hex}`: a key for the node's sealed model (who may send one:
///   ``KeyCaller``); once it opens the model, the model is decrypted into memory and served.
/// - `POST /v1/keys/request_sk {"host", "port"}` (admin, loopback only): this node, holding the
///   key, connects to that node with mutual RA-TLS, checks it runs the same workload (``PeerPolicy``)
///   and calls its set_sk.
/// - `GET /v1/keys/status`: the sealed model, its pk, and whether the node holds its key (never the key).
struct KeyRoutes: Sendable {
    let keyring: ModelKeyring
    let identity: NodeIdentity?
    let peers: PeerPolicy

    func register(on router: Router<NodeRequestContext>) {
        router.post("/v1/keys/set_sk") { request, context in try await refusingAsAPIError { try await setKey(request, context) } }
        router.post("/v1/keys/request_sk") { request, context in try await refusingAsAPIError { try await requestKey(request, context) } }
        router.get("/v1/keys/status") { _, _ in try await status() }
    }

    private var verifier: RATLSVerifier? { identity.map { RATLSVerifier(policy: peers.ratls(for: $0)) } }

    private func setKey(_ request: Request, _ context: NodeRequestContext) async throws -> Response {
        let caller = try await KeyCaller.identify(context, verifier: verifier)
        var body = try await RequestBodyLimit(maxBytes: 4 << 10).collectUnshared(request)
        defer { body.withUnsafeMutableReadableBytes { SecretBytes.wipe($0.baseAddress!, $0.count) } }
        let parsed = body.withUnsafeReadableBytes { raw in Result { () throws(KeyExchangeError) in try ModelKeyBody.key(from: raw) } }
        let snapshot = try await keyring.accept(try parsed.get())
        let sealed = await keyring.sealed
        context.logger.info("model key accepted from \(caller.rawValue) (public key \(sealed?.publicKey.hex ?? "?")); serving \(snapshot.modelHash.hex)")
        return json(SetKeyResponse(status: "serving", model: snapshot.engine.modelID, modelHash: snapshot.modelHash.hex,
                                   publicKey: sealed?.publicKey.hex ?? "", seededBy: caller.rawValue))
    }

    private struct PeerAddress: Decodable { var host: String; var port: Int }
    private struct RequestKeyResponse: Encodable {
        var status = "delivered"
        var peer: String
        var peer_compose_hash: String?
        var peer_simulated: Bool
        var peer_model: String
        var peer_model_hash: String
        /// How the peer classified this node's call (``KeyCaller``): `attested_peer` proves the
        /// peer verified our certificate too (mutual RA-TLS).
        var accepted_as: String
    }

    private func requestKey(_ request: Request, _ context: NodeRequestContext) async throws -> Response {
        guard context.isLoopbackPeer else {
            throw APIError(status: .forbidden, type: "permission_error", code: "admin_loopback_only",
                           message: "the admin API answers loopback connections only; call it from the node's own host")
        }
        var request = request
        let body = try await RequestBodyLimit(maxBytes: 4 << 10).collect(&request)
        let address = try RequestDecoding.decode(PeerAddress.self, from: body)
        guard (1...65535).contains(address.port) else { throw APIError.invalid("port", "`port` is \(address.port): expected a TCP port, 1 to 65535") }
        guard let identity else { throw KeyExchangeError.noIdentity }
        guard let key = await keyring.heldKey else { throw KeyExchangeError.noKeyToShare }
        let delivered: ModelKeyDelivery.Delivered
        do {
            delivered = try await ModelKeyDelivery(policy: peers.ratls(for: identity), identity: identity.tls)
                .deliver(key, host: address.host, port: address.port)
        } catch {
            context.logger.warning("request_sk to \(address.host):\(address.port) failed: \(error)")
            throw KeyExchangeError.delivery(error)
        }
        context.logger.info("model key delivered to \(delivered.peer) (compose hash \(delivered.peerComposeHash ?? "?")), which serves \(delivered.response.modelHash)")
        return json(RequestKeyResponse(peer: delivered.peer, peer_compose_hash: delivered.peerComposeHash, peer_simulated: delivered.peerSimulated,
                                       peer_model: delivered.response.model, peer_model_hash: delivered.response.modelHash,
                                       accepted_as: delivered.response.seededBy))
    }

    private struct Status: Encodable {
        var state: String
        var sealed_model: String?
        var model_hash: String?
        var public_key: String?
        var holds_key: Bool
        var error: String?
    }

    private func status() async throws -> Response {
        let sealed = await keyring.sealed
        return json(Status(state: await keyring.state.rawValue, sealed_model: sealed?.path, model_hash: sealed?.modelHash.hex,
                           public_key: sealed?.publicKey.hex, holds_key: await keyring.holdsKey, error: await keyring.failure))
    }

    private func refusingAsAPIError(_ body: () async throws -> Response) async throws -> Response {
        do { return try await body() } catch let e as KeyExchangeError { throw e.apiError }
    }

    private func json(_ value: some Encodable) -> Response {
        let body = ResponseJSON.encode(value)
        return Response(status: .ok, headers: [.contentType: "application/json", .contentLength: "\(body.readableBytes)"], body: .init(byteBuffer: body))
    }
}
