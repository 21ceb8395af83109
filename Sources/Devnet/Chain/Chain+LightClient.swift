import NearLightClient

/// The light-client views (`light_client_proof`, `next_light_client_block`) built exactly the
/// way nearcore builds them, so `NearLightClient`'s verifier accepts them.
extension Chain {
    /// NEAR's `light_client_proof`: the outcome, its path to the block's outcome root, the
    /// block's header, and the block's path to `head`'s `block_merkle_root`.
    public func lightClientProof(_ reference: OutcomeReference, head headHash: CryptoHash) throws -> LightClientExecutionProof {
        guard let headHeight = header(hash: headHash)?.height else { throw ChainError.unknownBlock(headHash.base58) }
        let location: TxLocation
        let outcome: ExecutionOutcomeWithId
        let path: MerklePath
        switch reference {
        case .transaction(let hash, let sender):
            guard let found = try transaction(hash), found.transaction.transaction.signerId == sender else {
                throw ChainError.unknownTransaction(hash)
            }
            location = found
            outcome = found.execution.transactionOutcome
            path = found.transactionPath
        case .receipt(let id, let receiver):
            guard let found = try receipt(id), let receipt = found.receiptOutcome(id), receipt.outcome.outcome.executorId == receiver else {
                throw ChainError.unknownReceipt(id)
            }
            location = found
            outcome = receipt.outcome
            path = receipt.path
        }
        let height = location.header.height
        guard height < headHeight else { throw ChainError.proofHeadTooOld(outcomeHeight: height, headHeight: headHeight) }
        return LightClientExecutionProof(
            outcomeProof: ExecutionOutcomeProof(proof: path, blockHash: location.header.hash, id: outcome.id, outcome: outcome.outcome),
            outcomeRootProof: MerklePath(),
            blockHeaderLite: location.header.lite,
            blockProof: blockProof(height: height, headHeight: headHeight))
    }

    /// Path of block `height` in the tree whose root is block `headHeight`'s `block_merkle_root`.
    public func blockProof(height: UInt64, headHeight: UInt64) -> MerklePath {
        blockForestPath(leaf: Int(height), size: Int(headHeight))
    }

    /// NEAR's `next_light_client_block`: for a client whose head is `lastHash`, the final block
    /// of the chain if it is in the client's epoch or the next one, otherwise the last block of
    /// the client's next epoch (so a client crosses one epoch per step). Nil when nothing newer
    /// is final.
    public func nextLightClientBlock(after lastHash: CryptoHash) throws -> LightClientBlock? {
        guard let last = header(hash: lastHash) else { throw ChainError.unknownBlock(lastHash.base58) }
        guard head.height >= 2 else { return nil }
        let final = headers[Int(head.height - 2)]
        if final.innerLite.epochId == last.innerLite.epochId || final.innerLite.epochId == last.innerLite.nextEpochId {
            return final.height > last.height ? lightClientBlock(height: final.height) : nil
        }
        // The last block of the epoch whose id is the client's next epoch id.
        let nextEpochIndex = epochIndex(ofId: last.innerLite.nextEpochId)
        return lightClientBlock(height: schedule.lastHeight(ofEpoch: nextEpochIndex))
    }

    /// The light-client block of `height` (needs blocks height + 1 and height + 2): the next
    /// block's inner hash and the approvals carried by the block after next.
    public func lightClientBlock(height: UInt64) -> LightClientBlock? {
        guard height + 2 <= head.height else { return nil }
        let block = headers[Int(height)]
        return LightClientBlock(
            prevBlockHash: block.prevHash, nextBlockInnerHash: headers[Int(height + 1)].innerHash,
            innerLite: block.innerLite, innerRestHash: block.innerRestHash,
            nextBlockProducers: producers.stakes, approvalsAfterNext: headers[Int(height + 2)].innerRest.approvals)
    }

    /// The producers of every epoch (constant on the devnet).
    public nonisolated var blockProducers: [ValidatorStake] { genesis.validators.map(\.validatorStake) }

    func epochIndex(ofId id: CryptoHash) -> UInt64 {
        guard id != .zero, let height = header(hash: id)?.height else { return 0 }
        return height / schedule.length + 1
    }
}
