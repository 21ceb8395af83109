import NearLightClient

/// A block producer: its account (created at genesis with `amount` liquid and `stake` locked),
/// the Ed25519 key it signs approvals with, and that key's secret (the devnet signs for it).
public struct GenesisValidator: Codable, Sendable, Equatable {
    public var accountId: String
    public var publicKey: PublicKey
    /// `ed25519:<base58>`; must belong to `publicKey`.
    public var secretKey: String
    public var amount: UInt128
    public var stake: UInt128

    public init(accountId: String, publicKey: PublicKey, secretKey: String, amount: UInt128, stake: UInt128) {
        self.accountId = accountId
        self.publicKey = publicKey
        self.secretKey = secretKey
        self.amount = amount
        self.stake = stake
    }

    enum CodingKeys: String, CodingKey {
        case accountId = "account_id"
        case publicKey = "public_key"
        case secretKey = "secret_key"
        case amount
        case stake
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        accountId = try c.decode(String.self, forKey: .accountId)
        publicKey = try c.decode(PublicKey.self, forKey: .publicKey)
        secretKey = try c.decode(String.self, forKey: .secretKey)
        amount = try c.decodeIfPresent(String.self, forKey: .amount).map { try NearAmount.parse($0, "amount") } ?? 0
        stake = try NearAmount.decode(c, .stake)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(accountId, forKey: .accountId)
        try c.encode(publicKey, forKey: .publicKey)
        try c.encode(secretKey, forKey: .secretKey)
        try c.encode(String(amount), forKey: .amount)
        try c.encode(String(stake), forKey: .stake)
    }

    /// The signing key, checked against `publicKey`.
    public func signingKey() throws -> SecretKey {
        let key = try SecretKey(secretKey)
        guard key.publicKey == publicKey else {
            throw GenesisError.invalid("validator '\(accountId)': secret_key gives \(key.publicKey), expected public_key \(publicKey)")
        }
        return key
    }

    public var validatorStake: ValidatorStake { ValidatorStake(accountId: accountId, publicKey: publicKey, stake: stake) }
}
