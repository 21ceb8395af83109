/// The final state of a channel as the node's TEE approves it for closing, in the contract's terms
/// (Contracts/payment_channel/README.md): `spent` S charged in total, `modelShare` M of it for the
/// model's beneficiary; the contract pays the provider S − M (plus his deposit back) and refunds
/// the payer D − S. `nonce` is the TEE's rollback-protected monotonic counter at signing; the
/// contract records it and does not order by it.
public struct ClosureTerms: Hashable, Sendable, Codable {
    public let domain: ChannelDomain
    public let channel: UInt64
    /// The channel's challenge, which binds the approval to the node instance that issued it.
    public let challenge: Challenge
    public let spent: UInt128
    public let modelShare: UInt128
    public let nonce: UInt64

    public init(domain: ChannelDomain, channel: UInt64, challenge: Challenge, spent: UInt128, modelShare: UInt128, nonce: UInt64) {
        precondition(modelShare <= spent, "the model's share is part of spent")
        self.domain = domain
        self.channel = channel
        self.challenge = challenge
        self.spent = spent
        self.modelShare = modelShare
        self.nonce = nonce
    }

    /// What the provider is paid for the service (his deposit comes back on top).
    public var providerFee: UInt128 { spent - modelShare }

    /// The exact bytes the TEE signs, byte for byte as the contract renders them:
    /// `dcml-channel-close-v1:{chain_id}:{contract_id}:{channel_id}:{challenge hex}:{spent}:{model_share}:{nonce}`.
    public var signedMessage: [UInt8] {
        Array("dcml-channel-close-v1:\(domain.chain):\(domain.contract):\(channel):\(challenge):\(spent):\(modelShare):\(nonce)".utf8)
    }

    private enum CodingKeys: String, CodingKey {
        case contract = "contract_id"
        case chain = "chain_id"
        case channel = "channel_id"
        case challenge
        case spent
        case modelShare = "model_share"
        case nonce
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        domain = try container.decodeDomain(contract: .contract, chain: .chain)
        channel = try container.decode(UInt64.self, forKey: .channel)
        challenge = try container.decode(Challenge.self, forKey: .challenge)
        spent = try container.decodeYocto(forKey: .spent)
        modelShare = try container.decodeYocto(forKey: .modelShare)
        nonce = try container.decode(UInt64.self, forKey: .nonce)
        guard modelShare <= spent else {
            throw DecodingError.dataCorruptedError(
                forKey: .modelShare, in: container, debugDescription: "model_share \(modelShare) exceeds spent \(spent)")
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(domain, contract: .contract, chain: .chain)
        try container.encode(channel, forKey: .channel)
        try container.encode(challenge, forKey: .challenge)
        try container.encodeYocto(spent, forKey: .spent)
        try container.encodeYocto(modelShare, forKey: .modelShare)
        try container.encode(nonce, forKey: .nonce)
    }
}
