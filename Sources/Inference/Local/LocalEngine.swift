/// The embedded CPU engine: a GGUF llama model served with continuous batching.
public final class LocalEngine: InferenceEngine, @unchecked Sendable {
    public struct Configuration: Sendable {
        /// Compute threads for the matrix products.
        public var threads: Int
        /// Sequences decoded together in one step.
        public var maxBatch: Int
        /// Requests allowed to wait for a free slot before new ones get 429.
        public var queueCapacity: Int
        /// Cap on prompt + completion tokens (default: the model's own context length).
        public var contextLength: Int?

        public init(threads: Int = 2, maxBatch: Int = 16, queueCapacity: Int = 64, contextLength: Int? = nil) {
            self.threads = threads
            self.maxBatch = maxBatch
            self.queueCapacity = queueCapacity
            self.contextLength = contextLength
        }
    }

    public let modelID: String
    public let contextLength: Int
    public let hyperparameters: LlamaHyperparameters
    let tokenizer: BPETokenizer
    let template: ChatTemplate
    private let model: LlamaModel
    private let scheduler: BatchScheduler
    /// What must outlive the mapped weights (an ``InMemoryModelFile``), released after them.
    private let backing: AnyObject?

    public convenience init(modelPath: String, configuration: Configuration = .init()) throws {
        try self.init(path: modelPath, modelID: Self.modelID(fileName: modelPath), configuration: configuration, backing: nil)
    }

    /// Serves a GGUF model that lives only in memory (a decrypted sealed model). `modelID` names
    /// it, since the in-memory file has no meaningful name; the engine keeps `memory` alive, so
    /// its bytes are zeroed only once the engine is gone.
    public convenience init(memory: InMemoryModelFile, modelID: String, configuration: Configuration = .init()) throws {
        try self.init(path: memory.path, modelID: modelID, configuration: configuration, backing: memory)
    }

    private init(path: String, modelID: String, configuration: Configuration, backing: AnyObject?) throws {
        let file = try GGUFFile(path: path)
        tokenizer = try BPETokenizer(gguf: file)
        template = try ChatTemplate(gguf: file)
        model = try LlamaModel(file: file, threads: configuration.threads, maxBatch: max(64, configuration.maxBatch))
        hyperparameters = model.hyper
        contextLength = min(configuration.contextLength ?? model.hyper.contextLength, model.hyper.contextLength)
        self.modelID = modelID
        self.backing = backing
        scheduler = BatchScheduler(model: model, tokenizer: tokenizer,
                                   maxSequences: configuration.maxBatch, queueCapacity: configuration.queueCapacity)
    }

    /// The id a model file is served under: its file name without `.gguf`.
    public static func modelID(fileName path: String) -> String {
        let fileName = path.split(separator: "/").last.map(String.init) ?? path
        return fileName.hasSuffix(".gguf") ? String(fileName.dropLast(5)) : fileName
    }

    deinit {
        scheduler.shutdown()
    }

    /// Stops generating: queued and running requests end with `shuttingDown`.
    public func shutdown() {
        scheduler.shutdown()
    }

    /// The prompt's token ids exactly as the engine will feed them.
    public func tokenize(_ prompt: GenerationPrompt) throws -> [Int32] {
        switch prompt {
        case .chat(let messages):
            return tokenizer.encode(try template.render(messages: messages, addGenerationPrompt: true), parseSpecial: true)
        case .text(let text):
            return tokenizer.encode(text, parseSpecial: true)
        case .tokens(let ids):
            if let bad = ids.first(where: { $0 < 0 || Int($0) >= tokenizer.vocabularySize }) {
                throw InferenceError.invalidParameter(name: "prompt", reason: "token id \(bad) is outside the vocabulary (0..<\(tokenizer.vocabularySize))")
            }
            return ids
        }
    }

    public func generate(_ request: GenerationRequest) async throws -> AsyncThrowingStream<GenerationEvent, any Error> {
        let prompt = try tokenize(request.prompt)
        guard !prompt.isEmpty else { throw InferenceError.invalidParameter(name: "prompt", reason: "must not be empty") }
        if let m = request.maxTokens, m < 1 {
            throw InferenceError.invalidParameter(name: "max_tokens", reason: "must be at least 1, got \(m)")
        }
        let room = contextLength - prompt.count
        if room < (request.maxTokens ?? 1) {
            throw InferenceError.contextExceeded(promptTokens: prompt.count, maxTokens: request.maxTokens ?? 1, contextLength: contextLength)
        }
        try Self.validate(request.sampling)
        let maxTokens = min(request.maxTokens ?? room, room)

        let (stream, continuation) = AsyncThrowingStream<GenerationEvent, any Error>.makeStream()
        let cache = model.makeCache(initialCapacity: prompt.count + min(maxTokens, 256), limit: contextLength)
        let sequence = ActiveSequence(
            prompt: prompt, maxTokens: maxTokens, ignoreEndOfTurn: request.ignoreEndOfTurn, cache: cache, sampler: Sampler(request.sampling),
            detokenizer: StreamingDetokenizer(tokenizer: tokenizer), stop: request.stop, continuation: continuation)
        continuation.onTermination = { [weak scheduler] termination in
            if case .cancelled = termination {
                sequence.cancelled.store(true, ordering: .relaxed)
                scheduler?.poke()
            }
        }
        try scheduler.submit(sequence)
        return stream
    }

    static func validate(_ s: SamplingParameters) throws(InferenceError) {
        guard s.temperature.isFinite, s.temperature >= 0, s.temperature <= 2 else {
            throw .invalidParameter(name: "temperature", reason: "must be between 0 and 2, got \(s.temperature)")
        }
        guard s.topP.isFinite, s.topP > 0, s.topP <= 1 else {
            throw .invalidParameter(name: "top_p", reason: "must be in (0, 1], got \(s.topP)")
        }
        guard s.topK >= 0 else { throw .invalidParameter(name: "top_k", reason: "must be 0 or more, got \(s.topK)") }
    }
}
