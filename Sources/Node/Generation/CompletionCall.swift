import Hummingbird
import Inference

/// A completion request that passed every check: what to generate, how to answer, and the
/// request body exactly as received (responses will be signed over it).
struct CompletionCall: Sendable {
    var kind: CompletionKind
    var rawBody: ByteBuffer
    var generation: GenerationRequest
    var stream: Bool
    var includeUsage: Bool

    /// OpenAI accepts at most four stop sequences.
    static let maxStopSequences = 4

    /// Parses and validates `body` against what `engine` serves.
    init(_ kind: CompletionKind, body: ByteBuffer, engine: some InferenceEngine) throws {
        let model: String
        let prompt: GenerationPrompt
        let options: CompletionOptions
        switch kind {
        case .chat:
            let request = try RequestDecoding.decode(ChatCompletionRequest.self, from: body)
            guard !request.messages.isEmpty else {
                throw APIError.invalid("messages", "`messages` is empty: expected at least one message")
            }
            model = request.model
            prompt = .chat(request.messages.map(\.engineMessage))
            options = request.options
        case .text:
            let request = try RequestDecoding.decode(TextCompletionRequest.self, from: body)
            model = request.model
            prompt = request.prompt
            options = request.options
        }
        guard model == engine.modelID else { throw APIError.modelNotFound(model, served: engine.modelID) }

        self.kind = kind
        self.rawBody = body
        self.stream = options.stream ?? false
        self.includeUsage = options.stream_options?.include_usage ?? false
        self.generation = GenerationRequest(
            prompt: prompt,
            maxTokens: try Self.maxTokens(options, contextLength: engine.contextLength),
            sampling: try Self.sampling(options),
            stop: try Self.stop(options),
            ignoreEndOfTurn: options.ignore_eos ?? false
        )
        if let n = options.n, n != 1 {
            throw APIError.invalid("n", "`n` is \(n): this node generates exactly one choice per request (n = 1)")
        }
    }

    private static func maxTokens(_ options: CompletionOptions, contextLength: Int) throws -> Int? {
        let (name, value) = options.max_completion_tokens.map { ("max_completion_tokens", $0) }
            ?? options.max_tokens.map { ("max_tokens", $0) }
            ?? ("max_tokens", nil)
        guard let value else { return nil }
        guard value >= 1 else { throw APIError.invalid(name, "`\(name)` is \(value): expected at least 1") }
        guard value <= contextLength else {
            throw APIError.invalid(
                name,
                "`\(name)` is \(value), but this model's maximum context length is \(contextLength) tokens (prompt included)",
                code: "context_length_exceeded"
            )
        }
        return value
    }

    private static func sampling(_ options: CompletionOptions) throws -> SamplingParameters {
        var sampling = SamplingParameters()
        if let t = options.temperature {
            guard t.isFinite, (0...2).contains(t) else { throw APIError.invalid("temperature", "`temperature` is \(t): expected a number from 0 to 2") }
            sampling.temperature = t
        }
        if let p = options.top_p {
            guard p.isFinite, (0...1).contains(p) else { throw APIError.invalid("top_p", "`top_p` is \(p): expected a number from 0 to 1") }
            sampling.topP = p
        }
        if let k = options.top_k {
            guard k >= 0 else { throw APIError.invalid("top_k", "`top_k` is \(k): expected 0 (off) or more") }
            sampling.topK = k
        }
        sampling.seed = options.seed.map { UInt64(bitPattern: $0) }
        return sampling
    }

    private static func stop(_ options: CompletionOptions) throws -> [String] {
        let stop = (options.stop?.values ?? []).filter { !$0.isEmpty }
        guard stop.count <= maxStopSequences else {
            throw APIError.invalid("stop", "`stop` has \(stop.count) sequences: expected at most \(maxStopSequences)")
        }
        return stop
    }
}
