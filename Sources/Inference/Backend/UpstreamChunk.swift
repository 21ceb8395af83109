/// One streamed chunk of an OpenAI-compatible backend, chat (`delta.content`) or text
/// (`text`); the final chunks carry `finish_reason` and, with `include_usage`, `usage`.
struct UpstreamChunk: Decodable {
    struct Choice: Decodable {
        struct Delta: Decodable {
            var content: String?
        }
        var delta: Delta?
        var text: String?
        var finish_reason: String?

        var content: String? { delta?.content ?? text }
    }
    struct Usage: Decodable {
        var prompt_tokens: Int
        var completion_tokens: Int
    }
    var choices: [Choice]?
    var usage: Usage?
    var error: UpstreamErrorBody.Detail?
}

extension FinishReason {
    /// OpenAI's `length` stays `length`; `stop`, `eos`, `tool_calls` and anything else mean
    /// the model ended on its own.
    init(upstream: String) {
        self = upstream == "length" ? .length : .stop
    }
}
