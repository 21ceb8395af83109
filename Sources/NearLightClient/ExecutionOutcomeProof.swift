/// nearcore's `ExecutionOutcomeWithIdView` as used in `outcome_proof`: the outcome, its id,
/// its path to the shard's outcome root, and the block whose header holds the outcome root.
public struct ExecutionOutcomeProof: Hashable, Sendable, Codable {
    public var proof: MerklePath
    public var blockHash: CryptoHash
    public var id: CryptoHash
    public var outcome: ExecutionOutcome

    public init(proof: MerklePath, blockHash: CryptoHash, id: CryptoHash, outcome: ExecutionOutcome) {
        self.proof = proof
        self.blockHash = blockHash
        self.id = id
        self.outcome = outcome
    }

    enum CodingKeys: String, CodingKey {
        case proof
        case blockHash = "block_hash"
        case id
        case outcome
    }

    public var outcomeWithId: ExecutionOutcomeWithId { ExecutionOutcomeWithId(id: id, outcome: outcome) }
}
