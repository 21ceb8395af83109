import Foundation
import NearLightClient

/// A minimal NEAR-shaped chain for the node's light client: one block producer whose key the
/// test holds, blocks that carry real outcome and block Merkle trees, and light-client blocks
/// signed by that producer. Each `prove` seals an outcome into a new block and returns NEAR's
/// `light_client_proof` for it, together with the `next_light_client_block` that makes a head
/// whose `block_merkle_root` covers that block — the same structures nearcore and the devnet
/// produce, checked by the same NearLightClient code the node runs.
final class ProvingChain: @unchecked Sendable {
    private let producerKey = SecretKey.generate()
    private let producers: [ValidatorStake]
    private let epoch = CryptoHash.hash(Array("epoch-0".utf8))
    private let nextEpoch = CryptoHash.hash(Array("epoch-1".utf8))
    private var height: UInt64 = 100
    /// Hashes of every block so far, in order: the leaves of `block_merkle_root`.
    private var blocks: [CryptoHash] = []
    let genesis: LightClientBlock
    private let lock = NSLock()

    init() {
        producers = [ValidatorStake(accountId: "producer.test", publicKey: producerKey.publicKey, stake: 1_000)]
        let inner = BlockHeaderInnerLite(
            height: height, epochId: epoch, nextEpochId: nextEpoch, prevStateRoot: .zero, outcomeRoot: .zero,
            timestamp: 1_700_000_000_000_000_000, nextBpHash: ValidatorStake.hash(of: producers), blockMerkleRoot: .zero)
        genesis = LightClientBlock(
            prevBlockHash: .zero, nextBlockInnerHash: CryptoHash.hash(Array("next".utf8)), innerLite: inner,
            innerRestHash: CryptoHash.hash(Array("rest".utf8)), nextBlockProducers: producers, approvalsAfterNext: [nil])
        blocks = [genesis.hash]
    }

    /// The light client's trusted start: the genesis block and its epoch's producers.
    var trustedHead: LightClientState { LightClientState(trusting: genesis, currentBlockProducers: producers) }

    /// Seals `outcome` (executed by the receipt `id`) into a new block next to another outcome,
    /// then makes a signed head after it. Returns the proof against that head and the head.
    func prove(_ outcome: ExecutionOutcome, id: CryptoHash = CryptoHash.hash(Array("receipt".utf8))) -> (proof: LightClientExecutionProof, head: LightClientBlock) {
        lock.lock()
        defer { lock.unlock() }
        let other = ExecutionOutcomeWithId(
            id: CryptoHash.hash(Array("other".utf8)),
            outcome: ExecutionOutcome(logs: [], receiptIds: [], gasBurnt: 1, tokensBurnt: 0, executorId: "other.test", status: .successValue([])))
        let proven = ExecutionOutcomeWithId(id: id, outcome: outcome)
        let (shardRoot, outcomePaths) = ExecutionOutcomeWithId.merklize([other, proven])
        let (outcomeRoot, shardPaths) = ExecutionOutcomeWithId.blockOutcomeRoot(shardRoots: [shardRoot])

        height += 1
        let block = LightClientBlockLite(
            prevBlockHash: blocks.last!, innerRestHash: CryptoHash.hash(Array("rest-\(height)".utf8)),
            innerLite: inner(height: height, outcomeRoot: outcomeRoot, blockMerkleRoot: MerklePath.merklize(leafHashes: blocks).root))
        blocks.append(block.hash)
        let blockIndex = blocks.count - 1
        let (root, blockPaths) = MerklePath.merklize(leafHashes: blocks)

        height += 1
        let head = signed(inner(height: height, outcomeRoot: .zero, blockMerkleRoot: root), prev: block.hash)
        blocks.append(head.hash)
        let proof = LightClientExecutionProof(
            outcomeProof: ExecutionOutcomeProof(proof: outcomePaths[1], blockHash: block.hash, id: id, outcome: outcome),
            outcomeRootProof: shardPaths[0], blockHeaderLite: block, blockProof: blockPaths[blockIndex])
        return (proof, head)
    }

    /// A light-client block whose approvals are signed by a key that is not the producer's.
    func forgedHead() -> LightClientBlock {
        lock.lock()
        defer { lock.unlock() }
        var head = signed(inner(height: height + 1, outcomeRoot: .zero, blockMerkleRoot: .zero), prev: blocks.last!)
        let message = LightClientBlock.approvalMessage(endorsing: head.nextBlockHash, targetHeight: head.innerLite.height + 2)
        head.approvalsAfterNext = [try! SecretKey.generate().sign(message)]
        return head
    }

    private func inner(height: UInt64, outcomeRoot: CryptoHash, blockMerkleRoot: CryptoHash) -> BlockHeaderInnerLite {
        BlockHeaderInnerLite(
            height: height, epochId: epoch, nextEpochId: nextEpoch, prevStateRoot: .zero, outcomeRoot: outcomeRoot,
            timestamp: 1_700_000_000_000_000_000 + height, nextBpHash: ValidatorStake.hash(of: producers), blockMerkleRoot: blockMerkleRoot)
    }

    private func signed(_ inner: BlockHeaderInnerLite, prev: CryptoHash) -> LightClientBlock {
        var block = LightClientBlock(
            prevBlockHash: prev, nextBlockInnerHash: CryptoHash.hash(Array("next-\(inner.height)".utf8)), innerLite: inner,
            innerRestHash: CryptoHash.hash(Array("rest-\(inner.height)".utf8)), nextBlockProducers: nil, approvalsAfterNext: [])
        block.approvalsAfterNext = [try! producerKey.sign(block.approvalMessage)]
        return block
    }
}
