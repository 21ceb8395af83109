import NearLightClient

/// The node's view of the chain: a NEAR light client (``LightClientState``) started from a block
/// the operator trusts and advanced only by `next_light_client_block` results that pass
/// nearcore's validation (producer signatures over > 2/3 of the stake, the next producers'
/// hash). Blocks and proofs come from untrusted callers or an untrusted RPC; nothing here
/// believes them before checking them against this head.
///
/// A proof may be requested against any of the last ``rememberedHeads`` heads, not only the
/// newest: the head moves whenever any caller (or the feed) advances it, which may happen between
/// a payer reading the head and her proof arriving. Every one of those heads was validated, and
/// its merkle root covers every block before it, so an older one proves as much.
struct LightClientHead: Sendable {
    static let rememberedHeads = 32

    private(set) var state: LightClientState
    /// The `block_merkle_root` of the newest heads, newest first (the current one included).
    private var roots: [CryptoHash]

    init(_ state: LightClientState) {
        self.state = state
        roots = [state.head.blockMerkleRoot]
    }

    /// Applies `blocks` in order. Blocks at or below the head are skipped (a retried request
    /// carries blocks the node already applied); any other invalid block refuses the lot.
    mutating func advance(through blocks: [LightClientBlock]) throws(APIError) {
        for block in blocks where block.innerLite.height > state.head.height {
            do { try state.advance(to: block) } catch {
                throw .invalidLightClientBlock("light client block at height \(block.innerLite.height) refused: \(error.description)")
            }
            roots.insert(state.head.blockMerkleRoot, at: 0)
            if roots.count > Self.rememberedHeads { roots.removeLast() }
        }
    }

    /// Verifies a `light_client_proof` result against a remembered head's `block_merkle_root` and
    /// returns the proven outcome. The proof must have been requested with `light_client_head` =
    /// this head (``hash``) or one of the ``rememberedHeads`` before it.
    func prove(_ proof: LightClientExecutionProof) throws(APIError) -> ExecutionOutcome {
        do {
            _ = try proof.verify(blockMerkleRoot: state.head.blockMerkleRoot)
        } catch .blockMerkleRootMismatch(let computed, _) where roots.contains(computed) {
            // Everything else checked out; the block proof leads to an earlier head's root.
        } catch {
            throw .invalidProof("\(error.description); expected a light_client_proof requested with light_client_head \(hash) (height \(height)), "
                + "this node's head, or one of the \(roots.count - 1) heads before it")
        }
        return proof.outcomeProof.outcome
    }

    var hash: CryptoHash { state.headHash }
    var height: UInt64 { state.head.height }
}

/// Fetches `next_light_client_block` after a head, from the RPC the operator configured
/// (untrusted: the node validates what it returns); nil when there is nothing newer.
public typealias LightClientFeed = @Sendable (_ after: CryptoHash) async throws -> LightClientBlock?
