import NearLightClient

/// `query view_account`: balance, locked stake, deployed code hash and storage, at a block.
public struct AccountView: Hashable, Sendable, Decodable {
    /// yoctoNEAR.
    public var amount: UInt128
    /// Staked yoctoNEAR.
    public var locked: UInt128
    /// SHA-256 of the deployed wasm; all zeros (`11111111111111111111111111111111`) when none.
    public var codeHash: CryptoHash
    public var storageUsage: UInt64
    public var blockHeight: UInt64
    public var blockHash: CryptoHash

    enum CodingKeys: String, CodingKey {
        case amount, locked
        case codeHash = "code_hash"
        case storageUsage = "storage_usage"
        case blockHeight = "block_height"
        case blockHash = "block_hash"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        amount = try c.nearU128(.amount)
        locked = try c.nearU128(.locked)
        codeHash = try c.decode(CryptoHash.self, forKey: .codeHash)
        storageUsage = try c.nearU64(.storageUsage)
        blockHeight = try c.nearU64(.blockHeight)
        blockHash = try c.decode(CryptoHash.self, forKey: .blockHash)
    }
}
