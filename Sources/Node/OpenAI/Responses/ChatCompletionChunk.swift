/// One streamed chat event (`object: "chat.completion.chunk"`). The usage chunk of
/// `stream_options.include_usage` has no choices; other chunks carry no `usage` key.
struct ChatCompletionChunk: Encodable {
    struct Delta: Encodable {
        var role: String?
        var content: String?
    }
    struct Choice: Encodable {
        var index = 0
        var delta: Delta
        var finish_reason: String?

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(index, forKey: .index)
            try c.encode(delta, forKey: .delta)
            try c.encodeNil(forKey: .logprobs)
            try c.encode(finish_reason, forKey: .finish_reason)
        }
        enum CodingKeys: String, CodingKey { case index, delta, logprobs, finish_reason }
    }

    var id: String
    var object = "chat.completion.chunk"
    var created: Int
    var model: String
    /// modelH of the model that produced this (DESIGN.md, Wire decisions).
    var model_hash: String
    var choices: [Choice]
    var usage: Usage?
}
