import Attestation
import Foundation
import Hummingbird
import Inference
import NIOCore

/// `GET /v1/attestation/report?nonce=`, `GET /v1/signature/{id}` and the admin call
/// `POST /v1/admin/load_model` (loopback peers only; a sealed file is decrypted into memory with
/// the node's key, or waits for set_sk).
struct AttestationRoutes: Sendable {
    let identity: NodeIdentity?
    let models: ModelSlot
    let keyring: ModelKeyring
    let signing: ResponseSigning

    func register(on router: Router<NodeRequestContext>) {
        router.get("/v1/attestation/report") { request, _ in try await report(request) }
        router.get("/v1/signature/:id") { _, context in
            let id = context.parameters.get("id") ?? ""
            guard let signed = signing.cache.lookup(id) else {
                throw APIError(status: .notFound, type: "invalid_request_error", code: "signature_not_found", param: "id",
                               message: "no signature for completion `\(id)`: unknown id, or older than the cache keeps (\(signing.cache.ttl), \(signing.cache.capacity) entries)")
            }
            return json(ResponseJSON.encode(signed))
        }
        router.post("/v1/admin/load_model") { request, context in try await loadModel(request, context) }
    }

    private func report(_ request: Request) async throws -> Response {
        guard let identity else {
            throw APIError(status: .notFound, type: "invalid_request_error", code: "not_attested",
                           message: "this node runs without a TEE identity (no quote provider): it cannot attest")
        }
        guard let text = request.uri.queryParameters.get("nonce") else {
            throw APIError.invalid("nonce", "`nonce` is missing: expected ?nonce=<64 hex digits>, 32 fresh random bytes chosen by the verifier")
        }
        guard let nonce = Hex.decode(text), nonce.count == 32, text.count == 64 else {
            throw APIError.invalid("nonce", "`nonce` is `\(text.prefix(80))`: expected 64 hex digits (32 bytes)")
        }
        let report: AttestationReport
        do { report = try await identity.report(nonce: nonce, modelHash: models.modelHash.hex) } catch {
            throw APIError(status: .serviceUnavailable, type: "server_error", code: "quote_unavailable",
                           message: "the quote provider \(identity.provider.name) failed: \(error)")
        }
        return json(ResponseJSON.encode(report))
    }

    private struct LoadModelRequest: Decodable { var path: String }
    private struct LoadModelResponse: Encodable {
        var status = "serving"
        var model: String
        var model_hash: String
        var context_length: Int
        /// The pk a sealed model was sealed for (the key set_sk must bring).
        var public_key: String?
    }

    private func loadModel(_ request: Request, _ context: NodeRequestContext) async throws -> Response {
        guard context.isLoopbackPeer else {
            throw APIError(status: .forbidden, type: "permission_error", code: "admin_loopback_only",
                           message: "the admin API answers loopback connections only; call it from the node's own host")
        }
        var request = request
        let body = try await RequestBodyLimit(maxBytes: 64 << 10).collect(&request)
        let load = try RequestDecoding.decode(LoadModelRequest.self, from: body)
        if SealedModel.isSealed(path: load.path) { return try await loadSealed(load.path) }
        let loaded: ModelSlot.Snapshot
        do { loaded = try await models.load(path: load.path) } catch let e as APIError { throw e } catch let e as ModelManifestError {
            throw APIError.invalid("path", e.description)
        } catch {
            throw APIError.invalid("path", "cannot load \(load.path): \(error)")
        }
        await keyring.detach()
        return json(ResponseJSON.encode(LoadModelResponse(model: loaded.engine.modelID, model_hash: loaded.modelHash.hex,
                                                          context_length: loaded.engine.contextLength)))
    }

    /// Checks the header's modelH against the allowed set before anything is decrypted; with the
    /// node's key the model is served at once (200), without it the node waits for set_sk (202).
    private func loadSealed(_ path: String) async throws -> Response {
        let sealed: SealedModel
        do { sealed = try SealedModel(path: path) } catch { throw APIError.invalid("path", error.description) }
        try models.checkAllowed(sealed.modelHash, path: path)
        let outcome: ModelKeyring.SealedLoad
        do { outcome = try await keyring.load(sealed) } catch { throw error.apiError }
        switch outcome {
        case .serving(let loaded):
            return json(ResponseJSON.encode(LoadModelResponse(model: loaded.engine.modelID, model_hash: loaded.modelHash.hex,
                                                              context_length: loaded.engine.contextLength, public_key: sealed.publicKey.hex)))
        case .waitingForKey(let model):
            return json(ResponseJSON.encode(LoadModelResponse(status: "waiting_for_key", model: model.modelID, model_hash: model.modelHash.hex,
                                                              context_length: 0, public_key: model.publicKey.hex)), status: .accepted)
        }
    }

    private func json(_ body: ByteBuffer, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json", .contentLength: "\(body.readableBytes)"], body: .init(byteBuffer: body))
    }
}
