/// A text completion, whole or one streamed chunk (OpenAI uses `object: "text_completion"`
/// for both). Streamed chunks carry no `usage` key except the final usage chunk.
struct TextCompletion: Encodable {
    struct Choice: Encodable {
        var text: String
        var index = 0
        var finish_reason: String?

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(text, forKey: .text)
            try c.encode(index, forKey: .index)
            try c.encodeNil(forKey: .logprobs)
            try c.encode(finish_reason, forKey: .finish_reason)
        }
        enum CodingKeys: String, CodingKey { case text, index, logprobs, finish_reason }
    }

    var id: String
    var object = "text_completion"
    var created: Int
    var model: String
    /// modelH of the model that produced this (DESIGN.md, Wire decisions).
    var model_hash: String
    var choices: [Choice]
    var usage: Usage?
}
