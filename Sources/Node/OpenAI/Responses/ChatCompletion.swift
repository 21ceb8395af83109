/// A non-streamed chat completion (`object: "chat.completion"`).
struct ChatCompletion: Encodable {
    struct Message: Encodable {
        var role = "assistant"
        var content: String
    }
    struct Choice: Encodable {
        var index = 0
        var message: Message
        var finish_reason: String

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(index, forKey: .index)
            try c.encode(message, forKey: .message)
            try c.encodeNil(forKey: .logprobs)
            try c.encode(finish_reason, forKey: .finish_reason)
        }
        enum CodingKeys: String, CodingKey { case index, message, logprobs, finish_reason }
    }

    var id: String
    var object = "chat.completion"
    var created: Int
    var model: String
    /// modelH of the model that produced this (DESIGN.md, Wire decisions).
    var model_hash: String
    var choices: [Choice]
    var usage: Usage
}
