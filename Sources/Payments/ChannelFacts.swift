import NearLightClient

/// What the chain says about a channel, as the node learned it from a light-client proof of the
/// model market's `provider_deposit_locked` event (the proof is checked elsewhere, against the
/// node's light-client head; `init(contractChannel:…)` reads the record and checks it is active
/// and names this node's signing key; the model it serves is checked by the caller).
/// The state machine checks the rest: the contract and chain it was built for, its own
/// challenge, equal non-zero deposits.
public struct ChannelFacts: Hashable, Sendable, Codable {
    public let domain: ChannelDomain
    public let channel: UInt64
    /// The challenge the channel was opened with.
    public let challenge: Challenge
    /// The payer's channel key, given at open; every voucher is signed with it. The contract's
    /// channel record has no such field yet (see Payments.docc, "Open questions"); until it does, it
    /// is the key that signed the `open_channel` transaction, which the proven transaction carries.
    public let payerKey: PublicKey
    /// Alice's deposit D: the most the channel can ever be charged.
    public let deposit: UInt128
    /// What Bob locked; §6 needs the same D, so a node that walks away loses as much as it could earn.
    public let providerDeposit: UInt128
    /// The creator's prices and the provider's fee as registered when the channel was opened.
    public let prices: PriceSchedule

    public init(
        domain: ChannelDomain, channel: UInt64, challenge: Challenge, payerKey: PublicKey,
        deposit: UInt128, providerDeposit: UInt128, prices: PriceSchedule
    ) {
        self.domain = domain
        self.channel = channel
        self.challenge = challenge
        self.payerKey = payerKey
        self.deposit = deposit
        self.providerDeposit = providerDeposit
        self.prices = prices
    }

    private enum CodingKeys: String, CodingKey {
        case domain, channel = "channel_id", challenge, payerKey = "payer_key", deposit, providerDeposit = "provider_deposit", prices
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        domain = try container.decode(ChannelDomain.self, forKey: .domain)
        channel = try container.decode(UInt64.self, forKey: .channel)
        challenge = try container.decode(Challenge.self, forKey: .challenge)
        payerKey = try container.decode(PublicKey.self, forKey: .payerKey)
        deposit = try container.decodeYocto(forKey: .deposit)
        providerDeposit = try container.decodeYocto(forKey: .providerDeposit)
        prices = try container.decode(PriceSchedule.self, forKey: .prices)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(domain, forKey: .domain)
        try container.encode(channel, forKey: .channel)
        try container.encode(challenge, forKey: .challenge)
        try container.encode(payerKey, forKey: .payerKey)
        try container.encodeYocto(deposit, forKey: .deposit)
        try container.encodeYocto(providerDeposit, forKey: .providerDeposit)
        try container.encode(prices, forKey: .prices)
    }
}
