import Foundation

/// The request the backend engine sends upstream: OpenAI's chat or text completion body,
/// always streamed and always asking for usage, so token counts come from the backend's own
/// tokenizer rather than an estimate.
struct UpstreamRequest: Encodable {
    struct StreamOptions: Encodable {
        var include_usage = true
    }

    let path: String
    var model: String
    var messages: [ChatMessage]?
    var prompt: UpstreamPrompt?
    var stream = true
    var stream_options = StreamOptions()
    var max_tokens: Int?
    var temperature: Double
    var top_p: Double
    /// llama.cpp and vLLM extension; sent only when set, since OpenAI itself rejects it.
    var top_k: Int?
    /// The client's value as it sent it (the node stores it as a bit pattern).
    var seed: Int64?
    var stop: [String]?
    /// llama.cpp and vLLM extension, sent only when set.
    var ignore_eos: Bool?

    init(_ request: GenerationRequest, model: String) {
        switch request.prompt {
        case .chat(let messages):
            path = "/v1/chat/completions"
            self.messages = messages
        case .text(let text):
            path = "/v1/completions"
            prompt = .text(text)
        case .tokens(let ids):
            path = "/v1/completions"
            prompt = .tokens(ids)
        }
        self.model = model
        max_tokens = request.maxTokens
        temperature = request.sampling.temperature
        top_p = request.sampling.topP
        top_k = request.sampling.topK > 0 ? request.sampling.topK : nil
        seed = request.sampling.seed.map { Int64(bitPattern: $0) }
        stop = request.stop.isEmpty ? nil : request.stop
        ignore_eos = request.ignoreEndOfTurn ? true : nil
    }

    private enum CodingKeys: String, CodingKey {
        case model, messages, prompt, stream, stream_options, max_tokens, temperature, top_p, top_k, seed, stop, ignore_eos
    }

    func body() throws -> Data {
        try JSONEncoder().encode(self)
    }
}

/// OpenAI's completions prompt: a string or an array of token ids.
enum UpstreamPrompt: Encodable {
    case text(String)
    case tokens([Int32])

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .text(let text): try container.encode(text)
        case .tokens(let ids): try container.encode(ids)
        }
    }
}
