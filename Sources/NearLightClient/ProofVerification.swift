/// The intermediate values of a verified `light_client_proof`, for display and for callers that
/// want to bind further facts (e.g. the outcome's block) to the proof.
public struct ProofVerification: Hashable, Sendable {
    public var outcomeLeaf: CryptoHash
    public var shardOutcomeRoot: CryptoHash
    public var outcomeRoot: CryptoHash
    public var blockHash: CryptoHash
    public var blockMerkleRoot: CryptoHash
}
