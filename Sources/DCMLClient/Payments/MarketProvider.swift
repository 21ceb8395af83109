import NearLightClient

/// A provider's entry for a model (`get_provider`, `register_provider`): the node's attested
/// Ed25519 signing key, which Alice compares with the node's attestation before she opens a
/// channel (the contract cannot tell a TEE key from any other), and the provider's fee.
public struct MarketProvider: Hashable, Sendable, Decodable {
    public let modelID: String
    public let provider: String
    public let signingPublicKey: String
    public let feePer1k: UInt128

    private enum CodingKeys: String, CodingKey {
        case modelID = "model_id", provider, signingPublicKey = "signing_public_key", feePer1k = "fee_per_1k"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        modelID = try c.decode(String.self, forKey: .modelID)
        provider = try c.decode(String.self, forKey: .provider)
        signingPublicKey = try c.decode(String.self, forKey: .signingPublicKey)
        feePer1k = try c.nearU128(.feePer1k)
    }
}
