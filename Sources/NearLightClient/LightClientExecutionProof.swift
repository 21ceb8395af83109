/// The result of NEAR's `light_client_proof` (`EXPERIMENTAL_light_client_proof`): an outcome,
/// its path to the block's outcome root, the block's header, and the block's path to the
/// light client head's `block_merkle_root`.
public struct LightClientExecutionProof: Hashable, Sendable, Codable {
    public var outcomeProof: ExecutionOutcomeProof
    public var outcomeRootProof: MerklePath
    public var blockHeaderLite: LightClientBlockLite
    public var blockProof: MerklePath

    public init(
        outcomeProof: ExecutionOutcomeProof, outcomeRootProof: MerklePath,
        blockHeaderLite: LightClientBlockLite, blockProof: MerklePath
    ) {
        self.outcomeProof = outcomeProof
        self.outcomeRootProof = outcomeRootProof
        self.blockHeaderLite = blockHeaderLite
        self.blockProof = blockProof
    }

    enum CodingKeys: String, CodingKey {
        case outcomeProof = "outcome_proof"
        case outcomeRootProof = "outcome_root_proof"
        case blockHeaderLite = "block_header_lite"
        case blockProof = "block_proof"
    }

    /// Verifies the proof against a trusted head's `block_merkle_root`, as nearcore does:
    /// 1. shard root = fold(outcome_proof.proof, outcome leaf);
    /// 2. fold(outcome_root_proof, sha256(shard root)) == block_header_lite.inner_lite.outcome_root;
    /// 3. the header hashes to outcome_proof.block_hash;
    /// 4. fold(block_proof, block hash) == `blockMerkleRoot`.
    public func verify(blockMerkleRoot: CryptoHash) throws(LightClientError) -> ProofVerification {
        let leaf = outcomeProof.outcomeWithId.leafHash
        let shardRoot = outcomeProof.proof.computeRoot(leafHash: leaf)
        let shardRootLeaf = withUnsafeBytes(of: shardRoot.storage) { CryptoHash.hash($0) }
        let outcomeRoot = outcomeRootProof.computeRoot(leafHash: shardRootLeaf)
        let headerOutcomeRoot = blockHeaderLite.innerLite.outcomeRoot
        guard outcomeRoot == headerOutcomeRoot else {
            throw .outcomeRootMismatch(computed: outcomeRoot, header: headerOutcomeRoot)
        }
        let blockHash = blockHeaderLite.hash
        guard blockHash == outcomeProof.blockHash else {
            throw .blockHashMismatch(computed: blockHash, claimed: outcomeProof.blockHash)
        }
        let root = blockProof.computeRoot(leafHash: blockHash)
        guard root == blockMerkleRoot else { throw .blockMerkleRootMismatch(computed: root, expected: blockMerkleRoot) }
        return ProofVerification(
            outcomeLeaf: leaf, shardOutcomeRoot: shardRoot, outcomeRoot: outcomeRoot,
            blockHash: blockHash, blockMerkleRoot: root)
    }
}
