import NearLightClient
import Payments

/// `POST /v1/payments/channel` and `POST /v1/payments/answer_force_close`: a light-client proof
/// (NEAR's `light_client_proof` result, as the RPC returns it) of the receipt whose outcome
/// logged the event, and optionally `next_light_client_block` results (one or a list, oldest
/// first) that advance the node's head to the one the proof was requested against.
struct ProvenEventRequest: Decodable {
    let outcomeProof: LightClientExecutionProof
    let lightClientHead: [LightClientBlock]

    private enum CodingKeys: String, CodingKey {
        case outcomeProof = "outcome_proof", lightClientHead = "light_client_head"
    }

    init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        outcomeProof = try container.decode(LightClientExecutionProof.self, forKey: .outcomeProof)
        lightClientHead = try LightClientBlocks.decode(container, forKey: .lightClientHead)
    }
}

/// `POST /v1/payments/light_client_head`: `{"blocks": …}` (optional; one block or a list).
struct HeadRequest: Decodable {
    let blocks: [LightClientBlock]

    private enum CodingKeys: String, CodingKey { case blocks }

    init(from decoder: Decoder) throws {
        blocks = try LightClientBlocks.decode(decoder.container(keyedBy: CodingKeys.self), forKey: .blocks)
    }
}

enum LightClientBlocks {
    /// Absent or null: none; an object: one block; an array: blocks oldest first.
    static func decode<Key: CodingKey>(_ container: KeyedDecodingContainer<Key>, forKey key: Key) throws -> [LightClientBlock] {
        guard container.contains(key), try !container.decodeNil(forKey: key) else { return [] }
        if let list = try? container.decode([LightClientBlock].self, forKey: key) { return list }
        return [try container.decode(LightClientBlock.self, forKey: key)]
    }
}

/// `POST /v1/payments/close`: `{"channel_id": 7}`.
struct CloseRequest: Decodable {
    let channelID: UInt64
    private enum CodingKeys: String, CodingKey { case channelID = "channel_id" }
}

/// The light client's head: the block a proof must be requested against (`light_client_head`).
struct HeadView: Encodable {
    let hash: String
    let height: UInt64
}

/// `POST /v1/payments/challenge` →
/// `{"challenge", "contract_id", "chain_id", "model_id", "signing_public_key", "light_client_head": {"hash", "height"}}`:
/// everything the payer needs for `open_channel` and for the proof that establishes it.
struct ChallengeView: Encodable {
    let challenge: String
    let contractID: String
    let chainID: String
    let modelID: String
    let signingPublicKey: String
    let lightClientHead: HeadView

    private enum CodingKeys: String, CodingKey {
        case challenge, contractID = "contract_id", chainID = "chain_id", modelID = "model_id"
        case signingPublicKey = "signing_public_key", lightClientHead = "light_client_head"
    }
}

/// `GET /v1/payments/channel/{id}`. Open:
/// `{"channel_id", "state": "open", "facts": <ChannelFacts>, "prompt_tokens", "completion_tokens", "spent", "model_share", "last_nonce"}`;
/// closed (the node keeps only the final terms): `{"channel_id", "state": "closed", "spent", "model_share"}`.
/// Amounts are decimal strings, counts and nonces JSON numbers.
enum ChannelAccountView: Encodable {
    case open(OpenChannel)
    case closed(ClosureTerms)

    private enum CodingKeys: String, CodingKey {
        case channel = "channel_id", state, facts, promptTokens = "prompt_tokens", completionTokens = "completion_tokens"
        case spent, modelShare = "model_share", lastNonce = "last_nonce"
    }

    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .open(let channel):
            try c.encode(channel.channel, forKey: .channel)
            try c.encode("open", forKey: .state)
            try c.encode(channel.facts, forKey: .facts)
            try c.encode(channel.usage.promptTokens, forKey: .promptTokens)
            try c.encode(channel.usage.completionTokens, forKey: .completionTokens)
            try c.encode(String(channel.spent), forKey: .spent)
            try c.encode(String(channel.charged.creator), forKey: .modelShare)
            try c.encode(channel.voucherNonce, forKey: .lastNonce)
        case .closed(let terms):
            try c.encode(terms.channel, forKey: .channel)
            try c.encode("closed", forKey: .state)
            try c.encode(String(terms.spent), forKey: .spent)
            try c.encode(String(terms.modelShare), forKey: .modelShare)
        }
    }
}
