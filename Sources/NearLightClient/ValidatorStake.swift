/// A block producer and its stake (nearcore's `ValidatorStake` V1 / `ValidatorStakeView`).
///
/// Borsh (as hashed into `next_bp_hash`): tag 0 (V1) ‖ account id ‖ public key ‖ u128 stake.
/// JSON: `{"validator_stake_struct_version": "V1", "account_id", "public_key", "stake": "<decimal>"}`.
public struct ValidatorStake: Hashable, Sendable {
    public var accountId: String
    public var publicKey: PublicKey
    /// Stake in yoctoNEAR.
    public var stake: UInt128

    public init(accountId: String, publicKey: PublicKey, stake: UInt128) {
        self.accountId = accountId
        self.publicKey = publicKey
        self.stake = stake
    }

    /// `next_bp_hash` of a block: SHA-256 of the borsh `Vec<ValidatorStake>` of the next epoch.
    public static func hash(of producers: [ValidatorStake]) -> CryptoHash {
        var writer = BorshWriter(capacity: producers.count * 80 + 4)
        writer.write(producers)
        return CryptoHash.hash(writer.bytes)
    }
}

extension ValidatorStake: BorshCodable {
    public func encode(to writer: inout BorshWriter) {
        writer.write(UInt8(0))
        writer.write(accountId)
        writer.write(publicKey)
        writer.write(stake)
    }

    public init(from reader: inout BorshReader) throws(BorshError) {
        let tag = try reader.readU8("validator stake version")
        guard tag == 0 else { throw .invalidEnumTag(type: "ValidatorStake (only V1 = 0 is supported)", tag: tag) }
        accountId = try reader.readString("validator account id")
        publicKey = try reader.read()
        stake = try reader.readU128("validator stake")
    }
}

extension ValidatorStake: Codable {
    enum CodingKeys: String, CodingKey {
        case version = "validator_stake_struct_version"
        case accountId = "account_id"
        case publicKey = "public_key"
        case stake
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        if let version = try c.decodeIfPresent(String.self, forKey: .version), version != "V1" {
            throw DecodingError.dataCorruptedError(
                forKey: .version, in: c,
                debugDescription: "validator_stake_struct_version is '\(version)', expected 'V1'")
        }
        accountId = try c.decode(String.self, forKey: .accountId)
        publicKey = try c.decode(PublicKey.self, forKey: .publicKey)
        stake = try c.decodeNearU128(forKey: .stake)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode("V1", forKey: .version)
        try c.encode(accountId, forKey: .accountId)
        try c.encode(publicKey, forKey: .publicKey)
        try c.encodeNearU128(stake, forKey: .stake)
    }
}
