import Inference

/// Stands in for a sealed model until its key arrives (set_sk): the node is up, attests, lists the
/// model it will serve, and answers every completion with 503 "waiting for the model key" rather
/// than failing to start. ``ModelKeyring`` swaps the real engine in once the key opened the file.
public struct AwaitingKeyEngine: InferenceEngine {
    public let sealed: SealedModel

    public init(sealed: SealedModel) { self.sealed = sealed }

    public var modelID: String { sealed.modelID }
    /// Unknown until the weights are decrypted (the GGUF metadata is sealed too).
    public var contextLength: Int { 0 }

    var refusal: APIError {
        APIError(status: .serviceUnavailable, type: "server_error", code: "model_key_pending",
                 message: "waiting for the model key: this node serves the sealed model \(sealed.modelHash.hex) and holds no key for it yet (public key \(sealed.publicKey.hex)); the model's owner seeds it with set_sk, or an attested peer with request_sk")
    }

    public func generate(_ request: GenerationRequest) async throws -> AsyncThrowingStream<GenerationEvent, any Error> {
        throw refusal
    }
}
