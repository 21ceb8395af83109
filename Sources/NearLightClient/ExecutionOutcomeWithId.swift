/// An outcome with the id of the transaction or receipt that produced it; the item of a
/// shard's outcome Merkle tree.
public struct ExecutionOutcomeWithId: Hashable, Sendable {
    public var id: CryptoHash
    public var outcome: ExecutionOutcome

    public init(id: CryptoHash, outcome: ExecutionOutcome) {
        self.id = id
        self.outcome = outcome
    }

    /// nearcore's `to_hashes`: id, SHA-256 of the partial outcome, SHA-256 of each log.
    public var hashes: [CryptoHash] {
        var result = [id, CryptoHash.hash(outcome.partialBorsh)]
        result.reserveCapacity(2 + outcome.logs.count)
        for log in outcome.logs { result.append(CryptoHash.hash(Array(log.utf8))) }
        return result
    }

    /// The Merkle leaf: SHA-256 of the borsh `Vec<CryptoHash>` of `hashes`
    /// (u32 count ‖ the hashes).
    public var leafHash: CryptoHash {
        let hashes = self.hashes
        var writer = BorshWriter(capacity: 4 + 32 * hashes.count)
        writer.write(hashes)
        return CryptoHash.hash(writer.bytes)
    }

    /// A shard's outcome root and one proof per outcome, as nearcore builds them.
    public static func merklize(_ outcomes: [ExecutionOutcomeWithId]) -> (root: CryptoHash, paths: [MerklePath]) {
        MerklePath.merklize(leafHashes: outcomes.map(\.leafHash))
    }

    /// A block's `outcome_root` from its shards' outcome roots (leaf = SHA-256 of each root),
    /// with the per-shard `outcome_root_proof`s.
    public static func blockOutcomeRoot(shardRoots: [CryptoHash]) -> (root: CryptoHash, paths: [MerklePath]) {
        MerklePath.merklize(shardRoots)
    }
}
