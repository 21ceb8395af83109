import AttestedTLS
import Sealing

/// Why the node refused to take, load or hand over a model key. Each case says what was expected,
/// and maps to the OpenAI error shape with the status a caller can act on.
public enum KeyExchangeError: Error, Sendable, CustomStringConvertible {
    /// set_sk over plain HTTP from another host: the key would cross the network in the clear.
    case notOverRATLS
    /// The caller presented a client certificate whose attestation does not pass the peer policy.
    case clientNotAttested(RATLSError)
    case malformedKey(String)
    case noSealedModel
    /// The key is not the one the node's sealed model was sealed for.
    case wrongKey(sealedFor: String, given: String)
    /// The key matches, but the sealed file did not authenticate, decrypt or load.
    case sealedModelRejected(String)
    /// `load_model` of a file sealed for another pk while the node holds a key.
    case keyForAnotherModel(held: String, sealedFor: String)
    case cannotServeSealed
    /// request_sk on a node that holds no key, or has no TEE identity to present.
    case noKeyToShare
    case noIdentity
    case delivery(ModelKeyDeliveryError)

    public var description: String {
        switch self {
        case .notOverRATLS:
            "set_sk accepts a key over RA-TLS only (or from this host's loopback on a node serving plain HTTP): the key must not cross the network in the clear"
        case .clientNotAttested(let e):
            "the client certificate is not that of an attested peer of this workload: \(e); present no certificate, or an RA-TLS certificate of the same compose hash"
        case .malformedKey(let reason): "malformed set_sk body: \(reason); expected {\"sk\": \"<64 hex digits>\"}"
        case .noSealedModel:
            "this node serves no sealed model, so it has no use for a key: start it with --sealed-model FILE or load_model a sealed file first"
        case let .wrongKey(sealedFor, given):
            "wrong model key: this node's sealed model was sealed for public key \(sealedFor), the key given belongs to \(given)"
        case .sealedModelRejected(let reason): "the key matches, but the sealed model was rejected: \(reason)"
        case let .keyForAnotherModel(held, sealedFor):
            "this node holds the key for public key \(held); the file was sealed for \(sealedFor): a node holds one model key (restart it to serve another)"
        case .cannotServeSealed: "this node forwards to a backend and cannot serve sealed models (they are decrypted into the embedded engine)"
        case .noKeyToShare: "this node holds no model key yet, so it has none to share: seed it first (set_sk)"
        case .noIdentity: "this node has no TEE identity, so it cannot prove itself to a peer (mutual RA-TLS)"
        case .delivery(let e): e.description
        }
    }

    var apiError: APIError {
        switch self {
        case .notOverRATLS: APIError(status: .forbidden, type: "permission_error", code: "ratls_required", message: description)
        case .clientNotAttested: APIError(status: .forbidden, type: "permission_error", code: "client_not_attested", message: description)
        case .malformedKey: APIError.invalid("sk", description, code: "invalid_model_key")
        case .noSealedModel: APIError(status: .conflict, type: "invalid_request_error", code: "no_sealed_model", message: description)
        case .wrongKey: APIError(status: .forbidden, type: "permission_error", code: "wrong_model_key", param: "sk", message: description)
        case .sealedModelRejected: APIError(status: .unprocessableContent, type: "invalid_request_error", code: "sealed_model_rejected", message: description)
        case .keyForAnotherModel: APIError(status: .conflict, type: "invalid_request_error", code: "key_for_another_model", param: "path", message: description)
        case .cannotServeSealed: APIError.invalid("path", description, code: "sealed_model_unsupported")
        case .noKeyToShare: APIError(status: .conflict, type: "invalid_request_error", code: "no_model_key", message: description)
        case .noIdentity: APIError(status: .conflict, type: "invalid_request_error", code: "not_attested", message: description)
        case .delivery(let e):
            switch e {
            case .peerNotAttested: APIError(status: .forbidden, type: "permission_error", code: "peer_not_attested", message: description)
            case .unreachable: APIError(status: .badGateway, type: "server_error", code: "peer_unreachable", message: description)
            case .refused: APIError(status: .badGateway, type: "server_error", code: "peer_refused_key", message: description)
            }
        }
    }
}
