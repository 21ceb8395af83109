import Inference

/// OpenAI's `usage` object. A paid stream's usage chunk also carries the channel's cumulative
/// spent after the request (yoctoNEAR, a decimal string), inside the signed stream, since a
/// stream's headers leave before its cost is known.
struct Usage: Encodable {
    var prompt_tokens: Int
    var completion_tokens: Int
    var total_tokens: Int
    var dcml_channel_spent: String?

    init(_ usage: TokenUsage, channelSpent: UInt128? = nil) {
        prompt_tokens = usage.promptTokens
        completion_tokens = usage.completionTokens
        total_tokens = usage.totalTokens
        dcml_channel_spent = channelSpent.map { "\($0)" }
    }
}
