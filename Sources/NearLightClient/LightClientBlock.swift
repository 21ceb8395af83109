/// nearcore's `LightClientBlockView`, the result of `next_light_client_block`: a header, the
/// hash of the next block's inner part, and the approvals (from the block after next) that
/// endorse the next block. Producers (devnet) fill it; `LightClientState` validates it.
public struct LightClientBlock: Hashable, Sendable {
    public var prevBlockHash: CryptoHash
    public var nextBlockInnerHash: CryptoHash
    public var innerLite: BlockHeaderInnerLite
    public var innerRestHash: CryptoHash
    /// Block producers of the next epoch; present on the last block of an epoch.
    public var nextBlockProducers: [ValidatorStake]?
    /// One entry per block producer of this block's epoch, in order; `nil` where it did not approve.
    public var approvalsAfterNext: [Signature?]

    public init(
        prevBlockHash: CryptoHash, nextBlockInnerHash: CryptoHash, innerLite: BlockHeaderInnerLite,
        innerRestHash: CryptoHash, nextBlockProducers: [ValidatorStake]?, approvalsAfterNext: [Signature?]
    ) {
        self.prevBlockHash = prevBlockHash
        self.nextBlockInnerHash = nextBlockInnerHash
        self.innerLite = innerLite
        self.innerRestHash = innerRestHash
        self.nextBlockProducers = nextBlockProducers
        self.approvalsAfterNext = approvalsAfterNext
    }

    public var lite: LightClientBlockLite {
        LightClientBlockLite(prevBlockHash: prevBlockHash, innerRestHash: innerRestHash, innerLite: innerLite)
    }

    public var hash: CryptoHash { lite.hash }

    /// The next block's hash: combine(next_block_inner_hash, this block's hash).
    public var nextBlockHash: CryptoHash { CryptoHash.combine(nextBlockInnerHash, hash) }

    /// The 41 bytes the approvals sign.
    public var approvalMessage: [UInt8] {
        Self.approvalMessage(endorsing: nextBlockHash, targetHeight: innerLite.height &+ 2)
    }

    /// borsh(ApprovalInner::Endorsement(next_block_hash)) ‖ u64le(target height): what a block
    /// producer signs to endorse `nextBlockHash` from the block at `targetHeight` (this
    /// block's height + 2, since approvals come from the block after next).
    public static func approvalMessage(endorsing nextBlockHash: CryptoHash, targetHeight: UInt64) -> [UInt8] {
        var writer = BorshWriter(capacity: 41)
        writer.write(UInt8(0))
        writer.write(nextBlockHash)
        writer.write(targetHeight)
        return writer.bytes
    }
}

extension LightClientBlock: Codable {
    enum CodingKeys: String, CodingKey {
        case prevBlockHash = "prev_block_hash"
        case nextBlockInnerHash = "next_block_inner_hash"
        case innerLite = "inner_lite"
        case innerRestHash = "inner_rest_hash"
        case nextBlockProducers = "next_bps"
        case approvalsAfterNext = "approvals_after_next"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        prevBlockHash = try c.decode(CryptoHash.self, forKey: .prevBlockHash)
        nextBlockInnerHash = try c.decode(CryptoHash.self, forKey: .nextBlockInnerHash)
        innerLite = try c.decode(BlockHeaderInnerLite.self, forKey: .innerLite)
        innerRestHash = try c.decode(CryptoHash.self, forKey: .innerRestHash)
        nextBlockProducers = try c.decodeIfPresent([ValidatorStake].self, forKey: .nextBlockProducers)
        approvalsAfterNext = try c.decode([Signature?].self, forKey: .approvalsAfterNext)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(prevBlockHash, forKey: .prevBlockHash)
        try c.encode(nextBlockInnerHash, forKey: .nextBlockInnerHash)
        try c.encode(innerLite, forKey: .innerLite)
        try c.encode(innerRestHash, forKey: .innerRestHash)
        try c.encode(nextBlockProducers, forKey: .nextBlockProducers)
        try c.encode(approvalsAfterNext, forKey: .approvalsAfterNext)
    }
}
