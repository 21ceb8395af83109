/// A NEAR light client's state: the verified head and the block producers of the epochs it
/// knows (nearcore's `epoch_block_producers_map`). `advance(to:)` applies nearcore's
/// `validate_light_client_block` rules and moves the head forward.
public struct LightClientState: Sendable {
    public private(set) var head: BlockHeaderInnerLite
    public private(set) var headHash: CryptoHash
    public private(set) var blockProducers: [CryptoHash: [ValidatorStake]]

    public init(head: BlockHeaderInnerLite, headHash: CryptoHash, blockProducers: [CryptoHash: [ValidatorStake]]) {
        self.head = head
        self.headHash = headHash
        self.blockProducers = blockProducers
    }

    /// Starts from a block trusted by other means (a checkpoint); its next_bps become the
    /// producers of its next epoch.
    public init(trusting block: LightClientBlock, currentBlockProducers: [ValidatorStake]? = nil) {
        head = block.innerLite
        headHash = block.hash
        blockProducers = [:]
        if let currentBlockProducers { blockProducers[block.innerLite.epochId] = currentBlockProducers }
        if let next = block.nextBlockProducers { blockProducers[block.innerLite.nextEpochId] = next }
    }

    /// Checks `block` against the head without changing the state, in nearcore's order:
    /// height, epoch, next_bps presence, approvals (signatures and > 2/3 of stake), next_bp_hash.
    public func validate(_ block: LightClientBlock) throws(LightClientError) -> BlockValidation {
        let inner = block.innerLite
        guard inner.height > head.height else { throw .heightNotAhead(height: inner.height, headHeight: head.height) }
        guard inner.epochId == head.epochId || inner.epochId == head.nextEpochId else {
            throw .unknownEpoch(inner.epochId, headEpoch: head.epochId, headNextEpoch: head.nextEpochId)
        }
        if inner.epochId == head.nextEpochId && block.nextBlockProducers == nil {
            throw .missingNextBlockProducers(epoch: inner.epochId)
        }
        guard let producers = blockProducers[inner.epochId] else { throw .noBlockProducers(epoch: inner.epochId) }

        let blockHash = block.hash
        let nextBlockHash = CryptoHash.combine(block.nextBlockInnerHash, blockHash)
        let message = LightClientBlock.approvalMessage(endorsing: nextBlockHash, targetHeight: inner.height &+ 2)
        var total: UInt128 = 0
        var approved: UInt128 = 0
        var approvals = 0
        for (index, (signature, producer)) in zip(block.approvalsAfterNext, producers).enumerated() {
            let (sum, overflow) = total.addingReportingOverflow(producer.stake)
            guard !overflow else { throw .stakeOverflow }
            total = sum
            guard let signature else { continue }
            approved += producer.stake  // approved ≤ total, so it cannot overflow
            approvals += 1
            guard producer.publicKey.verify(signature, for: message) else {
                throw .invalidApproval(index: index, accountId: producer.accountId)
            }
        }
        // nearcore: approved_stake > total_stake * 2 / 3 (integer division).
        let (doubled, overflow) = total.multipliedReportingOverflow(by: 2)
        guard !overflow else { throw .stakeOverflow }
        guard approved > doubled / 3 else { throw .insufficientStake(approved: approved, total: total) }

        if let next = block.nextBlockProducers {
            let computed = ValidatorStake.hash(of: next)
            guard computed == inner.nextBpHash else {
                throw .nextBlockProducersHashMismatch(computed: computed, expected: inner.nextBpHash)
            }
        }
        return BlockValidation(
            blockHash: blockHash, nextBlockHash: nextBlockHash, height: inner.height, epochId: inner.epochId,
            totalStake: total, approvedStake: approved, approvals: approvals,
            checkedNextBlockProducers: block.nextBlockProducers != nil)
    }

    /// Validates `block` and, if it passes, makes it the head and records its next_bps.
    @discardableResult
    public mutating func advance(to block: LightClientBlock) throws(LightClientError) -> BlockValidation {
        let result = try validate(block)
        head = block.innerLite
        headHash = result.blockHash
        if let next = block.nextBlockProducers { blockProducers[block.innerLite.nextEpochId] = next }
        return result
    }
}
