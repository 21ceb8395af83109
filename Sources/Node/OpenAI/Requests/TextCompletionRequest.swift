import Inference

/// `POST /v1/completions` as the client sent it. `prompt` may be a string, an array holding
/// exactly one string, or an array of token ids (batched prompts are not supported).
struct TextCompletionRequest: Decodable {
    var model: String
    var prompt: GenerationPrompt
    var options: CompletionOptions

    private enum CodingKeys: String, CodingKey { case model, prompt }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        model = try container.decode(String.self, forKey: .model)
        if let text = try? container.decode(String.self, forKey: .prompt) {
            prompt = .text(text)
        } else if let texts = try? container.decode([String].self, forKey: .prompt) {
            guard texts.count == 1 else {
                throw APIError.invalid("prompt", "`prompt` holds \(texts.count) strings; this node completes exactly one prompt per request")
            }
            prompt = .text(texts[0])
        } else if let ids = try? container.decode([Int32].self, forKey: .prompt) {
            guard !ids.isEmpty, ids.allSatisfy({ $0 >= 0 }) else {
                throw APIError.invalid("prompt", "`prompt` as token ids must be a non-empty array of non-negative integers")
            }
            prompt = .tokens(ids)
        } else if container.contains(.prompt), (try? container.decodeNil(forKey: .prompt)) == false {
            throw APIError.invalid("prompt", "invalid type for `prompt`: expected a string, an array of one string, or an array of token ids")
        } else {
            throw APIError.invalid("prompt", "missing required field `prompt`: expected a string")
        }
        options = try CompletionOptions(from: decoder)
    }
}
