public enum FinishReason: String, Sendable, Codable {
    /// The model ended its turn or a stop sequence matched.
    case stop
    /// `max_tokens` or the context length was reached.
    case length
}

public struct TokenUsage: Sendable, Equatable, Codable {
    public var promptTokens: Int
    public var completionTokens: Int
    public var totalTokens: Int { promptTokens + completionTokens }

    public init(promptTokens: Int, completionTokens: Int) {
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
    }
}

public enum GenerationEvent: Sendable, Equatable {
    /// New text, always whole UTF-8 characters, never part of a stop sequence.
    case text(String)
    case finished(FinishReason, TokenUsage)
}
