/// One chat message in OpenAI's shape.
public struct ChatMessage: Sendable, Equatable, Codable {
    public var role: String
    public var content: String

    public init(role: String, content: String) {
        self.role = role
        self.content = content
    }
}

/// What to continue: a chat (rendered with the model's template), raw text, or token ids
/// (OpenAI's completions API accepts a prompt as an array of integers).
public enum GenerationPrompt: Sendable, Equatable {
    case chat([ChatMessage])
    case text(String)
    case tokens([Int32])
}

/// Sampling controls, with OpenAI's defaults.
public struct SamplingParameters: Sendable, Equatable {
    /// 0 means greedy.
    public var temperature: Double = 1.0
    public var topP: Double = 1.0
    /// 0 disables top-k.
    public var topK: Int = 0
    /// Same seed and same request give the same completion.
    public var seed: UInt64?

    public init(temperature: Double = 1.0, topP: Double = 1.0, topK: Int = 0, seed: UInt64? = nil) {
        self.temperature = temperature
        self.topP = topP
        self.topK = topK
        self.seed = seed
    }
}

public struct GenerationRequest: Sendable, Equatable {
    public var prompt: GenerationPrompt
    /// nil: until the context is full or the model ends its turn.
    public var maxTokens: Int?
    public var sampling: SamplingParameters
    /// Generation stops before any of these strings; the stop string itself is not returned.
    public var stop: [String]
    /// Keep generating past the model's end-of-turn token (llama.cpp's `ignore_eos`): for
    /// benchmarks that need an exact number of tokens.
    public var ignoreEndOfTurn: Bool

    public init(prompt: GenerationPrompt, maxTokens: Int? = nil, sampling: SamplingParameters = .init(), stop: [String] = [],
                ignoreEndOfTurn: Bool = false) {
        self.prompt = prompt
        self.maxTokens = maxTokens
        self.sampling = sampling
        self.stop = stop
        self.ignoreEndOfTurn = ignoreEndOfTurn
    }
}
