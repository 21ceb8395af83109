/// What a successful `next_light_client_block` validation established.
public struct BlockValidation: Hashable, Sendable {
    public var blockHash: CryptoHash
    public var nextBlockHash: CryptoHash
    public var height: UInt64
    public var epochId: CryptoHash
    /// Sum of the stakes of the epoch's block producers that were counted (nearcore zips
    /// approvals with producers, so this is over the shorter of the two lists).
    public var totalStake: UInt128
    public var approvedStake: UInt128
    public var approvals: Int
    /// Whether the block carried next_bps (and their hash matched next_bp_hash).
    public var checkedNextBlockProducers: Bool
}
