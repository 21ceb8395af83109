/// The sampling and streaming fields that chat and text completions share, as the client sent
/// them (validated later by `CompletionCall`, which knows the engine's limits).
struct CompletionOptions: Decodable {
    struct StreamOptions: Decodable {
        var include_usage: Bool?
    }

    var stream: Bool?
    var stream_options: StreamOptions?
    var max_tokens: Int?
    /// OpenAI's newer name for `max_tokens`; wins when both are given.
    var max_completion_tokens: Int?
    var temperature: Double?
    var top_p: Double?
    /// Not OpenAI; vLLM and llama.cpp accept it, so the node does too.
    var top_k: Int?
    var seed: Int64?
    var n: Int?
    var stop: StopSequences?
    /// Not OpenAI; vLLM and llama.cpp's name for generating past the end-of-turn token.
    var ignore_eos: Bool?

    private enum CodingKeys: String, CodingKey {
        case stream, stream_options, max_tokens, max_completion_tokens, temperature, top_p, top_k, seed, n, stop, ignore_eos
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        stream = try c.decodeIfPresent(Bool.self, forKey: .stream)
        stream_options = try c.decodeIfPresent(StreamOptions.self, forKey: .stream_options)
        max_tokens = try c.decodeIfPresent(JSONInteger<Int>.self, forKey: .max_tokens)?.value
        max_completion_tokens = try c.decodeIfPresent(JSONInteger<Int>.self, forKey: .max_completion_tokens)?.value
        temperature = try c.decodeIfPresent(Double.self, forKey: .temperature)
        top_p = try c.decodeIfPresent(Double.self, forKey: .top_p)
        top_k = try c.decodeIfPresent(JSONInteger<Int>.self, forKey: .top_k)?.value
        seed = try c.decodeIfPresent(JSONInteger<Int64>.self, forKey: .seed)?.value
        n = try c.decodeIfPresent(JSONInteger<Int>.self, forKey: .n)?.value
        stop = try c.decodeIfPresent(StopSequences.self, forKey: .stop)
        ignore_eos = try c.decodeIfPresent(Bool.self, forKey: .ignore_eos)
    }
}
