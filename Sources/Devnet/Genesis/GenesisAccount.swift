import NearLightClient

/// An initial account: balance in yoctoNEAR (a decimal string in JSON) and its full-access keys.
public struct GenesisAccount: Codable, Sendable, Equatable {
    public var accountId: String
    public var amount: UInt128
    public var keys: [PublicKey]

    public init(accountId: String, amount: UInt128, keys: [PublicKey]) {
        self.accountId = accountId
        self.amount = amount
        self.keys = keys
    }

    enum CodingKeys: String, CodingKey {
        case accountId = "account_id"
        case amount
        case keys
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        accountId = try c.decode(String.self, forKey: .accountId)
        amount = try NearAmount.decode(c, .amount)
        keys = try c.decodeIfPresent([PublicKey].self, forKey: .keys) ?? []
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(accountId, forKey: .accountId)
        try c.encode(String(amount), forKey: .amount)
        try c.encode(keys, forKey: .keys)
    }
}
