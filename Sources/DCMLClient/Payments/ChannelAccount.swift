import NearLightClient
import Payments

/// `GET /v1/payments/channel/{id}`: the node's account of a channel it established. While the
/// channel is open: its facts, the token totals charged (P, C), their price and the last voucher
/// nonce accepted — what a payer needs to pick up a channel it did not establish itself, or to
/// resynchronize after a lost response. Once closed the node keeps only the final terms, so a
/// closed channel carries `spent` and `modelShare` alone (its approval: `POST /v1/payments/close`).
public struct ChannelAccount: Hashable, Sendable, Decodable {
    public enum State: String, Hashable, Sendable, Decodable { case open, closed }

    public let channel: UInt64
    public let state: State
    public let facts: ChannelFacts?
    public let promptTokens: UInt64?
    public let completionTokens: UInt64?
    public let spent: UInt128
    public let modelShare: UInt128
    public let lastNonce: UInt64?

    private enum CodingKeys: String, CodingKey {
        case channel = "channel_id", state, facts, promptTokens = "prompt_tokens", completionTokens = "completion_tokens"
        case spent, modelShare = "model_share", lastNonce = "last_nonce"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        channel = try c.nearU64(.channel)
        state = try c.decode(State.self, forKey: .state)
        facts = try c.decodeIfPresent(ChannelFacts.self, forKey: .facts)
        promptTokens = try c.decodeIfPresent(UInt64.self, forKey: .promptTokens)
        completionTokens = try c.decodeIfPresent(UInt64.self, forKey: .completionTokens)
        spent = try c.nearU128(.spent)
        modelShare = try c.nearU128(.modelShare)
        lastNonce = try c.decodeIfPresent(UInt64.self, forKey: .lastNonce)
    }
}
