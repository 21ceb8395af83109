/// What the node serves completions from: the embedded CPU engine, or a backend that forwards
/// to an OpenAI-compatible server. The HTTP layer only ever talks to this protocol, so both
/// produce the same API, the same `model_hash` and the same signatures.
public protocol InferenceEngine: Sendable {
    /// The model id reported by `/v1/models` and in every completion.
    var modelID: String { get }
    /// Maximum prompt + completion tokens of one sequence.
    var contextLength: Int { get }

    /// Starts a generation. The stream yields text deltas, then exactly one `.finished`.
    /// Cancelling the consuming task (client gone) stops the generation and frees its slot.
    /// Throws `InferenceError` for requests that can never succeed (prompt too long, queue full)
    /// before any token is produced.
    func generate(_ request: GenerationRequest) async throws -> AsyncThrowingStream<GenerationEvent, any Error>
}
