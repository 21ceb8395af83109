/// `POST /v1/chat/completions` as the client sent it.
struct ChatCompletionRequest: Decodable {
    var model: String
    var messages: [ChatCompletionMessage]
    var options: CompletionOptions

    private enum CodingKeys: String, CodingKey { case model, messages }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        model = try container.decode(String.self, forKey: .model)
        messages = try container.decode([ChatCompletionMessage].self, forKey: .messages)
        options = try CompletionOptions(from: decoder)
    }
}
