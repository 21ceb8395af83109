import Inference

/// OpenAI's `usage` object.
struct Usage: Encodable {
    var prompt_tokens: Int
    var completion_tokens: Int
    var total_tokens: Int

    init(_ usage: TokenUsage) {
        prompt_tokens = usage.promptTokens
        completion_tokens = usage.completionTokens
        total_tokens = usage.totalTokens
    }
}
