import NearLightClient

/// A model in the market (`get_model`, `register_model`): who owns it, what it is (modelH, the
/// X25519 key of its sealed weights, the compose it must run in), what it costs and who is paid.
public struct MarketModel: Hashable, Sendable, Decodable {
    public let modelID: String
    public let owner: String
    public let modelPublicKey: String
    public let modelHash: String
    public let composeHash: String?
    public let pricePromptPer1k: UInt128
    public let priceCompletionPer1k: UInt128
    public let beneficiary: String

    private enum CodingKeys: String, CodingKey {
        case modelID = "model_id", owner, modelPublicKey = "model_pk", modelHash = "model_hash", composeHash = "compose_hash"
        case pricePromptPer1k = "price_prompt_per_1k", priceCompletionPer1k = "price_completion_per_1k", beneficiary
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        modelID = try c.decode(String.self, forKey: .modelID)
        owner = try c.decode(String.self, forKey: .owner)
        modelPublicKey = try c.decode(String.self, forKey: .modelPublicKey)
        modelHash = try c.decode(String.self, forKey: .modelHash)
        composeHash = try c.decodeIfPresent(String.self, forKey: .composeHash)
        pricePromptPer1k = try c.nearU128(.pricePromptPer1k)
        priceCompletionPer1k = try c.nearU128(.priceCompletionPer1k)
        beneficiary = try c.decode(String.self, forKey: .beneficiary)
    }
}
